package dev.hubbub.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.hub.HubSettings;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RawClient;
import dev.hubbub.server.testing.RunningServer;
import dev.hubbub.server.testing.StreamReader;
import dev.hubbub.sse.ServerSentEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /chat against a real server: the tutorial stream, the structured stream, history and resume. */
class ChatStreamTest {
    @TempDir
    Path dataDir;

    private final Http http = new Http();
    private final List<AutoCloseable> open = new ArrayList<>();
    private RunningServer server;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private StreamReader stream(String query, String lastEventId) throws Exception {
        Http.Stream stream = http.open(server.uri("/chat" + query), lastEventId);
        open.add(stream);
        Response response = stream.response();
        assertThat(response.header("Content-Type")).isEqualTo("text/event-stream; charset=utf-8");
        assertThat(response.header("Cache-Control")).isEqualTo("no-cache");
        return new StreamReader(response.body().byteStream(), query);
    }

    private String post(String line) throws Exception {
        Http.Reply reply = http.post(server.uri("/chat"), Http.TEXT, line);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return ChatJson.mapper().readTree(reply.body()).get("id").asText();
    }

    @Test
    void aTutorialClientGetsChatEventsWithTheDisplayLineAndTheMessageId() throws Exception {
        server = RunningServer.start(dataDir);
        String first = post("Ann: hello");
        StreamReader tutorial = stream("", null);

        assertThat(tutorial.next()).isEqualTo(new ServerSentEvent("chat", "Ann: hello", first));
        String second = post("Bob: two\nlines");
        assertThat(tutorial.next()).isEqualTo(new ServerSentEvent("chat", "Bob: two\nlines", second));
        assertThat(tutorial.retries()).containsExactly(2000L);
    }

    @Test
    void theStructuredStreamSaysHelloThenWhoIsOnlineThenMessagesAsJson() throws Exception {
        server = RunningServer.start(dataDir);
        String id = post("Ann: hi");
        StreamReader bob = stream("?view=json&name=Bob", null);

        StreamEvents.Hello hello = ChatJson.read(bob.next("hello").data(), StreamEvents.Hello.class);
        assertThat(hello.room()).isEqualTo("Test room");
        assertThat(hello.epoch()).isNotBlank();
        assertThat(ChatJson.read(bob.next("presence").data(), StreamEvents.Online.class).names()).isEmpty();
        ServerSentEvent chat = bob.next("chat");
        ChatMessage message = ChatJson.read(chat.data(), ChatMessage.class);
        assertThat(message.id()).isEqualTo(id);
        assertThat(message.author()).isEqualTo("Ann");
        assertThat(message.text()).isEqualTo("hi");
        assertThat(message.room()).isEqualTo("general");
        assertThat(message.verified()).isFalse();
        assertThat(chat.lastEventId()).isEqualTo(id);
        assertThat(ChatJson.read(bob.next("join").data(), StreamEvents.Person.class).name()).isEqualTo("Bob");
    }

    @Test
    void replaysExactlyTheMessagesAfterLastEventIdWhileOthersKeepPosting() throws Exception {
        server = RunningServer.start(dataDir);
        List<String> posted = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 1; i <= 30; i++) {
            posted.add(post("Ann: before " + i));
        }
        AtomicBoolean posting = new AtomicBoolean(true);
        Thread poster = new Thread(() -> {
            try {
                for (int i = 1; posting.get(); i++) {
                    posted.add(post("Bob: during " + i));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        poster.start();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> posted.size() >= 40);
            StreamReader resumed = stream("", posted.get(9));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> posted.size() >= 80);
            posting.set(false);
            poster.join();
            String target = posted.get(posted.size() - 1);
            List<ServerSentEvent> got = resumed.until(e -> e.lastEventId().equals(target), Duration.ofSeconds(20));
            assertThat(got.stream().map(ServerSentEvent::lastEventId).toList())
                    .isEqualTo(posted.subList(10, posted.size()));
            resumed.expectNothingFor(Duration.ofMillis(300));
        } finally {
            posting.set(false);
            poster.join();
        }
    }

    @Test
    void aFirstConnectionMayGiveItsLastEventIdAsAQueryParameter() throws Exception {
        server = RunningServer.start(dataDir);
        String one = post("Ann: one");
        post("Ann: two");
        StreamReader reader = stream("?lastEventId=" + one, null);
        assertThat(reader.next().data()).isEqualTo("Ann: two");
        reader.expectNothingFor(Duration.ofMillis(300));
    }

