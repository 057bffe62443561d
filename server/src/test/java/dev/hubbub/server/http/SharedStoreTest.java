package dev.hubbub.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubbub.chat.Api;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.HistoryPage;
import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RedisServer;
import dev.hubbub.server.testing.RunningServer;
import dev.hubbub.server.testing.StreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real servers sharing one real {@code redis-server} and one files directory, as {@code hubbub serve --store}
 * runs them: whatever is done through one is seen through the others, and what is private stays so.
 */
class SharedStoreTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private final Http http = new Http();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final java.util.Map<StreamReader, okhttp3.Call> calls = new java.util.HashMap<>();
    private RedisServer redis;
    private RunningServer a;
    private RunningServer b;
    private RunningServer c;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start(dir.resolve("redis"));
        a = node("a");
        b = node("b");
        c = node("c");
    }

    private RunningServer node(String name) throws Exception {
        // A closed stream is noticed at its next write: short keep-alives make that quick here.
        return RunningServer.start(dir.resolve(name), config -> config.with(b -> b.store(redis.uri())
                .filesDir(dir.resolve("shared-files")).hub(h -> h.keepAlive(Duration.ofMillis(100)))));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
        for (RunningServer server : new RunningServer[] {a, b, c}) {
            if (server != null) {
                server.close();
            }
        }
        redis.close();
    }

    private String claim(RunningServer server, String name) throws Exception {
        Http.Reply reply = http.post(server.uri("/session"), Http.JSON, "{\"name\":\"" + name + "\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return ChatJson.mapper().readTree(reply.body()).get("token").asText();
    }

    private Http.Reply send(RunningServer server, String token, String method, String path, String json)
            throws Exception {
        Request.Builder request = new Request.Builder().url(server.uri(path).toString());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            request.method(method, RequestBody.create(json, Http.JSON));
        }
        return http.send(request.build());
    }

    private String post(RunningServer server, String token, String json) throws Exception {
        Http.Reply reply = send(server, token, "POST", "/chat", json);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return ChatJson.mapper().readTree(reply.body()).get("id").asText();
    }

    private StreamReader stream(RunningServer server, String token, String path, String lastEventId)
            throws Exception {
        Request.Builder request = new Request.Builder().url(server.uri(path).toString())
                .header("Accept", "text/event-stream");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        var call = http.client.newCall(request.build());
        var response = call.execute();
        assertThat(response.code()).as(path).isEqualTo(200);
        open.add(call::cancel);
        StreamReader reader = new StreamReader(response.body().byteStream(), server.port() + path);
        calls.put(reader, call);
        return reader;
    }

    /** Ends a stream as a client going away does. */
    private void end(StreamReader reader) {
        calls.get(reader).cancel();
    }

    /** The texts of the next {@code count} chat events. */
    private static List<String> chats(StreamReader reader, int count) throws InterruptedException {
        List<String> texts = new ArrayList<>();
        while (texts.size() < count) {
            texts.add(ChatJson.read(reader.next("chat").data(), ChatMessage.class).text());
        }
        return texts;
    }

    @Test
    void aPostOnOneServerReachesEveryServersStreamsAndNamesAndRoomsAreShared() throws Exception {
        String ann = claim(a, "Ann");
        assertThat(http.post(b.uri("/session"), Http.JSON, "{\"name\":\"ANN\"}").status())
                .as("a name claimed through A is taken on B").isEqualTo(409);
        String bob = claim(c, "Bob");
        StreamReader onB = stream(b, null, "/chat?view=json", null);
        StreamReader tutorialOnC = stream(c, null, "/chat", null);
        onB.next("hello");

        post(a, ann, "{\"text\":\"from a\"}");
        post(c, bob, "{\"text\":\"from c\"}");
        assertThat(tutorialOnC.next("chat").data()).isEqualTo("Ann: from a");
        assertThat(tutorialOnC.next("chat").data()).isEqualTo("Bob: from c");
        assertThat(chats(onB, 2)).containsExactly("from a", "from c");

        assertThat(send(b, ann, "POST", "/rooms", "{\"name\":\"Design\"}").status()).isEqualTo(201);
        assertThat(send(c, bob, "POST", "/rooms", "{\"name\":\"design\"}").status())
                .as("a room's name is taken on every server").isEqualTo(409);
        assertThat(ChatJson.read(onB.next("room").data(), StreamEvents.RoomInfo.class).id()).isEqualTo("design");
        await().atMost(WAIT).until(() -> http.send(new Request.Builder().url(c.uri("/rooms").toString()).build())
                .body().contains("\"design\""));
        StreamReader designOnA = stream(a, null, "/rooms/design/chat", null);
        post(c, bob, "{\"room\":\"design\",\"text\":\"in design\"}");
        assertThat(designOnA.next("chat").data()).isEqualTo("Bob: in design");
        send(a, bob, "DELETE", "/session", "{}");
        assertThat(http.post(b.uri("/session"), Http.JSON, "{\"token\":\"" + bob + "\"}").status())
                .as("signed out through A, so on B too").isEqualTo(401);
        assertThat(a.server().hostToken()).as("one host token for the room").isEqualTo(b.server().hostToken());
    }

    @Test
    void aStreamMovedToAnotherServerWithItsLastEventIdGetsEveryMessageOnce() throws Exception {
        String ann = claim(a, "Ann");
        StreamReader first = stream(a, null, "/chat?view=json", null);
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            ids.add(post(i % 2 == 0 ? a : c, ann, "{\"text\":\"m" + i + "\"}"));
        }
        assertThat(chats(first, 5)).containsExactly("m1", "m2", "m3", "m4", "m5");
        end(first);
        for (int i = 6; i <= 8; i++) {
            post(c, ann, "{\"text\":\"m" + i + "\"}");
        }
        StreamReader moved = stream(b, null, "/chat?view=json", ids.get(4));
        post(a, ann, "{\"text\":\"m9\"}");
        assertThat(chats(moved, 4)).containsExactly("m6", "m7", "m8", "m9");
        moved.expectNothingFor(Duration.ofMillis(300));
    }

    @Test
    void someoneOnlineOnOneServerIsOnlineForTheOthersUntilTheyLeave() throws Exception {
        StreamReader watcherOnB = stream(b, null, "/chat?view=json&name=Watcher", null);
        assertThat(ChatJson.read(watcherOnB.next("presence").data(), StreamEvents.Online.class).names()).isEmpty();
        assertThat(ChatJson.read(watcherOnB.next("join").data(), StreamEvents.Person.class).name())
                .as("a stream hears its own join").isEqualTo("Watcher");
        StreamReader annOnA = stream(a, null, "/chat?view=json&name=Ann", null);
        assertThat(ChatJson.read(watcherOnB.next("join").data(), StreamEvents.Person.class).name()).isEqualTo("Ann");
        await().atMost(WAIT).until(() -> ChatJson.read(annOnA.next("join").data(), StreamEvents.Person.class).name()
                .equals("Watcher"));
        StreamReader lateOnC = stream(c, null, "/chat?view=json", null);
        assertThat(ChatJson.read(lateOnC.next("presence").data(), StreamEvents.Online.class).names())
                .containsExactlyInAnyOrder("Ann", "Watcher");
        StreamReader annAlsoOnC = stream(c, null, "/chat?view=json&name=ann", null);
        annAlsoOnC.next("presence");
        end(annOnA);
        // Still online through C: no leave for Ann. Then gone from C too: one leave, on every server.
        watcherOnB.expectNothingFor(Duration.ofSeconds(2));
        end(annAlsoOnC);
        assertThat(ChatJson.read(watcherOnB.next("leave").data(), StreamEvents.Person.class).name())
                .isEqualToIgnoringCase("Ann");
        assertThat(ChatJson.read(lateOnC.next("leave").data(), StreamEvents.Person.class).name())
                .isEqualToIgnoringCase("Ann");
    }

    @Test
    void aDirectMessageAcrossServersReachesItsTwoPeopleAlone() throws Exception {
        String ann = claim(a, "Ann");
        String bob = claim(b, "Bob");
        String cy = claim(c, "Cy");
        StreamReader bobOnB = stream(b, bob, "/chat?view=json", null);
        StreamReader cyOnC = stream(c, cy, "/chat?view=json", null);
        StreamReader cyOnB = stream(b, cy, "/chat?view=json", null);
        StreamReader anyoneOnA = stream(a, null, "/chat?view=json", null);
        post(a, ann, "{\"to\":\"Bob\",\"text\":\"just for you\"}");
        post(a, ann, "{\"text\":\"for everyone\"}");
        assertThat(chats(bobOnB, 2)).containsExactly("just for you", "for everyone");
        for (StreamReader outsider : List.of(cyOnC, cyOnB, anyoneOnA)) {
            assertThat(chats(outsider, 1)).as("a third person's stream").containsExactly("for everyone");
        }
        Http.Reply page = send(c, bob, "GET", "/chat/history?with=Ann", null);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("just for you");
        assertThat(send(c, cy, "GET", "/chat/history?with=Ann", null).body()).doesNotContain("just for you");
    }

    @Test
    void aStatusSetOnOneServerReachesEveryServersStreamsAndAnswers() throws Exception {
        String ann = claim(a, "Ann");
        String bob = claim(b, "Bob");
        StreamReader bobOnB = stream(b, bob, "/chat?view=json", null);
        Http.Reply set = send(a, ann, "PUT", "/profile/status", "{\"state\":\"away\",\"text\":\"lunch\","
                + "\"emoji\":\"🍔\"}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        dev.hubbub.chat.PersonStatus lunch = new dev.hubbub.chat.PersonStatus("away", "lunch", "🍔", null, false);
        assertThat(ChatJson.read(bobOnB.next(StreamEvents.STATUS).data(), StreamEvents.StatusChange.class))
                .isEqualTo(new StreamEvents.StatusChange("Ann", lunch));
        Http.Reply onC = send(c, null, "GET", "/statuses?name=Ann", null);
        assertThat(ChatJson.mapper().readTree(onC.body()).get("statuses").get("Ann").toString())
                .isEqualTo(ChatJson.write(lunch));
    }

    @Test
    void typingReachesEveryServerAndAPersonTheHostRemovesLosesEveryStreamOnEveryServer() throws Exception {
        String ann = claim(a, "Ann");
        String bob = claim(b, "Bob");
        String cy = claim(c, "Cy");
        StreamReader bobOnB = stream(b, bob, "/chat?view=json", null);
        StreamReader bobOnC = stream(c, bob, "/chat?view=json", null);
        StreamReader cyOnC = stream(c, cy, "/chat?view=json", null);
        assertThat(send(a, ann, "POST", "/typing", "{\"room\":\"general\"}").status()).isEqualTo(204);
        StreamEvents.Typing typing = ChatJson.read(bobOnB.next("typing").data(), StreamEvents.Typing.class);
        assertThat(typing.name()).isEqualTo("Ann");
        assertThat(typing.room()).isEqualTo("general");
        assertThat(send(c, cy, "POST", "/typing", "{\"to\":\"Bob\"}").status()).isEqualTo(204);
        assertThat(ChatJson.read(bobOnB.next("typing").data(), StreamEvents.Typing.class).name())
                .as("a direct conversation's typing, to its other person on another server").isEqualTo("Cy");

        Http.Reply hosted = send(a, ann, "POST", "/host/claim", "{\"token\":\"" + b.server().hostToken() + "\"}");
        assertThat(hosted.status()).as(hosted.body()).isEqualTo(200);
        assertThat(send(a, ann, "POST", "/host/remove", "{\"name\":\"Bob\"}").status()).isEqualTo(200);
        bobOnB.awaitEnd(WAIT);
        bobOnC.awaitEnd(WAIT);
        Http.Reply refused = send(c, bob, "POST", "/chat", "{\"text\":\"still here?\"}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("the host removed Bob from this room");
        assertThat(cyOnC.next("chat").data()).as("everyone else's streams go on").contains("Ann removed Bob");
    }

    @Test
    void aFileSentThroughOneServerIsFetchedThroughAnotherByThoseWhoMaySeeIt() throws Exception {
        String ann = claim(a, "Ann");
        String bob = claim(b, "Bob");
        String cy = claim(c, "Cy");
        byte[] bytes = "the plan, in bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Http.Reply uploaded = http.send(new Request.Builder().url(a.uri("/files?name=plan.txt").toString())
                .header("Authorization", "Bearer " + ann).post(RequestBody.create(bytes, Http.TEXT)).build());
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        String id = ChatJson.mapper().readTree(uploaded.body()).get("id").asText();
        post(a, ann, "{\"to\":\"Bob\",\"text\":\"the plan\",\"files\":[\"" + id + "\"]}");
        Http.Reply forBob = send(c, bob, "GET", "/files/" + id, null);
        assertThat(forBob.status()).isEqualTo(200);
        assertThat(forBob.body()).isEqualTo("the plan, in bytes");
        assertThat(send(b, cy, "GET", "/files/" + id, null).status()).as("not Cy's to see (nor to know of)")
                .isEqualTo(404);
        assertThat(dir.resolve("shared-files/blobs")).isDirectory();
    }

    @Test
    void aThreadAndWhoFollowsItAndWhereTheyReadAreTheSameThroughEveryServer() throws Exception {
        String ann = claim(a, "Ann");
        String bob = claim(b, "Bob");
        StreamReader annOnC = stream(c, ann, "/chat?view=json", null);
        annOnC.next("presence");
        String root = post(a, ann, "{\"text\":\"lunch plans?\"}");
        String reply = post(b, bob, "{\"text\":\"pizza\",\"thread\":\"" + root + "\"}");
        StreamEvents.Following followed = ChatJson.read(annOnC.next("thread").data(), StreamEvents.Following.class);
        assertThat(followed).as("Ann wrote the root: told on C, where her stream is, though Bob posted on B")
                .isEqualTo(new StreamEvents.Following(root, "general", true, reply));
        Api.Threads threads = ChatJson.read(send(c, ann, "GET", "/threads", null).body(), Api.Threads.class);
        assertThat(threads.threads()).hasSize(1);
        assertThat(threads.threads().get(0).unread()).isEqualTo(1);
        assertThat(threads.threads().get(0).root().thread().replies()).isEqualTo(1);
        assertThat(send(a, ann, "POST", "/read", "{\"thread\":\"" + root + "\",\"upTo\":\"" + reply + "\"}")
                .status()).isEqualTo(204);
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> ChatJson.read(send(b, ann, "GET", "/threads",
                null).body(), Api.Threads.class).threads().get(0).unread() == 0);
        assertThat(send(b, ann, "DELETE", "/threads/" + root + "/follow", "").status()).isEqualTo(200);
        assertThat(ChatJson.read(annOnC.next("thread").data(), StreamEvents.Following.class).following()).isFalse();
        HistoryPage page = ChatJson.read(send(c, bob, "GET", "/chat/history?thread=" + root, null).body(),
                HistoryPage.class);
        assertThat(page.messages()).extracting(ChatMessage::text).containsExactly("pizza");

        // Where Bob read, said through A, reaches Ann reading the same room through C.
        assertThat(send(c, ann, "POST", "/read", "{\"room\":\"general\",\"upTo\":\"" + root + "\"}").status())
                .isEqualTo(204);
        assertThat(send(a, bob, "POST", "/read", "{\"room\":\"general\",\"upTo\":\"" + root + "\"}").status())
                .isEqualTo(204);
        StreamEvents.Reads reads;
        do {
            reads = ChatJson.read(annOnC.next("read").data(), StreamEvents.Reads.class);
        } while (!reads.readers().containsKey("Bob"));
        assertThat(reads.readers()).containsEntry("Bob", root);
        await().atMost(WAIT).until(() -> ChatJson.read(send(b, ann, "GET", "/read?room=general", null).body(),
                Api.ReadPositions.class).readers().containsKey("Bob"));
    }

    @Test
    void searchThroughAnyServerFindsWhatWasPostedThroughAnother() throws Exception {
        String ann = claim(a, "Ann");
        String bob = claim(b, "Bob");
        String edited = post(a, ann, "{\"text\":\"the roadmap draft\"}");
        post(a, ann, "{\"to\":\"Bob\",\"text\":\"secret roadmap\"}");
        await().atMost(WAIT).until(() -> search(c, bob, "roadmap").size() == 2);
        assertThat(search(b, ann, "roadmap")).containsExactly("secret roadmap", "the roadmap draft");
        assertThat(send(b, ann, "PATCH", "/chat/" + edited, "{\"text\":\"the plan\"}").status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> search(c, bob, "roadmap").size() == 1);
        assertThat(search(a, bob, "plan")).containsExactly("the plan");
        String cy = claim(c, "Cy");
        assertThat(search(b, cy, "secret")).as("nobody else's direct messages").isEmpty();
    }

    @Test
    void aRoomTheHostDeletesThroughOneServerIsGoneFromEveryServerAndFromRedis() throws Exception {
        String ann = claim(a, "Ann");
        assertThat(send(a, ann, "POST", "/host/claim", "{\"token\":\"" + a.server().hostToken() + "\"}").status())
                .isEqualTo(200);
        String bob = claim(b, "Bob");
        assertThat(send(b, bob, "POST", "/rooms", "{\"name\":\"Design\"}").status()).isEqualTo(201);
        await().atMost(WAIT).until(() -> send(c, bob, "GET", "/rooms", null).body().contains("\"design\""));
        String first = post(c, bob, "{\"room\":\"design\",\"text\":\"the secret plan\"}");
        for (int i = 0; i < 30; i++) {
            post(b, bob, "{\"room\":\"design\",\"text\":\"design note " + i + "\"}");
        }
        post(a, ann, "{\"text\":\"general chatter\"}");
        await().atMost(WAIT).until(() -> search(c, bob, "secret").size() == 1);
        StreamReader tutorialOnC = stream(c, null, "/rooms/design/chat", null);
        StreamReader bobOnB = stream(b, bob, "/chat?view=json", null);
        bobOnB.next("hello");

        Http.Reply deleted = send(a, ann, "POST", "/host/delete-room", "{\"room\":\"design\"}");
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        bobOnB.until(e -> e.type().equals("room") && e.data().contains("\"deleted\":true"), WAIT);
        assertThat(tutorialOnC.awaitEnd(WAIT)).as("the room's tutorial stream on another server ends").isTrue();
        await().atMost(WAIT).until(() -> send(c, bob, "GET", "/chat/history?room=design", null).status() == 404);
        await().atMost(WAIT).until(() -> search(c, bob, "secret").isEmpty());
        // A server started now reads the history from Redis alone: nothing of the room is left there.
        RunningServer d = node("d");
        try {
            StreamReader replay = stream(d, bob, "/chat?view=json", first.replaceAll("-\\d+$", "-0"));
            List<String> replayed = replay.until(e -> e.data().contains("deleted the room"), WAIT).stream()
                    .map(e -> e.data()).toList();
            assertThat(replayed).noneMatch(data -> data.contains("secret plan") || data.contains("design note"))
                    .anyMatch(data -> data.contains("general chatter"));
            assertThat(search(d, bob, "secret")).isEmpty();
        } finally {
            d.close();
        }
    }

    private List<String> search(RunningServer server, String token, String query) throws Exception {
        Http.Reply reply = send(server, token, "GET", "/search?q=" + query, null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<String> texts = new ArrayList<>();
        for (JsonNode result : ChatJson.mapper().readTree(reply.body()).get("results")) {
            texts.add(result.get("text").asText());
        }
        return texts;
    }

    @Test
    void whileRedisIsDownPostsAreRefusedWithAReasonStreamsStayOpenAndGoOnOnceItIsBack() throws Exception {
        String ann = claim(a, "Ann");
        StreamReader onB = stream(b, null, "/chat?view=json", null);
        post(a, ann, "{\"text\":\"before\"}");
        assertThat(chats(onB, 1)).containsExactly("before");
        redis.close();
        Http.Reply refused = send(a, ann, "POST", "/chat", "{\"text\":\"while down\"}");
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.retryAfter()).isNotNull();
        assertThat(refused.body()).contains("cannot be reached");
        redis = RedisServer.restart(redis);
        await().atMost(WAIT).ignoreExceptions().until(() -> send(c, ann, "POST", "/chat",
                "{\"text\":\"after\"}").status() == 201);
        assertThat(chats(onB, 1)).as("the same stream, still open").containsExactly("after");
    }
}
