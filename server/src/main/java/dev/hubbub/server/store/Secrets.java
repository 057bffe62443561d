package dev.hubbub.server.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/** Tokens and link codes as every directory makes and keeps them: random, and stored only as hashes. */
final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Link codes use letters and digits that cannot be mistaken for each other when read aloud or typed. */
    private static final String CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    private Secrets() {
    }

    /** 256 random bits, URL-safe. */
    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * A new person's key: {@code ~} and 128 random bits in hex. Stable for the person's life, whatever becomes of the
     * name they claimed; the {@code ~} keeps it apart from the keys of names (which are the keys of those who claimed
     * a name before persons existed, and of names nobody claimed).
     */
    static String newPersonKey() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "~" + java.util.HexFormat.of().formatHex(bytes);
    }

    /** A code to read aloud or type on another device: {@code ABCD-EF23}. */
    static String newLinkCode() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == 4) {
                code.append('-');
            }
            code.append(CODE_ALPHABET.charAt(RANDOM.nextInt(CODE_ALPHABET.length())));
        }
        return code.toString();
    }

    /** Codes are read by people: case, spaces and dashes do not matter. */
    static String normalizeCode(String code) {
        return code.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
    }

    /** What is kept of a token or a code: its SHA-256, in hex. */
    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
