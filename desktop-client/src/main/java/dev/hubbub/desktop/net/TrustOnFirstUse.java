package dev.hubbub.desktop.net;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.internal.tls.OkHostnameVerifier;

/**
 * How the app trusts a room's HTTPS: a certificate an authority signed is checked as browsers check it; a room's own
 * certificate (what {@code hubbub serve --tls} makes) is trusted for its {@code host:port} once the user accepted its
 * fingerprint, and refused with {@link UntrustedCertificateException} before that or when it changes. A pinned
 * certificate stands for its host name too: a room reached by a name its certificate does not list (a new DHCP
 * address, an mDNS name) is still the room the user accepted.
 */
public final class TrustOnFirstUse extends X509ExtendedTrustManager implements HostnameVerifier {
    private final X509TrustManager authorities;
    private final KnownCertificates known;

    public TrustOnFirstUse(KnownCertificates known) {
        this.known = known;
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            X509TrustManager found = null;
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    found = x509;
                }
            }
            this.authorities = found;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no trust store", e);
        }
    }

    /** An OkHttp client that trusts this way. */
    public OkHttpClient.Builder applyTo(OkHttpClient.Builder builder) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {this}, null);
            return builder.sslSocketFactory(context.getSocketFactory(), this).hostnameVerifier(this);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available", e);
        }
    }

    public static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        SSLSession session = socket instanceof SSLSocket ssl ? ssl.getHandshakeSession() : null;
        check(chain, authType, session == null ? hostAndPort(socket.getInetAddress().getHostAddress(),
                socket.getPort()) : hostAndPort(session.getPeerHost(), session.getPeerPort()));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain, authType, hostAndPort(engine.getPeerHost(), engine.getPeerPort()));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the room's address is needed to check its certificate");
    }

    private void check(X509Certificate[] chain, String authType, String hostAndPort) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the room sent no certificate");
        }
        try {
            authorities.checkServerTrusted(chain, authType);
            return;
        } catch (CertificateException notSignedByAnAuthority) {
            // a room's own certificate: trust it only as the user accepted it
        }
        chain[0].checkValidity();
        String fingerprint = fingerprint(chain[0]);
        String accepted = known.fingerprintOf(hostAndPort).orElse(null);
        if (!fingerprint.equals(accepted)) {
            throw new UntrustedCertificateException(hostAndPort, fingerprint, accepted);
        }
    }

    @Override
    public boolean verify(String host, SSLSession session) {
        if (OkHostnameVerifier.INSTANCE.verify(host, session)) {
            return true;
        }
        try {
            X509Certificate leaf = (X509Certificate) session.getPeerCertificates()[0];
            String accepted = known.fingerprintOf(hostAndPort(host, session.getPeerPort())).orElse(null);
            return fingerprint(leaf).equals(accepted);
        } catch (SSLPeerUnverifiedException | ClassCastException e) {
            return false;
        }
    }

    static String hostAndPort(String host, int port) {
        String name = host == null ? "?" : host.toLowerCase(Locale.ROOT);
        return (name.contains(":") && !name.startsWith("[") ? "[" + name + "]" : name) + ":" + port;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("the app does not take client connections");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("the app does not take client connections");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the app does not take client connections");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return authorities.getAcceptedIssuers();
    }
}
