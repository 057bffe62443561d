package dev.hubbub.desktop.net;

import dev.hubbub.desktop.PropertiesFile;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The certificates of rooms that serve HTTPS with a certificate of their own, trusted on first use: for each
 * {@code host:port}, the SHA-256 fingerprint the user accepted, in {@code known-rooms.properties}. Thread-safe.
 */
public final class KnownCertificates {
    private final PropertiesFile file;
    private final Properties fingerprints;

    public KnownCertificates(Path configDir) {
        this.file = new PropertiesFile(configDir.resolve("known-rooms.properties"),
                "Hubbub: certificates of rooms you chose to trust (host:port = SHA-256)");
        this.fingerprints = file.load();
    }

    /** Where they are kept, for telling the user how to forget one. */
    public Path file() {
        return file.path();
    }

    public synchronized Optional<String> fingerprintOf(String hostAndPort) {
        return Optional.ofNullable(fingerprints.getProperty(hostAndPort));
    }

    public synchronized void trust(String hostAndPort, String fingerprint) {
        fingerprints.setProperty(hostAndPort, fingerprint);
        file.save(fingerprints);
    }
}
