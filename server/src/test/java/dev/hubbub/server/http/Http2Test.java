package dev.hubbub.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.ServerConfig;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import dev.hubbub.server.testing.StreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP/2: over TLS by ALPN, and in clear text (h2c) for clients that speak it; many streams on one connection. */
class Http2Test {
    @TempDir
    Path dataDir;

    @Test
    void h2cClientsStreamAndPostOverOneConnection() throws Exception {
        try (RunningServer server = RunningServer.start(dataDir)) {
            Http http = new Http(new OkHttpClient.Builder().protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE))
                    .readTimeout(Duration.ofSeconds(30)).build());
            assertManyStreamsShareOneConnection(server, http, Protocol.H2_PRIOR_KNOWLEDGE);
        }
    }

    @Test
    void tlsServesHttp2ByAlpnFromASelfSignedCertificateKeptForTheNextRun() throws Exception {
        String fingerprint;
        try (RunningServer server = RunningServer.start(dataDir,
                c -> c.with(b -> b.tls(new ServerConfig.Tls(true, null, null))))) {
            assertThat(server.server().isSecure()).isTrue();
            fingerprint = server.server().certificateFingerprint().orElseThrow();
            assertThat(fingerprint).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
            Http http = new Http(trustingTheGeneratedCertificate());
            assertManyStreamsShareOneConnection(server, http, Protocol.HTTP_2);
        }
        try (RunningServer again = RunningServer.start(dataDir,
                c -> c.with(b -> b.tls(new ServerConfig.Tls(true, null, null))))) {
            assertThat(again.server().certificateFingerprint()).contains(fingerprint);
        }
    }

    @Test
    void underTlsTheTokensCookieIsSecure() throws Exception {
        try (RunningServer server = RunningServer.start(dataDir,
                c -> c.with(b -> b.tls(new ServerConfig.Tls(true, null, null))))) {
            Request request = new Request.Builder().url(server.uri("/session").toString())
                    .post(RequestBody.create("{\"name\":\"Ann\"}", Http.JSON)).build();
            try (Response response = trustingTheGeneratedCertificate().newCall(request).execute()) {
                assertThat(response.code()).isEqualTo(201);
                assertThat(response.header("Set-Cookie")).startsWith("hubbub_token=").contains("; Secure")
                        .contains("HttpOnly").contains("SameSite=Strict");
            }
        }
    }

    /** Eight streams (more than the six HTTP/1.1 connections a browser allows) all get a message. */
    private static void assertManyStreamsShareOneConnection(RunningServer server, Http http, Protocol expected)
            throws Exception {
        List<Http.Stream> streams = new ArrayList<>();
        List<StreamReader> readers = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                Http.Stream stream = http.open(server.uri("/chat"), null);
                assertThat(stream.response().protocol()).isEqualTo(expected);
                streams.add(stream);
                readers.add(new StreamReader(stream.response().body().byteStream(), "h2-" + i));
            }
            assertThat(http.post(server.uri("/chat"), Http.TEXT, "Ann: over HTTP/2").status()).isEqualTo(201);
            for (StreamReader reader : readers) {
                assertThat(reader.next().data()).isEqualTo("Ann: over HTTP/2");
            }
            assertThat(http.client.connectionPool().connectionCount()).isEqualTo(1);
        } finally {
            streams.forEach(Http.Stream::close);
        }
    }

    private OkHttpClient trustingTheGeneratedCertificate() throws Exception {
        return Http.trustingGeneratedCertificate(dataDir);
    }
}
