package dev.hubbub.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.ChatMessage;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.Nginx;
import dev.hubbub.server.testing.RedisServer;
import dev.hubbub.server.testing.RunningServer;
import dev.hubbub.server.testing.StreamReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three servers sharing a real Redis behind a real nginx configured by the example the README documents
 * ({@code docs/nginx-hubbub.conf}, with this test's addresses): events pass as they come, everything works through
 * the one address, and per-address limits count the client's address, never one a client made up.
 */
class BehindNginxTest {
    /** nginx connects to the servers from this address: the one they trust as their proxy. */
    private static final String PROXY = "127.0.0.5";

    @TempDir
    Path dir;

    private final Http http = new Http();
    private final List<AutoCloseable> open = new ArrayList<>();
    private RedisServer redis;
    private final List<RunningServer> nodes = new ArrayList<>();
    private Nginx nginx;

    private void start(java.util.function.Consumer<HttpLimits.Builder> limits) throws Exception {
        redis = RedisServer.start(dir.resolve("redis"));
        for (String name : List.of("a", "b", "c")) {
            nodes.add(RunningServer.start(dir.resolve(name), config -> config.with(c -> c.store(redis.uri())
                    .filesDir(dir.resolve("files")).limits(l -> limits.accept(l.trustedProxies(List.of(PROXY)))))));
        }
        int port = Nginx.freePort();
        String example = Files.readString(Path.of("..", "docs", "nginx-hubbub.conf"));
        StringBuilder upstreams = new StringBuilder();
        nodes.forEach(n -> upstreams.append("    server 127.0.0.1:").append(n.port()).append(";\n"));
        String site = example.replaceAll("(?m)^    server 10\\.0\\.0\\.1\\d:8080;\\n", "")
                .replace("    keepalive 32;", upstreams + "    keepalive 32;")
                .replace("listen 80;", "listen 127.0.0.1:" + port + ";")
                .replace("proxy_pass http://hubbub;", "proxy_pass http://hubbub;\n        proxy_bind " + PROXY + ";");
        assertThat(site).as("the example's shape this test relies on").contains("127.0.0.1:" + nodes.get(0).port())
                .contains("proxy_bind").contains("listen 127.0.0.1:" + port);
        nginx = Nginx.start(dir.resolve("nginx"), site, port);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        if (nginx != null) {
            nginx.close();
        }
        nodes.forEach(RunningServer::close);
        if (redis != null) {
            redis.close();
        }
    }

    private URI proxied(String path) {
        return URI.create("http://127.0.0.1:" + nginx.port() + path);
    }

    private StreamReader stream(URI uri, String forwardedFor) throws Exception {
        Request.Builder request = new Request.Builder().url(uri.toString()).header("Accept", "text/event-stream");
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        var call = http.client.newCall(request.build());
        var response = call.execute();
        open.add(call::cancel);
        if (response.code() != 200) {
            throw new AssertionError(uri + " answered " + response.code() + ": " + response.body().string());
        }
        return new StreamReader(response.body().byteStream(), uri.toString());
    }

    private Http.Reply openStream(URI uri, String forwardedFor, String... moreHeaders) throws Exception {
        Request.Builder request = new Request.Builder().url(uri.toString()).header("X-Forwarded-For", forwardedFor);
        for (int i = 0; i < moreHeaders.length; i += 2) {
            request.header(moreHeaders[i], moreHeaders[i + 1]);
        }
        var call = http.client.newCall(request.build());
        var response = call.execute();
        open.add(call::cancel);
        return new Http.Reply(response.code(), response.code() == 200 ? "" : response.body().string(), null, null);
    }

    @Test
    void everythingWorksThroughTheOneAddressAndEventsPassAsTheyCome() throws Exception {
        start(limits -> { });
        Http.Reply claimed = http.post(proxied("/session"), Http.JSON, "{\"name\":\"Ann\"}");
        assertThat(claimed.status()).as(claimed.body()).isEqualTo(201);
        String ann = ChatJson.mapper().readTree(claimed.body()).get("token").asText();
        List<StreamReader> streams = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            streams.add(stream(proxied("/chat?view=json"), null));
        }
        StreamReader tutorial = stream(proxied("/chat"), null);
        for (int i = 1; i <= 9; i++) {
            Http.Reply posted = http.send(new Request.Builder().url(proxied("/chat").toString())
                    .header("Authorization", "Bearer " + ann).header("Origin", "http://127.0.0.1:" + nginx.port())
                    .post(RequestBody.create("{\"text\":\"m" + i + "\"}", Http.JSON)).build());
            assertThat(posted.status()).as(posted.body()).isEqualTo(201);
            // Each event arrives while its stream stays open: nothing holds it back (proxy_buffering off).
            for (StreamReader stream : streams) {
                assertThat(ChatJson.read(stream.next("chat").data(), ChatMessage.class).text()).isEqualTo("m" + i);
            }
            assertThat(tutorial.next("chat").data()).isEqualTo("Ann: m" + i);
        }
        assertThat(Files.readString(dir.resolve("nginx/error.log"))).doesNotContain("[error]");
    }

    @Test
    void perAddressLimitsCountTheClientsAddressAndNeverOneItMadeUp() throws Exception {
        start(limits -> limits.maxStreamsPerAddress(1).maxConnectionsPerAddress(2));
        // Through nginx: many connections from the proxy (not limited per address), one stream per client address
        // and server: the fourth stream of one client, on three servers, is one too many.
        List<Http.Reply> replies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            replies.add(openStream(proxied("/chat"), "10.6.6." + i));
        }
        assertThat(replies.subList(0, 3)).allMatch(r -> r.status() == 200);
        assertThat(replies.get(3).status()).isEqualTo(429);
        assertThat(replies.get(3).body()).as("nginx's word for the address, not the client's")
                .contains("from 127.0.0.1").doesNotContain("10.6.6");
        // Nor an address of its own in the other forwarding headers, which nginx would pass on unless told not to,
        // and Jetty would otherwise believe from the trusted proxy.
        for (String[] madeUp : new String[][] {{"Forwarded", "for=10.6.6.50"}, {"X-Real-IP", "10.6.6.51"},
                {"Forwarded", "for=\"[2001:db8::5]\";proto=https"}}) {
            Http.Reply another = openStream(proxied("/chat"), "10.6.6.52", madeUp);
            assertThat(another.status()).as(String.join(": ", madeUp)).isEqualTo(429);
            assertThat(another.body()).contains("from 127.0.0.1");
        }
        // Straight to a server, a client's own X-Forwarded-For is not believed.
        URI direct = nodes.get(0).uri("/chat");
        Http.Reply spoofed = openStream(direct, "10.7.7.7");
        assertThat(spoofed.status()).as("this client's one stream on A is open through nginx").isEqualTo(429);
        assertThat(spoofed.body()).contains("from 127.0.0.1").doesNotContain("10.7.7.7");
    }

    @Test
    void aForeignNameIsRefusedThroughTheProxyWhateverItForwards() throws Exception {
        start(limits -> { });
        String ours = "127.0.0.1:" + nginx.port();
        // DNS rebinding through the proxy: the browser names the attacker's host; its page adds the proxy's name in
        // a forwarding header. Hubbub must judge the name the browser used.
        for (String[] header : new String[][] {{"X-Forwarded-Host", ours}, {"Forwarded", "host=" + ours},
                {"X-Forwarded-Server", "127.0.0.1"}}) {
            for (String path : List.of("/chat/history", "/chat", "/")) {
                Http.Reply reply = http.send(new Request.Builder().url(proxied(path).toString())
                        .header("Host", "evil.example:" + nginx.port()).header(header[0], header[1]).build());
                assertThat(reply.status()).as(header[0] + " " + path + ": " + reply.body()).isEqualTo(421);
            }
        }
        assertThat(http.send(new Request.Builder().url(proxied("/chat/history").toString()).build()).status())
                .isEqualTo(200);
    }
}
