package dev.hubbub.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The keystore HTTPS serves from: one the host provides, or a self-signed certificate made on first run in the data
 * directory ({@code tls/hubbub.p12}, password beside it in {@code tls/password}, both readable by their owner only)
 * with this machine's names and LAN addresses, kept for later runs so browsers that accepted it once keep accepting
 * it.
 *
 * <p>The certificate is made by the JDK's own {@code keytool}, so Hubbub needs no crypto library.
 */
public record TlsCertificate(Path keystore, String password, String sha256Fingerprint) {
    private static final String PASSWORD_VARIABLE = "HUBBUB_KEYTOOL_PASSWORD";

    static TlsCertificate provided(Path keystore, String password) {
        if (!Files.isReadable(keystore)) {
            throw new IllegalArgumentException("cannot read the keystore " + keystore);
        }
        return new TlsCertificate(keystore, password, fingerprint(keystore, password));
    }

    static TlsCertificate selfSigned(DataDirectory data) throws IOException {
        Path dir = data.privateDirectory("tls");
        Path keystore = dir.resolve("hubbub.p12");
        Path passwordFile = dir.resolve("password");
        if (Files.exists(keystore) && Files.exists(passwordFile)) {
            DataDirectory.createPrivateFile(passwordFile);
            DataDirectory.createPrivateFile(keystore);
            String password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
            return new TlsCertificate(keystore, password, fingerprint(keystore, password));
        }
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        DataDirectory.createPrivateFile(passwordFile);
        Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
        // keytool makes its file with the process's umask; it does so inside the 0700 directory, under a name
        // nothing reads, and the file is restricted before it takes its real name.
        Path making = dir.resolve("hubbub.p12.new");
        Files.deleteIfExists(making);
        generate(making, password);
        try {
            Files.setPosixFilePermissions(making, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the profile directory is private already
        }
        Files.move(making, keystore, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new TlsCertificate(keystore, password, fingerprint(keystore, password));
    }

    private static void generate(Path keystore, String password) throws IOException {
        String host = InetAddress.getLocalHost().getHostName();
        List<String> names = new ArrayList<>(List.of("dns:localhost", "ip:127.0.0.1", "dns:" + host));
        LanAddresses.list().forEach(a -> names.add("ip:" + LanAddresses.forUrl(a).replace("[", "").replace("]", "")));
        Path keytool = Path.of(System.getProperty("java.home"), "bin",
                System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("win") ? "keytool.exe" : "keytool");
        // The password goes through the environment, never the command line, where any user could read it (ps).
        List<String> command = List.of(keytool.toString(), "-genkeypair", "-alias", "hubbub",
                "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-validity", "825",
                "-dname", "CN=Hubbub on " + host, "-ext", "SAN=" + String.join(",", names),
                "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass:env", PASSWORD_VARIABLE, "-keypass:env", PASSWORD_VARIABLE);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(PASSWORD_VARIABLE, password);
        Process process = builder.start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool could not make a certificate: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making a certificate", e);
        }
    }

    private static String fingerprint(Path keystore, String password) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(in, password == null ? null : password.toCharArray());
            for (String alias : java.util.Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    Certificate certificate = store.getCertificate(alias);
                    byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
                    return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
                }
            }
            throw new IllegalArgumentException("the keystore " + keystore + " holds no private key");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the keystore " + keystore + ": " + e.getMessage(), e);
        }
    }
}
