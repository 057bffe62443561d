package dev.hubbub.server.http;

import dev.hubbub.chat.InvalidMessageException;
import dev.hubbub.chat.Sentence;
import dev.hubbub.server.Refused;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.eclipse.jetty.http.HttpStatus;

/**
 * Passphrases, kept as Argon2id hashes (BouncyCastle's, pure Java) in the PHC string form
 * {@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}, with OWASP's recommended cost (19 MiB, two passes): about a
 * tenth of a second here, and as much memory for each guess on whatever hardware guesses.
 *
 * <p>Hashing is slow and takes memory on purpose, so at most {@link #AT_ONCE} hashes run at once (per server), and
 * the turns are shared fairly between client addresses ({@link AddressTurns}): the requests from one address wait for
 * each other, in order, so an address has one hash at most waiting for a core or under way, and a flood from one
 * address (200 names setting a passphrase at once) delays someone else's sign-in by a hash at most, while two people
 * behind one address (or one IPv6 /64) both get in, one after the other. A request whose turn has not come within
 * {@link #WAIT_SECONDS} (waiting for its address's turn and a core together) is refused (503) rather than queued
 * without end.
 * The sign-in's rate limits (per name and per address) stop guessing long before this does.
 *
 * <p>Thread-safe; {@link #hash} and {@link #matches} block (call them off Jetty's selector threads).
 */
final class Passphrases {
    /** The fewest and most characters of a passphrase. */
    static final int MIN_LENGTH = 8;
    static final int MAX_LENGTH = 200;
    static final int AT_ONCE = Math.max(1, Runtime.getRuntime().availableProcessors());
    static final int WAIT_SECONDS = 5;
    private static final int MEMORY_KB = 19 * 1024;
    private static final int PASSES = 2;
    /** What {@link #matches} accepts of a kept hash's cost: a damaged or hostile store cannot make one take a gigabyte. */
    private static final int MOST_MEMORY_KB = 256 * 1024;
    private static final int MOST_PASSES = 10;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder UNB64 = Base64.getDecoder();
    private final Semaphore turns = new Semaphore(AT_ONCE, true);
    private final AddressTurns byAddress = new AddressTurns();

    /** Refuses a passphrase too short or too long, with a sentence to show. */
    static String checked(String passphrase) {
        int length = passphrase == null ? 0 : passphrase.codePointCount(0, passphrase.length());
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new InvalidMessageException(Sentence.of("server.passphraseLength", "min", MIN_LENGTH,
                    "max", MAX_LENGTH));
        }
        return passphrase;
    }

    /**
     * The kept form of a new passphrase, with a new random salt. Blocks for about a tenth of a second.
     *
     * @param address the client's address key ({@link AddressKey}), whose turn it takes
     * @throws Refused 503 when its turn did not come in time
     */
    String hash(String address, String passphrase) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] hash = argon2(address, passphrase, salt, MEMORY_KB, PASSES, 32);
        return "$argon2id$v=19$m=" + MEMORY_KB + ",t=" + PASSES + ",p=1$" + B64.encodeToString(salt) + "$"
                + B64.encodeToString(hash);
    }

    /**
     * Whether {@code passphrase} is the one {@code kept} was made from (compared in constant time). A kept form this
     * class cannot read matches nothing. Blocks, and is refused, as {@link #hash} is.
     */
    boolean matches(String address, String passphrase, String kept) {
        String[] parts = kept.split("\\$");
        if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
            return false;
        }
        int memory;
        int passes;
        try {
            String[] cost = parts[3].split(",");
            memory = Integer.parseInt(cost[0].substring("m=".length()));
            passes = Integer.parseInt(cost[1].substring("t=".length()));
            if (!cost[2].equals("p=1") || memory < 8 || memory > MOST_MEMORY_KB || passes < 1 || passes > MOST_PASSES) {
                return false;
            }
            byte[] salt = UNB64.decode(parts[4]);
            byte[] expected = UNB64.decode(parts[5]);
            return MessageDigest.isEqual(expected, argon2(address, passphrase, salt, memory, passes,
                    expected.length));
        } catch (Refused busy) {
            throw busy;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private byte[] argon2(String address, String passphrase, byte[] salt, int memoryKb, int passes, int length) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        try {
            if (!byAddress.take(address, deadline)) {
                throw busy();
            }
            try {
                if (!turns.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                    throw busy();
                }
                try {
                    return argon2(passphrase, salt, memoryKb, passes, length);
                } finally {
                    turns.release();
                }
            } finally {
                byAddress.give(address);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        }
    }

    private static Refused busy() {
        return new Refused(HttpStatus.SERVICE_UNAVAILABLE_503, Sentence.of("server.passphraseBusy"));
    }

    private static byte[] argon2(String passphrase, byte[] salt, int memoryKb, int passes, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withIterations(passes).withMemoryAsKB(memoryKb)
                .withParallelism(1).withSalt(salt).build());
        byte[] out = new byte[length];
        generator.generateBytes(passphrase.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
