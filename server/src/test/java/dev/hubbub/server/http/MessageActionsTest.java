package dev.hubbub.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubbub.chat.Api;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.HistoryPage;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import dev.hubbub.server.testing.StreamReader;
import dev.hubbub.sse.ServerSentEvent;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reply, threads, edit, delete and reactions over HTTP against a real server: who may do what, the events the
 * streams carry (and the tutorial stream does not), a resumed stream and a history page after a restart showing the
 * same state, and search over what the messages say now.
 */
class MessageActionsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

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
        request.method(method, json == null ? null : RequestBody.create(json, Http.JSON));
        return http.send(request.build());
    }

    private String post(String token, String json) throws Exception {
        Http.Reply reply = send(token, "POST", "/chat", json);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return idOf(reply);
    }

    private static String idOf(Http.Reply reply) throws Exception {
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

    private HistoryPage history(String token, String query) throws Exception {
        Http.Reply reply = send(token, "GET", "/chat/history?" + query, null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return ChatJson.read(reply.body(), HistoryPage.class);
    }

    private static String reactionPath(String id, String emoji) {
        return "/chat/" + id + "/reactions/" + URLEncoder.encode(emoji, StandardCharsets.UTF_8);
    }

    @Test
    void editDeleteAndReactAreEventsOfTheirOwnThatEveryViewFoldsTheSameWay() throws Exception {
        StreamReader watcher = stream(cy, "/chat?view=json", null);
        watcher.next("presence");
        StreamReader tutorial = stream(null, "/chat", null);
        String first = post(ann, "{\"text\":\"helo everyone\"}");
        String second = post(ann, "{\"text\":\"this one goes\"}");
        assertThat(watcher.next("chat").lastEventId()).isEqualTo(first);
        assertThat(watcher.next("chat").lastEventId()).isEqualTo(second);

        // Only the author changes a message; a reader gets 403, a stranger to it 404, nobody signed in 401.
        assertThat(send(bob, "PATCH", "/chat/" + first, "{\"text\":\"mine now\"}").status()).isEqualTo(403);
        assertThat(send(bob, "DELETE", "/chat/" + first, null).status()).isEqualTo(403);
        assertThat(send(null, "PATCH", "/chat/" + first, "{\"text\":\"x\"}").status()).isEqualTo(401);
        assertThat(send(ann, "PATCH", "/chat/nosuchid", "{\"text\":\"x\"}").status()).isEqualTo(404);
        String unknown = first.substring(0, first.indexOf('.') + 1) + "999999";
        assertThat(send(ann, "DELETE", "/chat/" + unknown, null).status()).isEqualTo(404);
        Http.Reply empty = send(ann, "PATCH", "/chat/" + first, "{\"text\":\"   \"}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body()).contains("text is");

        Http.Reply edited = send(ann, "PATCH", "/chat/" + first, "{\"text\":\"hello everyone, @Bob\"}");
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        ServerSentEvent edit = watcher.next("edit");
        assertThat(edit.lastEventId()).isEqualTo(idOf(edited));
        StreamEvents.Edit editData = ChatJson.read(edit.data(), StreamEvents.Edit.class);
        assertThat(editData.target()).isEqualTo(first);
        assertThat(editData.text()).isEqualTo("hello everyone, @Bob");
        assertThat(editData.mentions()).containsExactly("Bob");

        Http.Reply thumbs = send(bob, "POST", "/chat/" + first + "/reactions", "{\"emoji\":\"👍\"}");
        assertThat(thumbs.status()).as(thumbs.body()).isEqualTo(200);
        StreamEvents.ReactionChange reaction = ChatJson.read(watcher.next("reaction").data(),
                StreamEvents.ReactionChange.class);
        assertThat(reaction).usingRecursiveComparison().ignoringFields("message").isEqualTo(
                new StreamEvents.ReactionChange(idOf(thumbs), first, "general", "Bob", "👍", true, null));
        assertThat(reaction.message().id()).as("the message as it stands after the reaction").isEqualTo(first);
        assertThat(reaction.message().text()).isEqualTo("hello everyone, @Bob");
        assertThat(reaction.message().reactions()).containsExactly(
                new dev.hubbub.chat.ChatMessage.Reactions("👍", List.of("Bob")));
        assertThat(editData.message().text()).isEqualTo("hello everyone, @Bob");
        assertThat(editData.message().editedAt()).isNotNull();
        assertThat(idOf(send(bob, "POST", "/chat/" + first + "/reactions", "{\"emoji\":\"👍\"}")))
                .as("the same reaction twice is one").isEqualTo(first);
        assertThat(send(cy, "POST", "/chat/" + first + "/reactions", "{\"emoji\":\"👍\"}").status()).isEqualTo(200);
        assertThat(send(cy, "POST", "/chat/" + first + "/reactions", "{\"emoji\":\"🎉\"}").status()).isEqualTo(200);
        assertThat(send(cy, "DELETE", reactionPath(first, "🎉"), null).status()).isEqualTo(200);
        Http.Reply words = send(cy, "POST", "/chat/" + first + "/reactions", "{\"emoji\":\"lol\"}");
        assertThat(words.status()).isEqualTo(400);
        assertThat(words.body()).contains("one emoji");

        Http.Reply deleted = send(ann, "DELETE", "/chat/" + second, null);
        assertThat(deleted.status()).isEqualTo(200);
        String deletionId = idOf(deleted);
        assertThat(send(ann, "PATCH", "/chat/" + second, "{\"text\":\"back\"}").status()).isEqualTo(410);
        assertThat(send(bob, "POST", "/chat/" + second + "/reactions", "{\"emoji\":\"👍\"}").status())
                .isEqualTo(410);
        List<ServerSentEvent> rest = watcher.until(e -> e.type().equals("delete"), WAIT);
        assertThat(rest).extracting(ServerSentEvent::type)
                .containsExactly("reaction", "reaction", "reaction", "delete");
        assertThat(ChatJson.read(rest.get(3).data(), StreamEvents.Deletion.class).target()).isEqualTo(second);
        for (String invisible : new String[] {"\u200b\u200b", "\ufe0f", "\u2800", "\u3164", "\u2764\u200d"}) {
            Http.Reply refused = send(cy, "POST", "/chat/" + first + "/reactions", "{\"emoji\":\"" + invisible
                    + "\"}");
            assertThat(refused.status()).as("U+%04X", (int) invisible.charAt(0)).isEqualTo(400);
            assertThat(refused.body()).contains("one emoji");
        }

        // The tutorial stream keeps what was sent, and nothing else.
        assertThat(tutorial.next().data()).isEqualTo("Ann: helo everyone");
        assertThat(tutorial.next().data()).isEqualTo("Ann: this one goes");
        tutorial.expectNothingFor(Duration.ofMillis(300));

        // A stream resuming from before the actions hears them all again, in order, with their ids.
        StreamReader resumed = stream(cy, "/chat?view=json", second);
        List<ServerSentEvent> replayed = resumed.until(e -> e.type().equals("delete"), WAIT);
        assertThat(replayed.stream().map(ServerSentEvent::type).filter(t -> !List.of("hello", "presence", "join")
                .contains(t))).containsExactly("edit", "reaction", "reaction", "reaction", "reaction", "delete");
        assertThat(replayed.get(replayed.size() - 1).lastEventId()).isEqualTo(deletionId);

        assertFolded(history(cy, "room=general"), first, second);
        server.close();
        server = RunningServer.start(dataDir);
        assertFolded(history(cy, "room=general"), first, second);
        StreamReader afterRestart = stream(cy, "/chat?view=json", second);
        assertThat(afterRestart.until(e -> e.type().equals("delete"), WAIT).stream()
                .filter(e -> e.type().equals("reaction")).count()).isEqualTo(4);
    }

    private static void assertFolded(HistoryPage page, String first, String second) {
        ChatMessage edited = page.messages().stream().filter(m -> m.id().equals(first)).findFirst().orElseThrow();
        assertThat(edited.text()).isEqualTo("hello everyone, @Bob");
        assertThat(edited.editedAt()).isNotNull();
        assertThat(edited.mentions()).containsExactly("Bob");
        assertThat(edited.reactions()).containsExactly(new ChatMessage.Reactions("👍", List.of("Bob", "Cy")));
        ChatMessage gone = page.messages().stream().filter(m -> m.id().equals(second)).findFirst().orElseThrow();
        assertThat(gone.deleted()).isTrue();
        assertThat(gone.text()).isEmpty();
    }

    @Test
    void aReplyQuotesWhatItAnswersInTheSameConversationOnly() throws Exception {
        StreamReader watcher = stream(bob, "/chat?view=json", null);
        watcher.next("presence");
        String question = post(ann, "{\"text\":\"lunch at noon? " + "x".repeat(300) + "\"}");
        String elsewhere = post(ann, "{\"to\":\"Bob\",\"text\":\"psst\"}");
        String reply = post(bob, "{\"text\":\"yes!\",\"replyTo\":\"" + question + "\"}");
        List<ServerSentEvent> heard = watcher.until(e -> e.lastEventId().equals(reply), WAIT);
        ChatMessage answered = ChatJson.read(heard.get(heard.size() - 1).data(), ChatMessage.class);
        assertThat(answered.replyTo().id()).isEqualTo(question);
        assertThat(answered.replyTo().author()).isEqualTo("Ann");
        assertThat(answered.replyTo().text()).startsWith("lunch at noon? ").endsWith("…")
                .hasSize(ChatMessage.QUOTE_LENGTH + 1);
        assertThat(history(bob, "room=general").messages().get(1).replyTo()).isEqualTo(answered.replyTo());

        Http.Reply across = send(bob, "POST", "/chat", "{\"text\":\"no\",\"replyTo\":\"" + elsewhere + "\"}");
        assertThat(across.status()).isEqualTo(404);
        assertThat(across.body()).contains("in this conversation");
        assertThat(send(bob, "POST", "/chat", "{\"to\":\"Ann\",\"text\":\"ok\",\"replyTo\":\"" + elsewhere + "\"}")
                .status()).isEqualTo(201);
        assertThat(send(ann, "DELETE", "/chat/" + question, null).status()).isEqualTo(200);
        assertThat(send(bob, "POST", "/chat", "{\"text\":\"?\",\"replyTo\":\"" + question + "\"}").status())
                .isEqualTo(410);
    }

    @Test
    void actionsOnADirectMessageStayBetweenItsTwoPeople() throws Exception {
        StreamReader third = stream(cy, "/chat?view=json", null);
        third.next("presence");
        StreamReader bobs = stream(bob, "/chat?view=json", null);
        bobs.next("presence");
        String dm = post(ann, "{\"to\":\"Bob\",\"text\":\"just us\"}");
        assertThat(send(cy, "POST", "/chat/" + dm + "/reactions", "{\"emoji\":\"👀\"}").status()).isEqualTo(404);
        assertThat(send(bob, "POST", "/chat/" + dm + "/reactions", "{\"emoji\":\"❤️\"}").status()).isEqualTo(200);
        assertThat(send(ann, "PATCH", "/chat/" + dm, "{\"text\":\"just the two of us\"}").status()).isEqualTo(200);
        String marker = post(cy, "{\"text\":\"public\"}");
        assertThat(bobs.until(e -> e.type().equals("edit"), WAIT)).extracting(ServerSentEvent::type)
                .contains("chat", "reaction");
        assertThat(third.until(e -> marker.equals(e.lastEventId()), WAIT)).extracting(ServerSentEvent::type)
                .isSubsetOf("chat", "join");
        assertThat(history(bob, "with=Ann").messages().get(0).reactions())
                .containsExactly(new ChatMessage.Reactions("❤️", List.of("Bob")));
    }

    @Test
    void aThreadTakesRepliesOutOfTheRoomAndItsRootCountsThemOnEveryRoute() throws Exception {
        StreamReader watcher = stream(cy, "/chat?view=json", null);
        watcher.next("presence");
        StreamReader tutorial = stream(null, "/chat", null);
        String root = post(ann, "{\"text\":\"shall we move the standup?\"}");
        String reply = post(bob, "{\"text\":\"yes, to 10\",\"thread\":\"" + root + "\"}");
        String shared = post(cy, "{\"text\":\"10 works\",\"thread\":\"" + root + "\",\"alsoInRoom\":true}");

        ChatMessage rootSeen = ChatJson.read(watcher.next("chat").data(), ChatMessage.class);
        assertThat(rootSeen.thread()).as("nobody replied yet").isNull();
        ChatMessage replySeen = ChatJson.read(watcher.next("chat").data(), ChatMessage.class);
        assertThat(replySeen.isInThread()).isTrue();
        assertThat(replySeen.thread().root()).isEqualTo(root);
        assertThat(replySeen.thread().replies()).isEqualTo(1);
        assertThat(replySeen.alsoInRoom()).isFalse();
        ChatMessage sharedSeen = ChatJson.read(watcher.next("chat").data(), ChatMessage.class);
        assertThat(sharedSeen.thread().replies()).isEqualTo(2);
        assertThat(sharedSeen.thread().people()).containsExactly("Bob", "Cy");
        assertThat(sharedSeen.thread().lastReplyAt()).isEqualTo(sharedSeen.sentAt());
        assertThat(sharedSeen.alsoInRoom()).isTrue();
        assertThat(List.of(tutorial.next("chat").data(), tutorial.next("chat").data(), tutorial.next("chat").data()))
                .as("the tutorial stream carries replies as lines of the room, as ever")
                .containsExactly("Ann: shall we move the standup?", "Bob: yes, to 10", "Cy: 10 works");

        HistoryPage room = history(cy, "room=general");
        assertThat(room.messages()).extracting(ChatMessage::id).containsExactly(root, shared);
        assertThat(room.messages().get(0).thread()).isEqualTo(new ChatMessage.Thread(root, 2,
                sharedSeen.sentAt(), List.of("Bob", "Cy")));
        HistoryPage thread = history(cy, "thread=" + root);
        assertThat(thread.root().id()).isEqualTo(root);
        assertThat(thread.root().thread().replies()).isEqualTo(2);
        assertThat(thread.messages()).extracting(ChatMessage::id).containsExactly(reply, shared);
        assertThat(history(cy, "thread=" + root + "&limit=1").more()).isTrue();
        assertThat(history(cy, "thread=" + root + "&before=" + shared).messages()).extracting(ChatMessage::id)
                .containsExactly(reply);
        JsonNode found = search(ann, "standup").get("results");
        assertThat(found.get(0).get("id").asText()).isEqualTo(root);
        assertThat(search(ann, "works").get("results").get(0).get("thread").get("root").asText())
                .as("a result in a thread names its thread, to open it").isEqualTo(root);

        // Edits, reactions and deletions work in a thread as in the room; a deleted reply stays and counts.
        assertThat(send(bob, "PATCH", "/chat/" + reply, "{\"text\":\"yes, to 10:30\"}").status()).isEqualTo(200);
        assertThat(send(ann, "POST", "/chat/" + reply + "/reactions", "{\"emoji\":\"👍\"}").status()).isEqualTo(200);
        assertThat(send(bob, "DELETE", "/chat/" + shared, null).status()).as("only its author").isEqualTo(403);
        thread = history(ann, "thread=" + root);
        assertThat(thread.messages().get(0).text()).isEqualTo("yes, to 10:30");
        assertThat(thread.messages().get(0).reactions()).hasSize(1);
        assertThat(send(cy, "DELETE", "/chat/" + shared, null).status()).isEqualTo(200);
        assertThat(history(ann, "thread=" + root).messages().get(1).deleted()).isTrue();
        assertThat(history(ann, "thread=" + root).root().thread().replies()).isEqualTo(2);

        // What is wrong gets a status and a sentence, and nothing is stored.
        Http.Reply made = send(ann, "POST", "/rooms", "{\"name\":\"Design\"}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        String other = ChatJson.mapper().readTree(made.body()).get("id").asText();
        Http.Reply elsewhere = send(bob, "POST", "/chat", "{\"text\":\"x\",\"room\":\"" + other
                + "\",\"thread\":\"" + root + "\"}");
        assertThat(elsewhere.status()).isEqualTo(404);
        assertThat(elsewhere.body()).contains("no message " + root + " in this conversation");
        Http.Reply branch = send(bob, "POST", "/chat", "{\"text\":\"x\",\"thread\":\"" + reply + "\"}");
        assertThat(branch.status()).isEqualTo(400);
        assertThat(branch.body()).contains("itself a reply in a thread");
        assertThat(send(bob, "POST", "/chat", "{\"text\":\"x\",\"alsoInRoom\":true}").body())
                .contains("alsoInRoom goes with thread");
        assertThat(send(bob, "POST", "/chat", "{\"text\":\"x\",\"thread\":\"nonsense\"}").status())
                .isEqualTo(404);
        String gone = post(ann, "{\"text\":\"never mind\"}");
        assertThat(send(ann, "DELETE", "/chat/" + gone, null).status()).isEqualTo(200);
        assertThat(send(bob, "POST", "/chat", "{\"text\":\"x\",\"thread\":\"" + gone + "\"}").status())
                .isEqualTo(410);
        assertThat(send(cy, "GET", "/chat/history?thread=" + reply, null).status()).isEqualTo(400);
        assertThat(send(cy, "GET", "/chat/history?thread=" + root + "&room=general", null).status())
                .isEqualTo(400);
        assertThat(history(cy, "thread=" + root).messages()).hasSize(2);

        // After a restart, the same from the database.
        server.close();
        server = RunningServer.start(dataDir);
        assertThat(history(cy, "room=general").messages().get(0).thread().replies()).isEqualTo(2);
    }

    @Test
    void aThreadInADirectConversationIsTheirTwoPeoplesAlone() throws Exception {
        StreamReader cySees = stream(cy, "/chat?view=json", null);
        cySees.next("presence");
        String root = post(ann, "{\"to\":\"Bob\",\"text\":\"about the surprise party\"}");
        String reply = post(bob, "{\"to\":\"Ann\",\"text\":\"cake from the bakery\",\"thread\":\""
                + root + "\"}");
        HistoryPage thread = history(ann, "thread=" + root);
        assertThat(thread.room()).startsWith("dm:");
        assertThat(thread.messages()).extracting(ChatMessage::id).containsExactly(reply);
        assertThat(history(bob, "with=Ann").messages()).extracting(ChatMessage::id).containsExactly(root);

        Http.Reply peek = send(cy, "GET", "/chat/history?thread=" + root, null);
        assertThat(peek.status()).isEqualTo(404);
        assertThat(peek.body()).doesNotContain("surprise");
        assertThat(send(null, "GET", "/chat/history?thread=" + root, null).status()).isEqualTo(404);
        for (String json : List.of("{\"text\":\"x\",\"thread\":\"" + root + "\"}",
                "{\"to\":\"Ann\",\"text\":\"x\",\"thread\":\"" + root + "\"}",
                "{\"to\":\"Bob\",\"text\":\"x\",\"thread\":\"" + root + "\",\"alsoInRoom\":true}")) {
            assertThat(send(cy, "POST", "/chat", json).status()).as(json).isEqualTo(404);
        }
        assertThat(ids(search(cy, "bakery"))).isEmpty();
        assertThat(ids(search(ann, "bakery"))).containsExactly(reply);
        String marker = post(cy, "{\"text\":\"marker\"}");
        assertThat(cySees.until(e -> marker.equals(e.lastEventId()), WAIT)).extracting(ServerSentEvent::data)
                .noneMatch(data -> data.contains("bakery") || data.contains("surprise"));
    }

    @Test
    void whoTookPartFollowsAThreadUntilTheyChooseNotToAndItsUnreadRepliesAreCounted() throws Exception {
        StreamReader annSees = stream(ann, "/chat?view=json", null);
        annSees.next("presence");
        StreamReader cySees = stream(cy, "/chat?view=json", null);
        cySees.next("presence");
        String root = post(ann, "{\"text\":\"release checklist\"}");
        assertThat(threads(ann)).isEmpty();
        String first = post(bob, "{\"text\":\"tests are green\",\"thread\":\"" + root + "\"}");
        assertThat(following(annSees)).as("the root's author follows once someone replies")
                .isEqualTo(new StreamEvents.Following(root, "general", true, first));
        String second = post(bob, "{\"text\":\"@Cy can you tag it?\",\"thread\":\"" + root + "\"}");
        assertThat(following(cySees)).as("mentioned in it").isEqualTo(new StreamEvents.Following(root, "general",
                true, second));
        List<Api.FollowedThread> anns = threads(ann);
        assertThat(anns).hasSize(1);
        assertThat(anns.get(0).root().id()).isEqualTo(root);
        assertThat(anns.get(0).unread()).isEqualTo(2);
        assertThat(threads(bob).get(0).unread()).as("one's own replies are read").isZero();

        assertThat(send(ann, "POST", "/read", "{\"thread\":\"" + root + "\",\"upTo\":\"" + first + "\"}")
                .status()).isEqualTo(204);
        assertThat(threads(ann).get(0).unread()).isEqualTo(1);
        assertThat(send(ann, "POST", "/read", "{\"thread\":\"" + root + "\",\"upTo\":\"" + root + "\"}")
                .status()).as("never back").isEqualTo(204);
        assertThat(threads(ann).get(0).unread()).isEqualTo(1);

        // Stopping holds, even when taking part again; choosing to follow again does.
        Http.Reply stop = send(cy, "DELETE", "/threads/" + root + "/follow", null);
        assertThat(stop.status()).isEqualTo(200);
        assertThat(following(cySees).following()).isFalse();
        post(cy, "{\"text\":\"tagged\",\"thread\":\"" + root + "\"}");
        assertThat(threads(cy)).isEmpty();
        assertThat(send(cy, "PUT", "/threads/" + root + "/follow", "").status()).isEqualTo(200);
        assertThat(threads(cy)).hasSize(1);

        // Newest activity first; a thread of a deleted room is gone from the list.
        Http.Reply made = send(ann, "POST", "/rooms", "{\"name\":\"Ops\"}");
        String ops = ChatJson.mapper().readTree(made.body()).get("id").asText();
        String other = post(ann, "{\"room\":\"" + ops + "\",\"text\":\"disk full\"}");
        post(bob, "{\"room\":\"" + ops + "\",\"text\":\"on it\",\"thread\":\"" + other + "\"}");
        assertThat(following(annSees).root()).as("following comes a moment after the reply").isEqualTo(other);
        assertThat(threads(ann)).extracting(t -> t.root().id()).containsExactly(other, root);
        Api.FollowedThread inOps = threads(ann).get(0);
        assertThat(inOps.root().room()).isEqualTo(ops);

        // What is wrong gets a status and a sentence.
        assertThat(send(null, "GET", "/threads", null).status()).isEqualTo(401);
        assertThat(send(null, "PUT", "/threads/" + root + "/follow", "").status()).isEqualTo(401);
        assertThat(send(cy, "PUT", "/threads/nonsense/follow", "").status()).isEqualTo(404);
        assertThat(send(cy, "PUT", "/threads/" + first + "/follow", "").body()).contains("is a reply in a thread");
        assertThat(send(cy, "POST", "/threads/" + root + "/follow", "").status()).isEqualTo(405);
        assertThat(send(cy, "POST", "/read", "{\"upTo\":\"" + root + "\"}").body()).contains("name one place");
        assertThat(send(cy, "POST", "/read", "{\"room\":\"general\",\"upTo\":\"x\"}").status()).isEqualTo(400);
        assertThat(send(cy, "POST", "/read", "{\"room\":\"nowhere\",\"upTo\":\"" + root + "\"}").status())
                .isEqualTo(404);
        assertThat(send(cy, "POST", "/read", "{\"with\":\"Ann\",\"upTo\":\"" + root + "\"}").status())
                .isEqualTo(204);
        // A position is kept only where the person is: not in a made-up direct conversation (Cy's own key as one
        // half), not with a name nobody holds, not in a room they did not join.
        post(cy, "{\"to\":\"Ann\",\"text\":\"hi\"}");
        String[] halves = history(cy, "with=Ann").room().substring("dm:".length()).split(":");
        for (String madeUp : new String[] {"dm:" + halves[0] + ":~made-up", "dm:~made-up:" + halves[1]}) {
            assertThat(send(cy, "POST", "/read", "{\"room\":\"" + madeUp + "\",\"upTo\":\"" + root + "\"}")
                    .status()).as(madeUp).isEqualTo(404);
        }
        assertThat(send(cy, "POST", "/read", "{\"with\":\"Nobody\",\"upTo\":\"" + root + "\"}").status())
                .isEqualTo(404);
        Http.Reply notIn = send(cy, "POST", "/read", "{\"room\":\"" + ops + "\",\"upTo\":\"" + other + "\"}");
        assertThat(notIn.status()).isEqualTo(403);
        assertThat(notIn.body()).isEqualTo("join # Ops to keep where you read it\n");
        assertThat(send(cy, "PUT", "/rooms/" + ops + "/membership", "").status()).isEqualTo(200);
        assertThat(send(cy, "POST", "/read", "{\"room\":\"" + ops + "\",\"upTo\":\"" + other + "\"}").status())
                .isEqualTo(204);
        int refused = 0;
        for (int i = 0; i < 40; i++) {
            if (send(cy, "POST", "/read", "{\"room\":\"general\",\"upTo\":\"" + root + "\"}").status() == 429) {
                refused++;
            }
        }
        assertThat(refused).as("read positions are rate-limited per person").isPositive();

        // A direct conversation's thread is its two people's alone.
        String secret = post(ann, "{\"to\":\"Bob\",\"text\":\"between us\"}");
        post(bob, "{\"to\":\"Ann\",\"text\":\"sure, @Cy must not know\",\"thread\":\"" + secret + "\"}");
        assertThat(threads(cy)).extracting(t -> t.root().id()).doesNotContain(secret);
        assertThat(send(cy, "PUT", "/threads/" + secret + "/follow", "").status()).isEqualTo(404);
        assertThat(send(bob, "POST", "/read", "{\"thread\":\"" + secret + "\",\"upTo\":\"" + secret + "\"}")
                .status()).isEqualTo(204);
        server.close();
        server = RunningServer.start(dataDir);
        assertThat(threads(ann)).as("kept across a restart").hasSize(3);
        assertThat(threads(cy)).hasSize(1);
    }

    @Test
    void aPinIsOnTheMessageInTheListAndALineInTheConversationForThoseWhoMayReadIt() throws Exception {
        StreamReader cySees = stream(cy, "/chat?view=json", null);
        cySees.next("presence");
        StreamReader tutorial = stream(null, "/chat", null);
        String plan = post(ann, "{\"text\":\"the release plan is in the wiki\"}");
        assertThat(send(bob, "PUT", "/chat/" + plan + "/pin", "").status()).isEqualTo(200);
        assertThat(cySees.next("chat").lastEventId()).isEqualTo(plan);
        StreamEvents.PinChange pinned = ChatJson.read(cySees.next("pin").data(), StreamEvents.PinChange.class);
        assertThat(pinned.target()).isEqualTo(plan);
        assertThat(pinned.pinned()).isTrue();
        assertThat(pinned.message().pinned().by()).isEqualTo("Bob");
        ChatMessage line = ChatJson.read(cySees.next("chat").data(), ChatMessage.class);
        assertThat(line.notice()).isTrue();
        assertThat(line.text()).isEqualTo("Bob pinned a message: “the release plan is in the wiki”");
        assertThat(pins(cy, "room=general")).extracting(ChatMessage::id).containsExactly(plan);
        assertThat(history(cy, "room=general").messages().get(0).pinned().by()).isEqualTo("Bob");
        assertThat(ChatJson.mapper().readTree(send(cy, "PUT", "/chat/" + plan + "/pin", "").body())
                .get("duplicate").asBoolean()).as("pinned already").isTrue();
        assertThat(send(cy, "DELETE", "/chat/" + plan + "/pin", null).status()).as("anyone who may post unpins")
                .isEqualTo(200);
        assertThat(pins(ann, "room=general")).isEmpty();
        post(ann, "{\"text\":\"marker\"}");
        assertThat(tutorial.next("chat").data()).as("the tutorial stream shows no pins")
                .isEqualTo("Ann: the release plan is in the wiki");
        assertThat(tutorial.next("chat").data()).isEqualTo("Ann: marker");

        // In a direct conversation: its two people's, its line too.
        String secret = post(ann, "{\"to\":\"Bob\",\"text\":\"the door code is 4321\"}");
        assertThat(send(cy, "PUT", "/chat/" + secret + "/pin", "").status()).isEqualTo(404);
        assertThat(send(bob, "PUT", "/chat/" + secret + "/pin", "").status()).isEqualTo(200);
        assertThat(pins(ann, "with=Bob")).extracting(ChatMessage::id).containsExactly(secret);
        assertThat(history(bob, "with=Ann").messages()).extracting(ChatMessage::text)
                .containsExactly("the door code is 4321", "Bob pinned a message: “the door code is 4321”");
        assertThat(pins(cy, "with=Ann")).isEmpty();
        String marker = post(cy, "{\"text\":\"after\"}");
        assertThat(cySees.until(e -> marker.equals(e.lastEventId()), WAIT)).extracting(ServerSentEvent::data)
                .noneMatch(data -> data.contains("door code"));

        // What is wrong gets a status and a sentence.
        assertThat(send(null, "PUT", "/chat/" + plan + "/pin", "").status()).isEqualTo(401);
        assertThat(send(cy, "POST", "/chat/" + plan + "/pin", "").status()).isEqualTo(405);
        assertThat(send(cy, "PUT", "/chat/nonsense/pin", "").status()).isEqualTo(404);
        assertThat(send(null, "GET", "/chat/pins?room=nowhere", null).status()).isEqualTo(404);
        assertThat(send(null, "GET", "/chat/pins?with=Ann", null).status()).isEqualTo(401);
        String gone = post(ann, "{\"text\":\"oops\"}");
        assertThat(send(ann, "DELETE", "/chat/" + gone, null).status()).isEqualTo(200);
        assertThat(send(ann, "PUT", "/chat/" + gone + "/pin", "").status()).isEqualTo(410);
        for (int i = 0; i < dev.hubbub.server.store.EventLog.MAX_PINNED; i++) {
            String id = post(ann, "{\"room\":\"general\",\"text\":\"note " + i + "\"}");
            assertThat(send(ann, "PUT", "/chat/" + id + "/pin", "").status()).isEqualTo(200);
        }
        Http.Reply full = send(ann, "PUT", "/chat/" + plan + "/pin", "");
        assertThat(full.status()).isEqualTo(409);
        assertThat(full.body()).contains("at most 100 pinned messages");
        assertThat(pins(cy, "room=general")).hasSize(dev.hubbub.server.store.EventLog.MAX_PINNED);
        assertThat(pins(cy, "room=general").get(0).text()).as("the newest pin first").isEqualTo("note 99");
    }

    @Test
    void whereEachPersonReadReachesThoseReadingTheSameConversationWhoShareIt() throws Exception {
        StreamReader annSees = stream(ann, "/chat?view=json", null);
        annSees.next("presence");
        StreamReader cySees = stream(cy, "/chat?view=json", null);
        cySees.next("presence");
        String first = post(ann, "{\"text\":\"agenda for Monday\"}");
        assertThat(read(ann, "room", "general", first)).isEqualTo(204);
        assertThat(read(bob, "room", "general", first)).isEqualTo(204);
        StreamEvents.Reads reads = nextReads(annSees, "general");
        assertThat(reads.readers()).containsEntry("Bob", first);
        Api.ReadPositions positions = positions(cy, "room=general");
        assertThat(positions.sharing()).isTrue();
        assertThat(positions.readers()).isEqualTo(Map.of("Ann", first, "Bob", first));

        // Bob stops sharing: his moves reach nobody, and he sees nobody's.
        assertThat(send(bob, "PUT", "/read/sharing", "{\"share\":false}").status()).isEqualTo(204);
        String second = post(ann, "{\"text\":\"and Tuesday\"}");
        assertThat(read(bob, "room", "general", second)).isEqualTo(204);
        assertThat(read(cy, "room", "general", second)).isEqualTo(204);
        reads = nextReads(annSees, "general");
        assertThat(reads.readers()).containsKey("Cy").doesNotContainKey("Bob");
        assertThat(positions(ann, "room=general").readers()).doesNotContainKey("Bob").containsEntry("Cy", second);
        Api.ReadPositions bobs = positions(bob, "room=general");
        assertThat(bobs.sharing()).isFalse();
        assertThat(bobs.readers()).isEmpty();
        assertThat(send(bob, "PUT", "/read/sharing", "{\"share\":true}").status()).isEqualTo(204);

        // A direct conversation's positions are its two people's alone.
        String secret = post(ann, "{\"to\":\"Bob\",\"text\":\"are you coming?\"}");
        assertThat(read(ann, "with", "Bob", secret)).isEqualTo(204);
        assertThat(read(bob, "with", "Ann", secret)).isEqualTo(204);
        StreamEvents.Reads seen = nextReads(annSees, "dm:");
        assertThat(seen.readers()).containsEntry("Bob", secret);
        assertThat(positions(ann, "with=Bob").readers()).containsEntry("Bob", secret);
        assertThat(positions(cy, "with=Ann").readers()).doesNotContainKey("Bob");
        String marker = post(cy, "{\"text\":\"marker\"}");
        assertThat(read(cy, "room", "general", marker)).isEqualTo(204);
        assertThat(cySees.until(e -> "read".equals(e.type()) && e.data().contains(marker), WAIT))
                .noneMatch(e -> e.data().contains("dm:"));

        // What is wrong gets a status and a sentence.
        assertThat(send(null, "GET", "/read?room=general", null).status()).isEqualTo(401);
        assertThat(send(cy, "GET", "/read", null).status()).isEqualTo(400);
        assertThat(send(cy, "GET", "/read?room=nowhere", null).status()).isEqualTo(404);
        assertThat(send(null, "PUT", "/read/sharing", "{\"share\":false}").status()).isEqualTo(401);
        assertThat(send(cy, "PUT", "/read/sharing", "{\"share\":\"maybe\"}").status()).isEqualTo(400);
    }

    private int read(String token, String field, String place, String upTo) throws Exception {
        return send(token, "POST", "/read", "{\"" + field + "\":\"" + place + "\",\"upTo\":\"" + upTo + "\"}")
                .status();
    }

    private Api.ReadPositions positions(String token, String query) throws Exception {
        Http.Reply reply = send(token, "GET", "/read?" + query, null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return ChatJson.read(reply.body(), Api.ReadPositions.class);
    }

    /** The next {@code read} event about a conversation whose id starts with {@code room}. */
    private static StreamEvents.Reads nextReads(StreamReader reader, String room) throws Exception {
        while (true) {
            StreamEvents.Reads reads = ChatJson.read(reader.next("read").data(), StreamEvents.Reads.class);
            if (reads.room().startsWith(room)) {
                return reads;
            }
        }
    }

    private List<ChatMessage> pins(String token, String query) throws Exception {
        Http.Reply reply = send(token, "GET", "/chat/pins?" + query, null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return ChatJson.read(reply.body(), Api.Pins.class).messages();
    }

    private List<Api.FollowedThread> threads(String token) throws Exception {
        Http.Reply reply = send(token, "GET", "/threads", null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return ChatJson.read(reply.body(), Api.Threads.class).threads();
    }

    private static StreamEvents.Following following(StreamReader reader) throws Exception {
        return ChatJson.read(reader.next("thread").data(), StreamEvents.Following.class);
    }

    @Test
    void searchFindsWhatMessagesSayNowAndADirectMessageOnlyForItsTwoPeople() throws Exception {
        String plan = post(ann, "{\"text\":\"the quarterly roadmap is ready\"}");
        post(ann, "{\"text\":\"unrelated chatter\"}");
        String secret = post(ann, "{\"to\":\"Bob\",\"text\":\"the roadmap password is swordfish\"}");
        String typo = post(bob, "{\"text\":\"see the roadmpa\"}");
        String gone = post(bob, "{\"text\":\"roadmap draft, ignore\"}");
        assertThat(send(bob, "PATCH", "/chat/" + typo, "{\"text\":\"see the roadmap\"}").status()).isEqualTo(200);
        assertThat(send(bob, "DELETE", "/chat/" + gone, null).status()).isEqualTo(200);

        assertThat(ids(search(ann, "roadmap"))).containsExactly(typo, secret, plan);
        assertThat(ids(search(bob, "ROADMAP"))).containsExactly(typo, secret, plan);
        assertThat(ids(search(cy, "roadmap"))).containsExactly(typo, plan);
        assertThat(ids(search(cy, "swordfish"))).isEmpty();
        assertThat(ids(search(bob, "swordf"))).as("the last word is a prefix").containsExactly(secret);
        assertThat(ids(search(bob, "roadmpa"))).as("the text as edited").isEmpty();
        assertThat(ids(search(ann, "roadmap&limit=1"))).containsExactly(typo);
        assertThat(ids(search(ann, "roadmap&with=Bob"))).containsExactly(secret);
        assertThat(ids(search(ann, "quarterly ready"))).containsExactly(plan);
        assertThat(ids(search(ann, "\"roadmap OR NEAR("))).as("FTS syntax is only words").isEmpty();
        JsonNode result = ChatJson.mapper().readTree(send(cy, "GET", "/search?q=quarterly", null).body())
                .get("results").get(0);
        assertThat(result.get("room").asText()).isEqualTo("general");
        assertThat(result.get("sentAt").asText()).isNotEmpty();

        assertThat(send(null, "GET", "/search?q=roadmap", null).status()).isEqualTo(401);
        assertThat(send(cy, "GET", "/search?q=roadmap&room=dm:ann:bob", null).status()).isEqualTo(404);
        assertThat(send(cy, "GET", "/search?q=", null).status()).isEqualTo(400);
        server.close();
        server = RunningServer.start(dataDir);
        assertThat(ids(search(cy, "roadmap"))).containsExactly(typo, plan);
    }

    private JsonNode search(String token, String query) throws Exception {
        Http.Reply reply = send(token, "GET", "/search?q=" + query.replace(" ", "+").replace("\"", "%22")
                .replace("(", "%28"), null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return ChatJson.mapper().readTree(reply.body());
    }

    private static List<String> ids(JsonNode results) {
        List<String> ids = new ArrayList<>();
        results.get("results").forEach(r -> ids.add(r.get("id").asText()));
        return ids;
    }
}