    @Test
    void theHeaderWinsOverTheQueryParameter() throws Exception {
        server = RunningServer.start(dataDir);
        String one = post("Ann: one");
        String two = post("Ann: two");
        post("Ann: three");
        StreamReader reader = stream("?lastEventId=" + one, two);
        assertThat(reader.next().data()).isEqualTo("Ann: three");
    }

    @Test
    void withoutLastEventIdAStreamStartsWithTheLatest100Messages() throws Exception {
        server = RunningServer.start(dataDir, c -> c.with(b -> b.hub(h -> h.replay(100, 1000, 50))));
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 130; i++) {
            ids.add(post("Ann: message " + i));
        }
        // A post is answered once stored; the hub hears of it from its tail a moment later. Wait for that.
        stream("", ids.get(128)).until(e -> e.data().equals("Ann: message 130"), Duration.ofSeconds(10));
        StreamReader reader = stream("", null);
        List<ServerSentEvent> got = reader.until(e -> e.data().equals("Ann: message 130"), Duration.ofSeconds(10));
        assertThat(got).hasSize(100);
        assertThat(got.get(0).data()).isEqualTo("Ann: message 31");
    }

    @Test
    void aResumeFromTooLongAgoReplaysTheNewestAndAnnouncesTheGap() throws Exception {
        server = RunningServer.start(dataDir, c -> c.with(b -> b.hub(h -> h.replay(5, 20, 10))));
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            ids.add(post("Ann: message " + i));
        }
        // A post is answered once stored; the hub hears of it from its tail a moment later. Wait for that.
        stream("", ids.get(48)).until(e -> e.data().equals("Ann: message 50"), Duration.ofSeconds(10));
        StreamReader reader = stream("?view=json", ids.get(2));
        StreamEvents.Gap gap = ChatJson.read(reader.next("gap").data(), StreamEvents.Gap.class);
        assertThat(gap).isEqualTo(new StreamEvents.Gap(ids.get(2), ids.get(30)));
        List<ServerSentEvent> chats = reader.until(e -> e.lastEventId().equals(ids.get(49)), Duration.ofSeconds(10))
                .stream().filter(e -> e.type().equals("chat")).toList();
        assertThat(chats).hasSize(20);
        assertThat(chats.get(0).lastEventId()).isEqualTo(ids.get(30));
    }

    @Test
    void aReplayReadFromTheLogAFewEventsAtATimeHoldsEachOnceInOrder() throws Exception {
        // Memory holds 10; the log is read back 64, then 128, then what is left of the 201 a replay reads at most.
        server = RunningServer.start(dataDir, c -> c.with(b -> b.hub(h -> h.replay(5, 200, 10))));
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            ids.add(post("Ann: message " + i));
        }
        stream("", ids.get(298)).until(e -> e.data().equals("Ann: message 300"), Duration.ofSeconds(10));
        StreamReader reader = stream("?view=json", ids.get(0));
        StreamEvents.Gap gap = ChatJson.read(reader.next("gap").data(), StreamEvents.Gap.class);
        assertThat(gap).isEqualTo(new StreamEvents.Gap(ids.get(0), ids.get(100)));
        List<String> replayed = reader.until(e -> e.lastEventId().equals(ids.get(299)), Duration.ofSeconds(10))
                .stream().filter(e -> e.type().equals("chat")).map(ServerSentEvent::lastEventId).toList();
        assertThat(replayed).isEqualTo(ids.subList(100, 300));
    }

    @Test
    void anIdFromAnotherHistoryCountsAsNoneAndTheHelloNamesTheEpoch() throws Exception {
        server = RunningServer.start(dataDir);
        post("Ann: only");
        for (String foreign : List.of("deadbeef.999", "999", "abc")) {
            StreamReader reader = stream("?view=json", foreign);
            assertThat(reader.next("hello").data()).contains(server.server().hub().epoch());
            assertThat(ChatJson.read(reader.next("chat").data(), ChatMessage.class).text()).isEqualTo("only");
        }
    }

    @Test
    void messagesAndTheirIdsSurviveARestart() throws Exception {
        server = RunningServer.start(dataDir);
        post("Ann: before the restart");
        String second = post("Bob: me too");
        String epoch = server.server().hub().epoch();
        server.close();

        server = RunningServer.start(dataDir);
        assertThat(server.server().hub().epoch()).isEqualTo(epoch);
        StreamReader reader = stream("", null);
        assertThat(reader.next().data()).isEqualTo("Ann: before the restart");
        assertThat(reader.next()).isEqualTo(new ServerSentEvent("chat", "Bob: me too", second));
        assertThat(post("Cy: after")).isNotEqualTo(second);
        assertThat(reader.next().data()).isEqualTo("Cy: after");
    }

    @Test
    void anOverlongLastEventIdIsRefusedWithAReason() throws Exception {
        server = RunningServer.start(dataDir);
        Http.Reply reply = http.send(new okhttp3.Request.Builder().url(server.uri("/chat").toString())
                .header("Last-Event-ID", "x".repeat(101)).build());
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).isEqualTo("Last-Event-ID must be an event id this server sent\n");
    }

    @Test
    void anUnknownViewOrABadNameIsRefusedWithAReason() throws Exception {
        server = RunningServer.start(dataDir);
        Http.Reply view = http.send(new okhttp3.Request.Builder().url(server.uri("/chat?view=xml").toString()).build());
        assertThat(view.status()).isEqualTo(400);
        assertThat(view.body()).contains("view must be 'json' or 'plain'");
        Http.Reply name = http.send(new okhttp3.Request.Builder()
                .url(server.uri("/chat?view=json&name=" + "x".repeat(41)).toString()).build());
        assertThat(name.status()).isEqualTo(400);
        assertThat(name.body()).isEqualTo("name is longer than 40 characters (41)\n");
    }

    @Test
    void cookiesAndQueriesAreReadWithoutJettysCachesAndStillRightly() throws Exception {
        server = RunningServer.start(dataDir);
        Http.Reply signedIn = http.post(server.uri("/session"), Http.JSON, "{\"name\":\"Ann\"}");
        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(201);
        String token = ChatJson.mapper().readTree(signedIn.body()).get("token").asText();
        // The token among other cookies, one of them quoted, in two Cookie headers.
        Http.Reply devices = http.send(new okhttp3.Request.Builder().url(server.uri("/session/devices").toString())
                .header("Cookie", "other=\"a b\"; x=1").addHeader("Cookie", Authenticator.COOKIE + "=" + token)
                .build());
        assertThat(devices.status()).as(devices.body()).isEqualTo(200);
        Http.Reply anonymous = http.send(new okhttp3.Request.Builder().url(server.uri("/session/devices").toString())
                .header("Cookie", "other=1").build());
        assertThat(anonymous.status()).isEqualTo(401);
        // The page's language cookie still picks the language of a refusal.
        Http.Reply french = http.send(new okhttp3.Request.Builder().url(server.uri("/chat?view=xml").toString())
                .header("Cookie", "x=1; " + Replies.LANGUAGE_COOKIE + "=fr").build());
        assertThat(french.status()).isEqualTo(400);
        Http.Reply english = http.send(new okhttp3.Request.Builder().url(server.uri("/rooms/nowhere/chat").toString())
                .build());
        Http.Reply frenchRoom = http.send(new okhttp3.Request.Builder().url(server.uri("/rooms/nowhere/chat").toString())
                .header("Cookie", Replies.LANGUAGE_COOKIE + "=fr").build());
        assertThat(english.status()).isEqualTo(404);
        assertThat(frenchRoom.status()).isEqualTo(404);
        assertThat(frenchRoom.body()).isNotEqualTo(english.body()).contains("nowhere");
        // A query that is not percent-encoded UTF-8 is a bad request, not a stream or a failure.
        Http.Reply badQuery = http.send(new okhttp3.Request.Builder()
                .url(server.uri("/chat").toString() + "?view=%FF%FE").build());
        assertThat(badQuery.status()).isEqualTo(400);
        assertThat(http.post(server.uri("/chat"), Http.TEXT, "bob: still here").status()).isEqualTo(201);
    }

    @Test
    void streamsEndCleanlyWhenTheServerStops() throws Exception {
        server = RunningServer.start(dataDir);
        post("Ann: hi");
        StreamReader reader = stream("", null);
        reader.next();
        server.close();
        server = null;
        assertThat(reader.awaitEnd(Duration.ofSeconds(10))).as("clean end of stream").isTrue();
    }

    @Test
    void aKeepAliveCommentArrivesOnAnIdleStream() throws Exception {
        server = RunningServer.start(dataDir, c -> c.with(b -> b.hub(h -> h.keepAlive(Duration.ofMillis(200)))));
        try (RawClient raw = RawClient.connect(server.port())) {
            raw.send("GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n");
            assertThat(raw.readUntil(": keep-alive\n", Duration.ofSeconds(5))).startsWith("HTTP/1.1 200 OK");
        }
    }

    @Test
    void hubSettingsDefaultsAreTheDocumentedOnes() {
        HubSettings defaults = HubSettings.defaults("x");
        assertThat(defaults.keepAlive()).isEqualTo(Duration.ofSeconds(15));
        assertThat(defaults.replayOnConnect()).isEqualTo(100);
        assertThat(defaults.maxLagBytes()).isEqualTo(1 << 20);
    }
}
