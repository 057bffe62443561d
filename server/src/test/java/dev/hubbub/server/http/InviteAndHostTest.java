package dev.hubbub.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.HistoryPage;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import dev.hubbub.server.testing.StreamReader;
import dev.hubbub.sse.ServerSentEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invite-only rooms and the host's actions against a real server: what is refused without the key, joining with it,
 * rotating it; and each host action with what the affected person sees.
 */
class InviteAndHostTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    private final Http http = new Http();
    private final List<AutoCloseable> open = new ArrayList<>();
    private RunningServer server;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private Http.Reply send(String token, String method, String path, String json) throws Exception {
        Request.Builder request = new Request.Builder().url(server.uri(path).toString());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        request.method(method, json == null ? (method.equals("POST") ? RequestBody.create(new byte[0]) : null)
                : RequestBody.create(json, Http.JSON));
        return http.send(request.build());
    }

    private String claim(String name, String key) throws Exception {
        Http.Reply reply = send(null, "POST", "/session", "{\"name\":\"" + name + "\""
                + (key == null ? "" : ",\"key\":\"" + key + "\"") + "}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return ChatJson.mapper().readTree(reply.body()).get("token").asText();
    }

    private String host(String name, String key) throws Exception {
        String token = claim(name, key);
        Http.Reply made = send(token, "POST", "/host/claim", "{\"token\":\"" + server.server().hostToken() + "\"}");
        assertThat(made.status()).as(made.body()).isEqualTo(200);
        return token;
    }

    private StreamReader stream(String token) throws Exception {
        Request.Builder request = new Request.Builder().url(server.uri("/chat?view=json").toString())
                .header("Accept", "text/event-stream");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        var call = http.client.newCall(request.build());
        var response = call.execute();
        assertThat(response.code()).isEqualTo(200);
        open.add(call::cancel);
        return new StreamReader(response.body().byteStream(), "stream");
    }

    private StreamReader open(Request request) throws Exception {
        var call = http.client.newCall(request);
        var response = call.execute();
        assertThat(response.code()).isEqualTo(200);
        open.add(call::cancel);
        return new StreamReader(response.body().byteStream(), request.url().encodedPath());
    }

    private String post(String token, String json) throws Exception {
        Http.Reply reply = send(token, "POST", "/chat", json);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return ChatJson.mapper().readTree(reply.body()).get("id").asText();
    }

    /** The next {@code room} event on a stream whose data contains {@code what} (skipping everything else). */
    private static StreamEvents.RoomInfo nextRoom(StreamReader stream, String what) throws Exception {
        List<ServerSentEvent> seen = stream.until(e -> e.type().equals("room") && e.data().contains(what), WAIT);
        return ChatJson.read(seen.get(seen.size() - 1).data(), StreamEvents.RoomInfo.class);
    }

    /** The next notice line on a stream (skipping everything else). */
    private static ChatMessage nextNotice(StreamReader stream) throws Exception {
        for (ServerSentEvent e : stream.until(e -> e.type().equals("chat") && e.data().contains("\"notice\":true"),
                WAIT)) {
            if (e.data().contains("\"notice\":true")) {
                return ChatJson.read(e.data(), ChatMessage.class);
            }
        }
        throw new AssertionError("unreachable");
    }

    @Test
    void anInviteOnlyRoomRefusesEverythingWithoutItsKeyLetsTheLinkInAndRotates() throws Exception {
        server = RunningServer.start(dataDir, c -> c.with(b -> b.inviteOnly(true)));
        String key = server.server().inviteKey().orElseThrow();
        assertThat(java.nio.file.Files.getPosixFilePermissions(dataDir.resolve("host-token")))
                .as("the host token is its owner's alone")
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(java.nio.file.Files.readString(dataDir.resolve("host-token")).strip())
                .isEqualTo(server.server().hostToken());
        assertThat(server.server().joinLinks()).allMatch(uri -> uri.toString().endsWith("/?key=" + key));

        Http.Reply page = send(null, "GET", "/", null);
        assertThat(page.status()).isEqualTo(401);
        assertThat(page.body()).contains("This room is invite-only").contains("Ask the host for the link");
        for (String[] request : new String[][] {{"GET", "/chat"}, {"GET", "/chat?view=json"}, {"GET", "/app.js"},
                {"GET", "/chat/history"}, {"GET", "/search?q=x"}, {"GET", "/files/abc"}, {"GET", "/status"},
                {"GET", "/rooms"}, {"POST", "/files?name=a.txt"}}) {
            Http.Reply refused = send(null, request[0], request[1], null);
            assertThat(refused.status()).as(request[1]).isEqualTo(401);
            assertThat(refused.body()).as(request[1]).contains("invite-only");
        }
        Http.Reply tutorial = http.post(server.uri("/chat"), Http.TEXT, "Carl: hello?");
        assertThat(tutorial.status()).isEqualTo(401);
        assertThat(send(null, "POST", "/session", "{\"name\":\"Ann\"}").status()).isEqualTo(401);
        assertThat(send(null, "POST", "/session", "{\"name\":\"Ann\",\"key\":\"wrong\"}").status()).isEqualTo(401);

        Http.Reply byLink = send(null, "GET", "/?key=" + key, null);
        assertThat(byLink.status()).isEqualTo(200);
        assertThat(byLink.body()).contains("<title>Hubbub</title>");
        String ann = host("Ann", key);
        String bob = claim("Bob", key);
        assertThat(stream(bob).next("hello").data()).contains("\"you\":\"Bob\"");
        post(bob, "{\"text\":\"in with the link\"}");
        assertThat(send(ann, "GET", "/host", null).body()).contains("\"inviteOnly\":true")
                .contains("\"key\":\"" + key + "\"");
        assertThat(send(bob, "GET", "/host", null).status()).as("only the host").isEqualTo(403);
        assertThat(send(bob, "POST", "/host/key", "{}").status()).isEqualTo(403);

        // A new key: the old link lets nobody new in; tokens given before still work.
        Http.Reply rotated = send(ann, "POST", "/host/key", "{\"signOutEveryone\":false}");
        String newKey = ChatJson.mapper().readTree(rotated.body()).get("key").asText();
        assertThat(newKey).isNotEqualTo(key);
        Http.Reply old = send(null, "POST", "/session", "{\"name\":\"Cy\",\"key\":\"" + key + "\"}");
        assertThat(old.status()).isEqualTo(401);
        assertThat(old.body()).contains("no longer opens this room");
        assertThat(send(null, "GET", "/?key=" + key, null).status()).isEqualTo(401);
        String cy = claim("Cy", newKey);
        assertThat(send(bob, "GET", "/session", null).status()).isEqualTo(200);

        // A new key that signs everyone out: only the host stays in.
        send(ann, "POST", "/host/key", "{\"signOutEveryone\":true}");
        assertThat(send(bob, "GET", "/chat/history", null).status()).isEqualTo(401);
        assertThat(send(cy, "GET", "/chat/history", null).status()).isEqualTo(401);
        assertThat(send(ann, "GET", "/chat/history", null).status()).isEqualTo(200);

        // Open to all again: the tutorial client is back.
        assertThat(send(ann, "DELETE", "/host/key", null).body()).contains("\"inviteOnly\":false");
        assertThat(http.post(server.uri("/chat"), Http.TEXT, "Carl: hello?").status()).isEqualTo(201);
        assertThat(send(null, "GET", "/", null).status()).isEqualTo(200);
    }

    @Test
    void theHostRemovesMessagesMutesSetsRoomRulesRemovesAndFreesAndEveryoneSeesWhy() throws Exception {
        server = RunningServer.start(dataDir);
        String ann = host("Ann", null);
        String bob = claim("Bob", null);
        String cy = claim("Cy", null);
        assertThat(send(cy, "POST", "/host/claim", "{\"token\":\"guess\"}").status()).isEqualTo(403);
        StreamReader annSees = stream(ann);
        assertThat(ChatJson.read(annSees.next("hello").data(), StreamEvents.Hello.class).host()).isTrue();
        StreamReader cySees = stream(cy);
        assertThat(ChatJson.read(cySees.next("hello").data(), StreamEvents.Hello.class).host()).isFalse();

        String spam = post(bob, "{\"text\":\"buy now!!!\"}");
        assertThat(send(cy, "DELETE", "/chat/" + spam, null).status()).as("not Cy's to remove").isEqualTo(403);
        assertThat(send(ann, "DELETE", "/chat/" + spam, null).status()).isEqualTo(200);
        StreamEvents.Deletion deletion = ChatJson.read(cySees.next("delete").data(), StreamEvents.Deletion.class);
        assertThat(deletion.target()).isEqualTo(spam);
        assertThat(deletion.by()).isEqualTo("Ann");
        assertThat(nextNotice(cySees).text()).isEqualTo("Ann removed a message by Bob");
        HistoryPage general = ChatJson.read(send(cy, "GET", "/chat/history", null).body(), HistoryPage.class);
        assertThat(general.messages()).extracting(ChatMessage::text, ChatMessage::removedBy, ChatMessage::notice)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("", "Ann", false),
                        org.assertj.core.groups.Tuple.tuple("Ann removed a message by Bob", null, true));

        assertThat(send(ann, "POST", "/host/mute", "{\"name\":\"Bob\",\"minutes\":10}").status()).isEqualTo(200);
        assertThat(nextNotice(cySees).text()).isEqualTo("Ann muted Bob for 10 minutes");
        Http.Reply muted = send(bob, "POST", "/chat", "{\"text\":\"hello?\"}");
        assertThat(muted.status()).isEqualTo(403);
        assertThat(muted.body()).startsWith("the host muted Bob until ");
        String cysMessage = post(cy, "{\"text\":\"quiet now\"}");
        assertThat(send(bob, "POST", "/chat/" + cysMessage + "/reactions", "{\"emoji\":\"👎\"}").status())
                .isEqualTo(403);
        assertThat(send(bob, "POST", "/typing", "{\"room\":\"general\"}").status()).isEqualTo(403);
        assertThat(send(bob, "PUT", "/chat/" + cysMessage + "/pin", "").status()).as("nor pin").isEqualTo(403);
        assertThat(send(bob, "POST", "/chat", "{\"text\":\"x\",\"thread\":\"" + cysMessage + "\"}").status())
                .as("nor reply in a thread").isEqualTo(403);
        assertThat(send(bob, "POST", "/host/mute", "{\"name\":\"Ann\",\"minutes\":10}").status()).isEqualTo(403);
        assertThat(send(ann, "POST", "/host/mute", "{\"name\":\"Bob\",\"minutes\":0}").status()).isEqualTo(200);
        assertThat(nextNotice(cySees).text()).isEqualTo("Ann unmuted Bob");
        post(bob, "{\"text\":\"sorry\"}");

        // Read-only and slow mode are the room's rules, told to every stream.
        String newsId = ChatJson.mapper().readTree(send(ann, "POST", "/rooms", "{\"name\":\"News\"}").body())
                .get("id").asText();
        assertThat(send(ann, "POST", "/host/room", "{\"room\":\"" + newsId + "\",\"readOnly\":true}").status())
                .isEqualTo(200);
        assertThat(nextRoom(cySees, "readOnly").readOnly()).isTrue();
        assertThat(nextNotice(cySees).text()).isEqualTo("Ann made this room read-only: only the host posts here");
        Http.Reply readOnly = send(bob, "POST", "/chat", "{\"room\":\"" + newsId + "\",\"text\":\"me too\"}");
        assertThat(readOnly.status()).isEqualTo(403);
        assertThat(readOnly.body()).contains("# News is read-only");
        String release = post(ann, "{\"room\":\"" + newsId + "\",\"text\":\"release on Friday\"}");
        assertThat(send(bob, "PUT", "/chat/" + release + "/pin", "").status()).as("only the host pins there")
                .isEqualTo(403);
        assertThat(send(bob, "POST", "/chat", "{\"room\":\"" + newsId + "\",\"text\":\"x\",\"thread\":\""
                + release + "\"}").status()).as("nor replies in a thread").isEqualTo(403);
        assertThat(send(ann, "PUT", "/chat/" + release + "/pin", "").status()).isEqualTo(200);
        assertThat(nextNotice(cySees).text()).isEqualTo("Ann pinned a message: “release on Friday”");
        assertThat(stream(cy).next("hello").data()).as("a new stream's hello knows the rules")
                .contains("\"readOnly\":true");

        send(ann, "POST", "/host/room", "{\"room\":\"general\",\"slowModeSeconds\":30}");
        assertThat(nextNotice(cySees).text()).isEqualTo("Ann set slow mode: one message every 30 seconds per person");
        post(bob, "{\"text\":\"one\"}");
        Http.Reply slow = send(bob, "POST", "/chat", "{\"text\":\"two\"}");
        assertThat(slow.status()).isEqualTo(429);
        assertThat(slow.body()).contains("slow mode in # General: one message every 30 seconds");
        post(ann, "{\"text\":\"the host is not slowed\"}");
        post(ann, "{\"text\":\"not at all\"}");

        // Removed: Bob's streams end, his token is refused everywhere with the reason, and his name stays his.
        StreamReader bobSees = stream(bob);
        bobSees.next("hello");
        assertThat(send(ann, "POST", "/host/remove", "{\"name\":\"Bob\"}").status()).isEqualTo(200);
        assertThat(nextNotice(cySees).text()).isEqualTo("Ann removed Bob from the room");
        bobSees.awaitEnd(WAIT);
        for (String[] request : new String[][] {{"GET", "/chat?view=json"}, {"POST", "/chat"},
                {"GET", "/chat/history"}, {"GET", "/search?q=sorry"}, {"POST", "/typing"}, {"GET", "/session"},
                {"POST", "/files?name=a.txt"}, {"GET", "/rooms"}, {"POST", "/chat/" + cysMessage + "/reactions"}}) {
            Http.Reply refused = send(bob, request[0], request[1], request[0].equals("POST") ? "{}" : null);
            assertThat(refused.status()).as(request[1]).isEqualTo(403);
            assertThat(refused.body()).as(request[1]).contains("the host removed Bob from this room");
        }
        Http.Reply again = send(null, "POST", "/session", "{\"token\":\"" + bob + "\"}");
        assertThat(again.status()).isEqualTo(403);
        assertThat(send(null, "POST", "/session", "{\"name\":\"Bob\"}").status()).as("his name stays his")
                .isEqualTo(409);
        assertThat(send(ann, "POST", "/host/remove", "{\"name\":\"Ann\"}").status()).isEqualTo(409);

        assertThat(send(ann, "POST", "/host/free-name", "{\"name\":\"Bob\"}").status()).isEqualTo(200);
        assertThat(nextNotice(cySees).text()).isEqualTo("Ann freed the name Bob: anyone may take it now");
        claim("Bob", null);
        assertThat(send(null, "POST", "/host/mute", "{\"name\":\"Cy\",\"minutes\":1}").status()).isEqualTo(401);
    }

    @Test
    void everyActionThatOthersSeePassesTheSameRules() throws Exception {
        server = RunningServer.start(dataDir);
        String ann = host("Ann", null);
        String bob = claim("Bob", null);
        String cy = claim("Cy", null);
        String bobsWord = post(bob, "{\"text\":\"first\"}");
        Http.Reply photo = http.send(new Request.Builder().url(server.uri("/files?name=me.png").toString())
                .header("Authorization", "Bearer " + bob)
                .post(RequestBody.create(FilesTest.png(64, 64, false), okhttp3.MediaType.get("image/png"))).build());
        assertThat(photo.status()).as(photo.body()).isEqualTo(201);
        String photoId = ChatJson.mapper().readTree(photo.body()).get("id").asText();
        assertThat(send(bob, "PUT", "/profile/status", "{\"state\":\"active\",\"text\":\"lunch\"}").status())
                .isEqualTo(200);

        // Muted: no new room (which everyone would see), no typing, no file, no edit, no reaction, no new words in
        // a status and no picture (both go to every stream).
        send(ann, "POST", "/host/mute", "{\"name\":\"Bob\",\"minutes\":10}");
        for (String[] request : new String[][] {{"POST", "/rooms", "{\"name\":\"Spam\"}"},
                {"PUT", "/profile/status", "{\"state\":\"active\",\"text\":\"BUY CHEAP WATCHES at spam.example\"}"},
                {"PUT", "/profile/status", "{\"state\":\"away\",\"text\":\"lunch\",\"emoji\":\"💰\"}"},
                {"PUT", "/profile/picture", "{\"file\":\"" + photoId + "\"}"},
                {"POST", "/typing", "{\"room\":\"general\"}"}, {"POST", "/typing", "{\"to\":\"Cy\"}"},
                {"PATCH", "/chat/" + bobsWord, "{\"text\":\"edited while muted\"}"},
                {"POST", "/chat/" + bobsWord + "/reactions", "{\"emoji\":\"👍\"}"}}) {
            Http.Reply refused = send(bob, request[0], request[1], request[2]);
            assertThat(refused.status()).as(request[0] + " " + request[1]).isEqualTo(403);
            assertThat(refused.body()).as(request[1]).startsWith("the host muted Bob until ");
        }
        assertThat(server.server().hub().rooms()).extracting(r -> r.id()).containsExactly("general");
        assertThat(send(bob, "PUT", "/profile/status", "{\"state\":\"away\",\"text\":\"lunch\",\"auto\":true}")
                .status()).as("going away keeps the words there were").isEqualTo(200);
        assertThat(send(bob, "DELETE", "/profile/status", null).status()).as("and dropping them").isEqualTo(200);
        send(ann, "POST", "/host/mute", "{\"name\":\"Bob\",\"minutes\":0}");
        assertThat(send(bob, "PUT", "/profile/picture", "{\"file\":\"" + photoId + "\"}").status())
                .as("once unmuted").isEqualTo(200);

        // Read-only: only the host posts, edits, reacts or is seen typing there.
        String cysWord = post(cy, "{\"text\":\"before the rules\"}");
        send(ann, "POST", "/host/room", "{\"room\":\"general\",\"readOnly\":true}");
        for (String[] request : new String[][] {{"PATCH", "/chat/" + bobsWord, "{\"text\":\"sneaky edit\"}"},
                {"POST", "/chat/" + cysWord + "/reactions", "{\"emoji\":\"👍\"}"},
                {"POST", "/typing", "{\"room\":\"general\"}"}}) {
            Http.Reply refused = send(bob, request[0], request[1], request[2]);
            assertThat(refused.status()).as(request[0] + " " + request[1]).isEqualTo(403);
            assertThat(refused.body()).contains("# General is read-only");
        }
        assertThat(send(ann, "POST", "/chat/" + cysWord + "/reactions", "{\"emoji\":\"👍\"}").status())
                .isEqualTo(200);
        assertThat(send(bob, "POST", "/typing", "{\"to\":\"Cy\"}").status()).as("a direct conversation is no room")
                .isEqualTo(204);

        // Slow mode: a post and an edit each once per interval; a typo fixed just after sending goes through.
        send(ann, "POST", "/host/room", "{\"room\":\"general\",\"readOnly\":false,\"slowModeSeconds\":60}");
        String slowOne = post(bob, "{\"text\":\"teh one\"}");
        assertThat(send(bob, "PATCH", "/chat/" + slowOne, "{\"text\":\"the one\"}").status()).isEqualTo(200);
        Http.Reply again = send(bob, "PATCH", "/chat/" + slowOne, "{\"text\":\"the one!\"}");
        assertThat(again.status()).isEqualTo(429);
        assertThat(again.body()).contains("slow mode in # General: one edit every 60 seconds");
        // Someone not signed in is counted by address, whatever name each line gives.
        assertThat(http.post(server.uri("/chat"), Http.TEXT, "Guest1: hello").status()).isEqualTo(201);
        Http.Reply renamed = http.post(server.uri("/chat"), Http.TEXT, "Guest2: hello again");
        assertThat(renamed.status()).isEqualTo(429);
        assertThat(renamed.body()).contains("slow mode in # General");
    }

    @Test
    void theHostArchivesARoomAndDeletesOneWithItsMessagesForGood() throws Exception {
        server = RunningServer.start(dataDir);
        String ann = host("Ann", null);
        String bob = claim("Bob", null);
        send(bob, "POST", "/rooms", "{\"name\":\"Design\"}");
        String plan = post(bob, "{\"room\":\"design\",\"text\":\"the secret plan\"}");
        post(bob, "{\"text\":\"general chatter\"}");
        StreamReader bobSees = stream(bob);
        bobSees.next("hello");
        assertThat(send(bob, "POST", "/host/archive-room", "{\"room\":\"design\",\"archived\":true}").status())
                .as("only the host").isEqualTo(403);

        // Archived: readable, listed as such, and nobody acts there (the host neither) until it is brought back.
        assertThat(send(ann, "POST", "/host/archive-room", "{\"room\":\"design\",\"archived\":true}").status())
                .isEqualTo(200);
        assertThat(nextRoom(bobSees, "archived").archived()).isTrue();
        assertThat(nextNotice(bobSees).text()).startsWith("Ann archived this room");
        for (String token : new String[] {bob, ann}) {
            Http.Reply refused = send(token, "POST", "/chat", "{\"room\":\"design\",\"text\":\"still here?\"}");
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body()).contains("# Design is archived");
        }
        assertThat(send(bob, "POST", "/chat/" + plan + "/reactions", "{\"emoji\":\"👍\"}").status()).isEqualTo(403);
        assertThat(send(bob, "PATCH", "/chat/" + plan, "{\"text\":\"edited\"}").status()).isEqualTo(403);
        assertThat(send(bob, "POST", "/typing", "{\"room\":\"design\"}").status()).isEqualTo(403);
        assertThat(send(bob, "GET", "/chat/history?room=design", null).body()).contains("the secret plan");
        assertThat(send(bob, "GET", "/rooms", null).body()).contains("\"archived\":true");
        assertThat(stream(bob).next("hello").data()).as("a new stream's hello says so").contains("\"archived\":true");
        assertThat(send(ann, "POST", "/host/archive-room", "{\"room\":\"design\",\"archived\":true}").status())
                .isEqualTo(409);
        send(ann, "POST", "/host/archive-room", "{\"room\":\"design\",\"archived\":false}");
        assertThat(nextNotice(bobSees).text()).isEqualTo("Ann brought this room back from the archive");
        post(bob, "{\"room\":\"design\",\"text\":\"back at it\"}");

        // Deleted: gone from every list, its messages from history, search and replay, its tutorial streams end;
        // its name may be taken again, by a room with another id and nothing of the old one's.
        assertThat(send(ann, "POST", "/host/delete-room", "{\"room\":\"general\"}").status()).isEqualTo(409);
        StreamReader tutorial = open(new Request.Builder().url(server.uri("/rooms/design/chat").toString()).build());
        Http.Reply deleted = send(ann, "POST", "/host/delete-room", "{\"room\":\"design\"}");
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        StreamEvents.RoomInfo gone = nextRoom(bobSees, "deleted");
        assertThat(gone.id()).isEqualTo("design");
        assertThat(gone.deleted()).isTrue();
        ChatMessage notice = nextNotice(bobSees);
        assertThat(notice.room()).isEqualTo("general");
        assertThat(notice.text()).isEqualTo("Ann deleted the room # Design and its messages");
        assertThat(tutorial.awaitEnd(WAIT)).as("the room's tutorial stream ends").isTrue();
        assertThat(send(null, "GET", "/rooms/design/chat", null).status()).isEqualTo(404);
        assertThat(send(bob, "GET", "/rooms", null).body()).doesNotContain("design");
        assertThat(send(bob, "GET", "/chat/history?room=design", null).status()).isEqualTo(404);
        assertThat(send(bob, "GET", "/search?q=secret", null).body()).doesNotContain("secret plan");
        assertThat(send(bob, "POST", "/chat", "{\"room\":\"design\",\"text\":\"hello?\"}").status())
                .isEqualTo(404);
        assertThat(send(ann, "POST", "/host/delete-room", "{\"room\":\"design\"}").status()).isEqualTo(404);
        String again = ChatJson.mapper().readTree(send(bob, "POST", "/rooms", "{\"name\":\"Design\"}").body())
                .get("id").asText();
        assertThat(again).isEqualTo("design-2");
        assertThat(send(bob, "GET", "/chat/history?room=design-2", null).body()).doesNotContain("secret plan");

        // After a restart too, and a stream resuming from before it all replays none of the room.
        server.close();
        server = RunningServer.start(dataDir);
        assertThat(send(bob, "GET", "/rooms", null).body()).doesNotContain("\"id\":\"design\"")
                .contains("design-2");
        Request resume = new Request.Builder().url(server.uri("/chat?view=json").toString())
                .header("Authorization", "Bearer " + bob).header("Last-Event-ID", plan.replaceAll("\\.\\d+$", ".1"))
                .build();
        StreamReader replay = open(resume);
        List<ServerSentEvent> replayed = replay.until(e -> e.data().contains("deleted the room"), WAIT);
        assertThat(replayed).extracting(ServerSentEvent::data).noneMatch(d -> d.contains("secret plan"))
                .noneMatch(d -> d.contains("back at it")).anyMatch(d -> d.contains("general chatter"));
    }
}
