package dev.hubbub.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import dev.hubbub.server.testing.StreamReader;
import dev.hubbub.sse.ServerSentEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.BufferedSink;
import org.jetbrains.annotations.NotNull;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /chat against a real server: what it accepts, and a readable refusal, changing nothing, for the rest. */
class PostTest {
    @TempDir
    Path dataDir;

    private final Http http = new Http();
    private RunningServer server;
    private Http.Stream watching;
    private StreamReader watcher;

    @AfterEach
    void stop() {
        if (watching != null) {
            watching.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A tutorial stream that records everything the room sends, to prove a refused post changed nothing. */
    private void watch() throws Exception {
        watching = http.open(server.uri("/chat"), null);
        watcher = new StreamReader(watching.response().body().byteStream(), "watcher");
    }

    private Http.Reply post(MediaType type, String body) throws Exception {
        return http.post(server.uri("/chat"), type, body);
    }

    private Http.Reply postWith(String header, String value, String body) throws Exception {
        return http.send(new Request.Builder().url(server.uri("/chat").toString()).header(header, value)
                .post(RequestBody.create(body, Http.TEXT)).build());
    }

    private void assertRefused(Http.Reply reply, int status, String reason) throws Exception {
        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.contentType()).isEqualTo("text/plain; charset=utf-8");
        assertThat(reply.body()).isEqualTo(reason + "\n");
        watcher.expectNothingFor(Duration.ofMillis(200));
    }

    @Test
    void aTextLineIsStoredAndTheReplyCarriesItsId() throws Exception {
        server = RunningServer.start(dataDir);
        watch();
        Http.Reply reply = post(Http.TEXT, "Ann: hello: world");
        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.contentType()).isEqualTo("application/json");
        var json = ChatJson.mapper().readTree(reply.body());
        String id = json.get("id").asText();
        assertThat(id).isNotBlank();
        assertThat(json.get("room").asText()).isEqualTo("general");
        assertThat(json.get("sentAt").asText()).isNotBlank();
        assertThat(watcher.next()).isEqualTo(new ServerSentEvent("chat", "Ann: hello: world", id));
    }

    @Test
    void jsonIsStoredToo() throws Exception {
        server = RunningServer.start(dataDir);
        watch();
        Http.Reply reply = post(Http.JSON, "{\"author\":\"Bob\",\"text\":\"héllo 😀\"}");
        assertThat(reply.status()).isEqualTo(201);
        assertThat(watcher.next().data()).isEqualTo("Bob: héllo 😀");
    }

    @Test
    void theSameClientIdTwiceStoresOneMessage() throws Exception {
        server = RunningServer.start(dataDir);
        watch();
        String body = "{\"author\":\"Bob\",\"text\":\"once\",\"clientId\":\"abc-1\"}";
        Http.Reply first = post(Http.JSON, body);
        Http.Reply again = post(Http.JSON, body);
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(ChatJson.mapper().readTree(again.body()).get("id").asLong())
                .isEqualTo(ChatJson.mapper().readTree(first.body()).get("id").asLong());
        assertThat(ChatJson.mapper().readTree(again.body()).get("duplicate").asBoolean()).isTrue();
        assertThat(watcher.next().data()).isEqualTo("Bob: once");
        watcher.expectNothingFor(Duration.ofMillis(300));
    }

    @Test
    void anEmptyMessageIsRefused() throws Exception {
        server = RunningServer.start(dataDir);
        watch();
        assertRefused(post(Http.TEXT, ""), 400, "the message is empty");
        assertRefused(post(Http.TEXT, "Ann:   "), 400, "text is empty");
        assertRefused(post(Http.JSON, "{\"author\":\"Ann\",\"text\":\"\"}"), 400, "text is empty");
    }

    @Test
    void aLineWithoutANameIsRefused() throws Exception {
        server = RunningServer.start(dataDir);
        watch();
        assertRefused(post(Http.TEXT, "just words"), 400,
                "a text/plain message is one line 'name: text', and this one has no ':'");
    }

