package dev.hubbub.desktop.net;

import java.security.cert.CertificateException;
import java.util.Optional;

/**
 * A room served a certificate that no authority signed and the user has not accepted for it: new (ask the user,
 * showing its fingerprint), or different from the one accepted before (refuse, and warn).
 */
public final class UntrustedCertificateException extends CertificateException {
    private static final long serialVersionUID = 1L;

    private final String hostAndPort;
    private final String fingerprint;
    private final String previous;

    UntrustedCertificateException(String hostAndPort, String fingerprint, String previous) {
        super(previous == null
                ? "the room at " + hostAndPort + " uses a certificate of its own, with SHA-256 fingerprint "
                        + fingerprint
                : "the certificate of the room at " + hostAndPort + " has changed since you accepted it (it was "
                        + previous + ", it is now " + fingerprint + ")");
        this.hostAndPort = hostAndPort;
        this.fingerprint = fingerprint;
        this.previous = previous;
    }

    public String hostAndPort() {
        return hostAndPort;
    }

    public String fingerprint() {
        return fingerprint;
    }

    /** The fingerprint accepted before, when the certificate changed since. */
    public Optional<String> previous() {
        return Optional.ofNullable(previous);
    }

    /** The first one in a failure's causes, if any. */
    public static Optional<UntrustedCertificateException> in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UntrustedCertificateException untrusted) {
                return Optional.of(untrusted);
            }
        }
        return Optional.empty();
    }
}
