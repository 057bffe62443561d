package dev.hubbub.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.testing.Http;
import dev.hubbub.sse.ServerSentEvent;
import dev.hubbub.server.testing.RawClient;
import dev.hubbub.server.testing.RunningServer;
import dev.hubbub.server.testing.StreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rooms and direct messages against a real server; what a third person can see, over raw sockets. */
class RoomsAndDirectMessagesTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** A direct conversation's id: its two persons' keys. */
    private static final String DIRECT = "dm:~[0-9a-f]{32}:~[0-9a-f]{32}";

    @TempDir
    Path dataDir;

    private final Http http = new Http();
    private final List<AutoCloseable> open = new ArrayList<>();
    private RunningServer server;
    private String ann;
    private String bob;
    private String cy;

    @BeforeEach
    void start() throws Exception {
        server = RunningServer.start(dataDir);
        ann = claim("Ann");
        bob = claim("Bob");
        cy = claim("Cy");
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        server.close();
    }

    private String claim(String name) throws Exception {
        Http.Reply reply = http.post(server.uri("/session"), Http.JSON, "{\"name\":\"" + name + "\"}");
        assertThat(reply.status()).isEqualTo(201);
        return ChatJson.mapper().readTree(reply.body()).get("token").asText();
    }

    private Http.Reply send(String token, String method, String path, String json) throws Exception {
        Request.Builder request = new Request.Builder().url(server.uri(path).toString());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            request.method(method, RequestBody.create(json, Http.JSON));
        }
        return http.send(request.build());
    }

    private String post(String token, String json) throws Exception {
        Http.Reply reply = send(token, "POST", "/chat", json);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return ChatJson.mapper().readTree(reply.body()).get("id").asText();
    }

    private StreamReader stream(String token, String path, String lastEventId) throws Exception {
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
        return new StreamReader(response.body().byteStream(), path);
    }

    private RawClient raw(String token, String path, String lastEventId) throws Exception {
        RawClient client = RawClient.connect(server.port());
        open.add(client);
        client.send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                + (lastEventId == null ? "" : "Last-Event-ID: " + lastEventId + "\r\n") + "\r\n");
        return client;
    }

    @Test
    void roomsAreCreatedBySignedInPeopleListedAnnouncedAndPostedIn() throws Exception {
        assertThat(send(null, "POST", "/rooms", "{\"name\":\"Design\"}").status()).isEqualTo(401);
        StreamReader watcher = stream(null, "/chat?view=json", null);
        StreamEvents.Hello hello = ChatJson.read(watcher.next("hello").data(), StreamEvents.Hello.class);
        assertThat(hello.rooms()).extracting(StreamEvents.RoomInfo::id).containsExactly("general");

        Http.Reply created = send(ann, "POST", "/rooms", "{\"name\":\"Design\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body()).isEqualTo("{\"id\":\"design\",\"name\":\"Design\"}");
        assertThat(ChatJson.read(watcher.next("room").data(), StreamEvents.RoomInfo.class).id()).isEqualTo("design");
        Http.Reply again = send(bob, "POST", "/rooms", "{\"name\":\"design\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("its id is design");
        assertThat(send(bob, "POST", "/rooms", "{\"name\":\"" + "x".repeat(41) + "\"}").status()).isEqualTo(400);
        assertThat(http.send(new Request.Builder().url(server.uri("/rooms").toString()).build()).body())
                .isEqualTo("{\"rooms\":[{\"id\":\"general\",\"name\":\"General\",\"members\":3},"
                        + "{\"id\":\"design\",\"name\":\"Design\",\"members\":1}]}");

        StreamReader tutorial = stream(null, "/rooms/design/chat", null);
        post(bob, "{\"room\":\"design\",\"text\":\"in design\"}");
        post(bob, "{\"text\":\"in general\"}");
        assertThat(tutorial.next().data()).isEqualTo("Bob: in design");
        tutorial.expectNothingFor(Duration.ofMillis(300));
        ChatMessage inDesign = ChatJson.read(watcher.next("chat").data(), ChatMessage.class);
        assertThat(inDesign.room()).isEqualTo("design");
        assertThat(ChatJson.read(watcher.next("chat").data(), ChatMessage.class).room()).isEqualTo("general");
        assertThat(send(bob, "POST", "/chat", "{\"room\":\"nowhere\",\"text\":\"x\"}").status()).isEqualTo(404);
        assertThat(http.send(new Request.Builder().url(server.uri("/rooms/nowhere/chat").toString()).build())
                .status()).isEqualTo(404);
    }

    @Test
    void aDirectMessageReachesItsTwoPeopleAndNoStreamOrPageAThirdPersonCanOpen() throws Exception {
        send(ann, "POST", "/rooms", "{\"name\":\"Design\"}");
        String before = post(cy, "{\"text\":\"before anything private\"}");
        List<RawClient> third = new ArrayList<>();
        for (String[] s : new String[][] {
                {cy, "/chat?view=json"}, {null, "/chat?view=json"}, {null, "/chat"}, {cy, "/chat"},
                {null, "/rooms/general/chat"}, {cy, "/rooms/design/chat"}}) {
            third.add(raw(s[0], s[1], null));
        }
        StreamReader toBob = stream(bob, "/chat?view=json", null);
        StreamReader fromAnn = stream(ann, "/chat?view=json", null);

        String secret = "SECRET-" + UUID.randomUUID();
        assertThat(send(null, "POST", "/chat", "{\"author\":\"Eve\",\"to\":\"Bob\",\"text\":\"x\"}").status())
                .as("direct messages need a token").isEqualTo(401);
        assertThat(send(ann, "POST", "/chat", "{\"to\":\"Nobody\",\"text\":\"x\"}").status()).isEqualTo(404);
        Http.Reply dm = send(ann, "POST", "/chat", "{\"to\":\"bob\",\"text\":\"" + secret + "\"}");
        assertThat(dm.status()).isEqualTo(201);
        String conversation = ChatJson.mapper().readTree(dm.body()).get("room").asText();
        assertThat(conversation).as("between two persons, not names").matches(DIRECT);
        post(ann, "{\"room\":\"design\",\"text\":\"END design\"}");
        post(ann, "{\"text\":\"END general\"}");

        List<dev.hubbub.sse.ServerSentEvent> toBobEvents = toBob.until(e -> e.data().contains(secret), WAIT);
        ChatMessage received = ChatJson.read(toBobEvents.get(toBobEvents.size() - 1).data(), ChatMessage.class);
        assertThat(received.text()).isEqualTo(secret);
        assertThat(received.to()).isEqualTo("Bob");
        assertThat(received.room()).matches(DIRECT);
        assertThat(fromAnn.until(e -> e.data().contains(secret), WAIT)).isNotEmpty();

        for (RawClient stream : third) {
            assertThat(stream.readUntil("END", WAIT)).doesNotContain(secret);
        }
        // Replays, from before the message and from nothing: still nothing of it.
        for (String[] s : new String[][] {
                {cy, "/chat?view=json"}, {null, "/chat?view=json"}, {null, "/chat"}, {cy, "/rooms/design/chat"}}) {
            for (String id : new String[] {before, null}) {
                assertThat(raw(s[0], s[1], id).readUntil("END", WAIT)).as(s[1] + " from " + id)
                        .doesNotContain(secret);
            }
        }
        StreamReader bobAgain = stream(bob, "/chat?view=json", before);
        assertThat(bobAgain.until(e -> e.data().contains(secret), WAIT)).isNotEmpty();

        for (String[] s : new String[][] {
                {cy, "/chat/history?room=" + conversation}, {null, "/chat/history?room=" + conversation},
                {null, "/chat/history?with=Ann"}}) {
            Http.Reply history = send(s[0], "GET", s[1], null);
            assertThat(history.status()).as(s[1]).isIn(401, 404);
            assertThat(history.body()).doesNotContain(secret);
        }
        assertThat(send(cy, "GET", "/chat/history?with=Ann", null).body()).doesNotContain(secret);
        assertThat(send(cy, "GET", "/chat/history", null).body()).doesNotContain(secret);
        assertThat(send(bob, "GET", "/chat/history?with=Ann", null).body()).contains(secret);
        assertThat(send(bob, "GET", "/chat/history?room=" + conversation, null).body()).contains(secret);
        assertThat(send(cy, "GET", "/chat/history?room=" + conversation, null).status()).isEqualTo(404);
    }

    @Test
    void oneLastEventIdResumesEveryRoomAndDirectMessageWithNoGapAndNoDuplicateWhileOthersPost() throws Exception {
        send(ann, "POST", "/rooms", "{\"name\":\"Design\"}");
        send(ann, "POST", "/rooms", "{\"name\":\"Ops\"}");
        List<String> seenByBob = new java.util.concurrent.CopyOnWriteArrayList<>();
        String[] kinds = {"{\"text\":\"general %d\"}", "{\"room\":\"design\",\"text\":\"design %d\"}",
                "{\"room\":\"ops\",\"text\":\"ops %d\"}", "{\"to\":\"Bob\",\"text\":\"to Bob %d\"}",
                "{\"to\":\"Cy\",\"text\":\"to Cy %d\"}"};
        List<String> forBob = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 50; i++) {
            String json = String.format(kinds[i % kinds.length], i);
            String id = post(ann, json);
            if (!json.contains("to Cy")) {
                forBob.add(id);
            }
        }
        String resumeFrom = forBob.get(19);
        java.util.concurrent.atomic.AtomicBoolean posting = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread poster = new Thread(() -> {
            try {
                for (int i = 50; posting.get(); i++) {
                    String json = String.format(kinds[i % kinds.length], i);
                    String id = post(ann, json);
                    if (!json.contains("to Cy")) {
                        forBob.add(id);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        poster.start();
        try {
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> forBob.size() > 70);
            StreamReader resumed = stream(bob, "/chat?view=json", resumeFrom);
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> forBob.size() > 120);
            posting.set(false);
            poster.join();
            String last = forBob.get(forBob.size() - 1);
            resumed.until(e -> {
                if (e.type().equals("chat")) {
                    seenByBob.add(e.lastEventId());
                }
                return e.lastEventId().equals(last);
            }, Duration.ofSeconds(20));
            assertThat(seenByBob).isEqualTo(forBob.subList(20, forBob.size()));
        } finally {
            posting.set(false);
            poster.join();
        }
    }

    @Test
    void typingReachesThoseWhoMaySeeItAndIsNeverStoredNorShownToTutorialClients() throws Exception {
        StreamReader bobs = stream(bob, "/chat?view=json", null);
        StreamReader cys = stream(cy, "/chat?view=json", null);
        RawClient tutorial = raw(null, "/chat", null);
        bobs.next("presence");
        cys.next("presence");
        assertThat(send(null, "POST", "/typing", "{\"room\":\"general\"}").status()).isEqualTo(401);
        assertThat(send(ann, "POST", "/typing", "{\"room\":\"nowhere\"}").status()).isEqualTo(404);
        assertThat(send(ann, "POST", "/typing", "{\"to\":\"Nobody\"}").status()).isEqualTo(404);

        assertThat(send(ann, "POST", "/typing", "{\"room\":\"general\"}").status()).isEqualTo(204);
        for (StreamReader reader : List.of(bobs, cys)) {
            ServerSentEvent typing = reader.next("typing");
            assertThat(typing.data()).isEqualTo("{\"room\":\"general\",\"name\":\"Ann\"}");
            assertThat(typing.lastEventId()).as("no id: nothing to resume from").isEmpty();
        }
        assertThat(send(ann, "POST", "/typing", "{\"to\":\"Bob\"}").status()).isEqualTo(204);
        assertThat(bobs.next("typing").data()).matches("\\{\"room\":\"" + DIRECT + "\",\"name\":\"Ann\",\"to\":\"Bob\"}");
        String id = post(ann, "{\"text\":\"done typing\"}");
        List<ServerSentEvent> beforeTheMessage = cys.until(e -> e.lastEventId().equals(id), WAIT);
        assertThat(beforeTheMessage).extracting(ServerSentEvent::type).containsExactly("chat");
        String shown = tutorial.readUntil("done typing", WAIT);
        assertThat(shown).doesNotContain("event: typing").doesNotContain("\"name\":\"Ann\"");

        // Not stored: a stream opened now, from before all of it, replays the message alone.
        StreamReader later = stream(cy, "/chat?view=json", null);
        List<ServerSentEvent> replayed = later.until(e -> e.lastEventId().equals(id), WAIT);
        assertThat(replayed).extracting(ServerSentEvent::type).doesNotContain("typing");
        Http.Reply tooOften = null;
        for (int i = 0; i < 10 && (tooOften == null || tooOften.status() != 429); i++) {
            tooOften = send(ann, "POST", "/typing", "{\"room\":\"general\"}");
        }
        assertThat(tooOften.status()).isEqualTo(429);
    }

    @Test
    void aMessageSaysWhoItMentionsAsTheyWereWhenItWasPosted() throws Exception {
        StreamReader cys = stream(cy, "/chat?view=json", null);
        String id = post(ann, "{\"text\":\"@bob and @room: the build is green (cc @Dee)\"}");
        List<ServerSentEvent> got = cys.until(e -> e.lastEventId().equals(id), WAIT);
        ChatMessage message = ChatJson.read(got.get(got.size() - 1).data(), ChatMessage.class);
        assertThat(message.mentions()).containsExactly("Bob");
        assertThat(message.mentionsRoom()).isTrue();
        assertThat(send(null, "POST", "/session", "{\"name\":\"Dee\"}").status()).isEqualTo(201);
        // Dee claimed the name after the post: the stored message still mentions Bob alone.
        Http.Reply page = send(ann, "GET", "/chat/history?room=general", null);
        assertThat(page.body()).contains("\"mentions\":[\"Bob\"],\"mentionsRoom\":true");
    }

    @Test
    void roomsAreBoundedPerPersonPerAddressAndInAll() throws Exception {
        for (int i = 1; i <= RoomsHandler.ROOM_BURST; i++) {
            assertThat(send(ann, "POST", "/rooms", "{\"name\":\"Room " + i + "\"}").status()).isEqualTo(201);
        }
        Http.Reply tooMany = send(ann, "POST", "/rooms", "{\"name\":\"One more\"}");
        assertThat(tooMany.status()).isEqualTo(429);
        assertThat(tooMany.retryAfter()).isNotNull();
        assertThat(tooMany.body()).contains("too many new rooms");
        assertThat(send(bob, "POST", "/rooms", "{\"name\":\"From the same address\"}").status())
                .as("another person at the same address").isEqualTo(429);
        // The hub hears of each new room through its tail of the log, a moment after the 201.
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(server.server().hub().rooms()).hasSize(1 + RoomsHandler.ROOM_BURST));
    }

    @Test
    void noRoomPastMaxRooms() throws Exception {
        server.close();
        server = RunningServer.start(dataDir, c -> c.with(b -> b.limits(l -> l.maxRooms(3))));
        assertThat(send(ann, "POST", "/rooms", "{\"name\":\"Two\"}").status()).isEqualTo(201);
        assertThat(send(bob, "POST", "/rooms", "{\"name\":\"Three\"}").status()).isEqualTo(201);
        Http.Reply full = send(cy, "POST", "/rooms", "{\"name\":\"Four\"}");
        assertThat(full.status()).isEqualTo(403);
        assertThat(full.body()).contains("3 rooms, the most it keeps").contains("--max-rooms");
    }

    @Test
    void aStreamOpensOnAServerOfTenThousandRooms() throws Exception {
        server.close();
        // Ten thousand rooms, put straight into the database (creating them through the API takes minutes).
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:"
                + dataDir.resolve("hubbub.db"))) {
            db.setAutoCommit(false);
            try (java.sql.PreparedStatement insert = db.prepareStatement("INSERT INTO rooms (id, name, name_key, "
                    + "created_by, created_micros) VALUES (?, ?, ?, 'ann', ?)")) {
                for (int i = 0; i < 10_000; i++) {
                    String name = "Room number " + i + " of very many";
                    insert.setString(1, "room-number-" + i + "-of-very-many");
                    insert.setString(2, name);
                    insert.setString(3, dev.hubbub.chat.Names.key(name));
                    insert.setLong(4, i);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            db.commit();
        }
        long maxLag = 256 * 1024;
        server = RunningServer.start(dataDir, c -> c.with(b -> b.hub(h -> h.maxLagBytes(maxLag))));
        StreamReader stream = stream(ann, "/chat?view=json", null);
        ServerSentEvent hello = stream.next("hello");
        assertThat(hello.data().length()).as("the hello is larger than the lag limit").isGreaterThan((int) maxLag);
        assertThat(ChatJson.read(hello.data(), StreamEvents.Hello.class).rooms()).hasSize(10_001);
        post(bob, "{\"text\":\"still streaming\"}");
        assertThat(ChatJson.read(stream.next("chat").data(), ChatMessage.class).text()).isEqualTo("still streaming");
    }
}