    @Test
    void invalidUtf8IsRefused() throws Exception {
        server = RunningServer.start(dataDir);
        watch();
        byte[] body = {'A', 'n', 'n', ':', ' ', (byte) 0xC3, (byte) 0x28};
        Http.Reply reply = http.post(server.uri("/chat"), Http.TEXT, body);
        assertRefused(reply, 400, "the message is not valid UTF-8");
    }

    @Test
    void malformedJsonIsRefusedWithWhatWasWrong() throws Exception {
        server = RunningServer.start(dataDir);
        watch();
        Http.Reply reply = post(Http.JSON, "{\"author\":\"Ann\",");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).startsWith("malformed JSON");
        watcher.expectNothingFor(Duration.ofMillis(200));
    }

    @Test
    void tooLongTextIsRefused() throws Exception {
        server = RunningServer.start(dataDir);
        watch();
        assertRefused(post(Http.TEXT, "Ann: " + "x".repeat(4001)), 400,
                "text is longer than 4000 characters (4001)");
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413WhetherItsLengthIsDeclaredOrNot() throws Exception {
        server = RunningServer.start(dataDir);
        watch();
        String huge = "Ann: " + "x".repeat(70_000);
        String reason = "the message is larger than 65536 bytes; a message has at most 4000 characters";
        assertRefused(post(Http.TEXT, huge), 413, reason);
        RequestBody chunked = new RequestBody() {
            @Override
            public MediaType contentType() {
                return Http.TEXT;
            }

            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void writeTo(@NotNull BufferedSink sink) throws java.io.IOException {
                sink.writeUtf8(huge);
            }
        };
        Http.Reply reply = http.send(new Request.Builder().url(server.uri("/chat").toString()).post(chunked).build());
        assertRefused(reply, 413, reason);
    }

    @Test
    void anotherContentTypeIsRefusedWith415() throws Exception {
        server = RunningServer.start(dataDir);
        watch();
        String reason = "send the message as text/plain (one line 'name: text') or as application/json"
                + " ({\"text\":..., \"room\" or \"to\"...}), in UTF-8";
        assertRefused(post(MediaType.get("application/x-www-form-urlencoded"), "Ann: hi"), 415, reason);
        assertRefused(post(MediaType.get("text/plain; charset=iso-8859-1"), "Ann: hi"), 415, reason);
    }

    @Test
    void aClientOverTheRateLimitGets429WithRetryAfter() throws Exception {
        server = RunningServer.start(dataDir, c -> c.with(b -> b.limits(
                HttpLimits.defaults().with(l -> l.postRate(1, 3)))));
        watch();
        for (int i = 0; i < 3; i++) {
            assertThat(post(Http.TEXT, "Ann: " + i).status()).isEqualTo(201);
            watcher.next();
        }
        Http.Reply refused = post(Http.TEXT, "Ann: one too many");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.retryAfter()).isEqualTo("1");
        assertThat(refused.body()).isEqualTo(
                "too many messages from 127.0.0.1 (at most 1 per second, 3 at once); try again in 1 s\n");
        watcher.expectNothingFor(Duration.ofMillis(200));
    }

    @Test
    void aPostFromAnotherSitesPageIsRefused() throws Exception {
        server = RunningServer.start(dataDir);
        watch();
        assertRefused(postWith("Origin", "http://evil.example", "Ann: hi"), 403,
                "requests from other sites' pages are refused: http://evil.example is not this room's page"
                        + " (its host can allow that site with --allow-origin http://evil.example)");
        assertRefused(postWith("Sec-Fetch-Site", "cross-site", "Ann: hi"), 403,
                "requests from other sites' pages are refused");
        assertRefused(postWith("Origin", "null", "Ann: hi"), 403,
                "requests from pages without an origin (sandboxed frames, local files) are refused");
    }

    @Test
    void aPostFromTheRoomsOwnPageOrAnAllowedOriginIsAccepted() throws Exception {
        server = RunningServer.start(dataDir, c -> c.with(b -> b.limits(HttpLimits.defaults().with(l -> l
                .allowedOrigins(List.of("http://intranet.example:8000")).postRate(100, 100)))));
        assertThat(postWith("Origin", "http://127.0.0.1:" + server.port(), "Ann: own page").status())
                .isEqualTo(201);
        Http.Reply allowed = http.send(new Request.Builder().url(server.uri("/chat").toString())
                .header("Origin", "http://intranet.example:8000").post(RequestBody.create("Ann: x", Http.TEXT))
                .build());
        assertThat(allowed.status()).isEqualTo(201);
        Http.Reply preflight = http.send(new Request.Builder().url(server.uri("/chat").toString())
                .header("Origin", "http://intranet.example:8000")
                .header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", null).build());
        assertThat(preflight.status()).isEqualTo(204);
    }

    @Test
    void otherMethodsOnChatGet405() throws Exception {
        server = RunningServer.start(dataDir);
        Http.Reply reply = http.send(new Request.Builder().url(server.uri("/chat").toString())
                .put(RequestBody.create("x", Http.TEXT)).build());
        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.body()).isEqualTo("/chat takes GET (the event stream) and POST (a message), not PUT\n");
    }

    @Test
    void nothingAClientSendsCanInjectAFrameIntoOtherStreams() throws Exception {
        server = RunningServer.start(dataDir);
        watch();
        Http.Stream json = http.open(server.uri("/chat?view=json"), null);
        StreamReader structured = new StreamReader(json.response().body().byteStream(), "json");
        try {
            String attack = "hi\n\nevent: admin\nid: 999\ndata: injected\r\n\r\nretry: 1";
            Http.Reply first = post(Http.TEXT, "Mallory: " + attack);
            assertThat(first.status()).isEqualTo(201);
            assertThat(post(Http.JSON, "{\"author\":\"Eve\\r\\nevent: x\",\"text\":\"y\"}").status()).isEqualTo(400);
            Http.Reply second = post(Http.JSON, "{\"author\":\"Eve\",\"text\":\"data: x\\n\\nevent: chat\\ndata: forged\"}");
            assertThat(second.status()).isEqualTo(201);
            String firstId = ChatJson.mapper().readTree(first.body()).get("id").asText();
            String secondId = ChatJson.mapper().readTree(second.body()).get("id").asText();

            assertThat(watcher.next()).isEqualTo(new ServerSentEvent("chat",
                    "Mallory: hi\n\nevent: admin\nid: 999\ndata: injected\n\nretry: 1", firstId));
            assertThat(watcher.next()).isEqualTo(new ServerSentEvent("chat",
                    "Eve: data: x\n\nevent: chat\ndata: forged", secondId));
            watcher.expectNothingFor(Duration.ofMillis(200));
            assertThat(watcher.retries()).containsExactly(2000L);
            List<ServerSentEvent> events = structured.until(e -> e.lastEventId().equals(secondId),
                    Duration.ofSeconds(5));
            assertThat(events).extracting(ServerSentEvent::type).containsExactly("hello", "presence", "chat", "chat");
        } finally {
            json.close();
        }
    }

    @Test
    void aMessageTheStoreCannotTakeGetsA500WithASentenceAtOnceAndTheServerGoesOn() throws Exception {
        server = RunningServer.start(dataDir);
        String url = "jdbc:sqlite:" + dataDir.resolve("hubbub.db");
        try (java.sql.Connection sql = java.sql.DriverManager.getConnection(url);
             java.sql.Statement s = sql.createStatement()) {
            s.execute("CREATE TRIGGER refuse BEFORE INSERT ON events BEGIN SELECT RAISE(FAIL, 'disk full'); END");
        }
        Http.Reply refused = http.post(server.uri("/chat"), Http.TEXT, "Ann: into a full disk");
        assertThat(refused.status()).isEqualTo(500);
        assertThat(refused.body()).isEqualTo("the message could not be stored; please send it again\n");
        try (java.sql.Connection sql = java.sql.DriverManager.getConnection(url);
             java.sql.Statement s = sql.createStatement()) {
            s.execute("DROP TRIGGER refuse");
        }
        assertThat(http.post(server.uri("/chat"), Http.TEXT, "Ann: room again").status()).isEqualTo(201);
    }
}
