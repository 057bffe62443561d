package dev.hubbub.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.net.URI;
import java.time.Duration;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** OkHttp, as a client of the server under test. */
public final class Http {
    public static final MediaType TEXT = MediaType.get("text/plain; charset=utf-8");
    public static final MediaType JSON = MediaType.get("application/json");

    public final OkHttpClient client;

    public Http() {
        this(new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build());
    }

    public Http(OkHttpClient client) {
        this.client = client;
    }

    /**
     * A client whose connections leave from {@code localAddress} (any of 127.0.0.0/8 on loopback), so that the server
     * counts it as another client address; up to {@code atOnce} requests in flight.
     */
    public static OkHttpClient from(String localAddress, int atOnce) throws IOException {
        java.net.InetAddress local = java.net.InetAddress.getByName(localAddress);
        okhttp3.Dispatcher dispatcher = new okhttp3.Dispatcher();
        dispatcher.setMaxRequests(atOnce);
        dispatcher.setMaxRequestsPerHost(atOnce);
        return new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).dispatcher(dispatcher)
                .connectionPool(new okhttp3.ConnectionPool(atOnce, 1, java.util.concurrent.TimeUnit.MINUTES))
                .socketFactory(new javax.net.SocketFactory() {
                    @Override
                    public java.net.Socket createSocket() throws IOException {
                        java.net.Socket socket = new java.net.Socket();
                        socket.bind(new java.net.InetSocketAddress(local, 0));
                        return socket;
                    }

                    @Override
                    public java.net.Socket createSocket(String host, int port) throws IOException {
                        return connected(new java.net.InetSocketAddress(host, port));
                    }

                    @Override
                    public java.net.Socket createSocket(String host, int port, java.net.InetAddress ignored,
                                                        int localPort) throws IOException {
                        return connected(new java.net.InetSocketAddress(host, port));
                    }

                    @Override
                    public java.net.Socket createSocket(java.net.InetAddress host, int port) throws IOException {
                        return connected(new java.net.InetSocketAddress(host, port));
                    }

                    @Override
                    public java.net.Socket createSocket(java.net.InetAddress host, int port,
                                                        java.net.InetAddress ignored, int localPort)
                            throws IOException {
                        return connected(new java.net.InetSocketAddress(host, port));
                    }

                    private java.net.Socket connected(java.net.InetSocketAddress to) throws IOException {
                        java.net.Socket socket = createSocket();
                        socket.connect(to);
                        return socket;
                    }
                }).build();
    }

    /** A client that trusts the self-signed certificate a server made in {@code dataDir/tls}, and nothing else. */
    public static OkHttpClient trustingGeneratedCertificate(Path dataDir) throws Exception {
        Path tls = dataDir.resolve("tls");
        String password = Files.readString(tls.resolve("password"), StandardCharsets.UTF_8).strip();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(tls.resolve("hubbub.p12"))) {
            keys.load(in, password.toCharArray());
        }
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("hubbub", keys.getCertificate("hubbub"));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        X509TrustManager trustManager = (X509TrustManager) factory.getTrustManagers()[0];
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustManager}, null);
        return new OkHttpClient.Builder().sslSocketFactory(context.getSocketFactory(), trustManager)
                .readTimeout(Duration.ofSeconds(30)).build();
    }

    /** A completed exchange: status, headers we look at, and the whole body. */
    public record Reply(int status, String body, String contentType, String retryAfter) {
    }

    public Reply post(URI uri, MediaType type, String body) throws IOException {
        return send(new Request.Builder().url(uri.toString()).post(RequestBody.create(body, type)).build());
    }

    public Reply post(URI uri, MediaType type, byte[] body) throws IOException {
        return send(new Request.Builder().url(uri.toString()).post(RequestBody.create(body, type)).build());
    }

    /**
     * Makes a room on the server at {@code base} as someone who claims {@code creator} for it, and asserts it was
     * made. Returns the creator's token.
     */
    public String makeRoom(URI base, String creator, String room) throws IOException {
        Reply claimed = post(base.resolve("/session"), JSON, "{\"name\":\"" + creator + "\"}");
        String token = dev.hubbub.chat.ChatJson.mapper().readTree(claimed.body()).get("token").asText();
        Reply made = send(new Request.Builder().url(base.resolve("/rooms").toString())
                .header("Authorization", "Bearer " + token)
                .post(RequestBody.create("{\"name\":\"" + room + "\"}", JSON)).build());
        if (made.status() != 201) {
            throw new AssertionError("room " + room + " not made: " + made.status() + " " + made.body());
        }
        return token;
    }

    public Reply send(Request request) throws IOException {
        try (Response response = client.newCall(request).execute()) {
            return new Reply(response.code(), response.body().string(), response.header("Content-Type"),
                    response.header("Retry-After"));
        }
    }

    /** An open event stream; closing it cancels the call, which is safe while another thread reads the body. */
    public record Stream(Call call, Response response) implements AutoCloseable {
        @Override
        public void close() {
            call.cancel();
        }
    }

    /** Claims {@code name} on the server at {@code base}; its token. */
    public String claim(URI base, String name) throws IOException {
        Reply reply = post(base.resolve("/session"), JSON, "{\"name\":\"" + name + "\"}");
        if (reply.status() != 201) {
            throw new AssertionError("could not claim " + name + ": HTTP " + reply.status() + " " + reply.body());
        }
        return dev.hubbub.chat.ChatJson.mapper().readTree(reply.body()).get("token").asText();
    }

    /** A request signed in with {@code token} (none when null), with a JSON body (none when null). */
    public Reply send(String token, String method, URI uri, String json) throws IOException {
        Request.Builder request = new Request.Builder().url(uri.toString());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        okhttp3.RequestBody body = json != null ? okhttp3.RequestBody.create(json, JSON)
                : okhttp3.internal.http.HttpMethod.requiresRequestBody(method) ? okhttp3.RequestBody.create(new byte[0])
                : null;
        request.method(method, body);
        return send(request.build());
    }

    /** Opens an event stream; the caller closes it. */
    public Stream open(URI uri, String lastEventId) throws IOException {
        return open(uri, null, lastEventId);
    }

    /** Opens an event stream signed in with {@code token} (none when null); the caller closes it. */
    public Stream open(URI uri, String token, String lastEventId) throws IOException {
        Request.Builder request = new Request.Builder().url(uri.toString()).header("Accept", "text/event-stream");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        Call call = client.newCall(request.build());
        Response response = call.execute();
        if (response.code() != 200) {
            String body = response.body().string();
            response.close();
            throw new AssertionError("stream refused: HTTP " + response.code() + " " + body);
        }
        return new Stream(call, response);
    }
}
