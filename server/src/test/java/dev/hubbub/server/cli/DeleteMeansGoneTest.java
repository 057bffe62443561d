package dev.hubbub.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.ChatJson;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deleted message's words and files, and an edited message's old words, against a real server: no read serves
 * them again, neither a new stream's replay (tutorial or structured, fresh or resumed, from the hub's memory or after
 * a restart from the store), nor history, a thread, pins, search, export or {@code hubbub tail}; nor another server
 * sharing a Redis store, which hears of the deletion from its tail.
 */
class DeleteMeansGoneTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final List<String> GONE = List.of("zanzibar", "kumquat");
    private int marks;

    @TempDir
    Path dir;

    private final Http http = new Http();
    /** Where Ann and Bob post, edit and delete. */
    private RunningServer server;
    /** Where every read goes: the same server, or another sharing its store. */
    private RunningServer reader;
    private RedisServer redis;
    private String ann;
    private String bob;

    private void start(RunningServer writing, RunningServer reading) throws Exception {
        server = writing;
        reader = reading;
        ann = http.claim(server.uri("/"), "Ann");
        bob = http.claim(server.uri("/"), "Bob");
    }

    @AfterEach
    void stop() throws Exception {
        if (reader != null && reader != server) {
            reader.close();
        }
        if (server != null) {
            server.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aDeletedMessagesWordsAndFilesAndAnEditedOnesOldWordsAreReadNowhere() throws Exception {
        RunningServer one = RunningServer.start(dir.resolve("room"));
        start(one, one);
        String[] beforeAndPlan = postEditAndDeleteThenReadEverywhere();

        server.close();
        server = RunningServer.start(dir.resolve("room"));
        reader = server;
        String afterRestart = everyRead(beforeAndPlan[0], beforeAndPlan[1]);
        assertThat(afterRestart).contains("the final words");
        GONE.forEach(word -> assertThat(afterRestart).doesNotContain(word));
    }

    @Test
    void serversSharingRedisServeThemNowhereEither() throws Exception {
        redis = RedisServer.start(dir.resolve("redis"));
        start(node("a"), node("b"));
        postEditAndDeleteThenReadEverywhere();
    }

    private RunningServer node(String name) throws Exception {
        return RunningServer.start(dir.resolve(name), config -> config.with(b -> b.store(redis.uri())
                .filesDir(dir.resolve("shared-files"))));
    }

    /**
     * Posts, edits and deletes on {@link #server}, reads everything on {@link #reader} before and after; the id of
     * the first message and of the deleted one.
     */
    private String[] postEditAndDeleteThenReadEverywhere() throws Exception {
        String before = post(bob, "{\"text\":\"good morning\"}");
        String file = idOf(upload());
        String plan = post(ann, "{\"text\":\"the zanzibar plan\",\"files\":[\"" + file + "\"]}");
        assertThat(send(ann, "PATCH", "/chat/" + plan, "{\"text\":\"the zanzibar plan, costed\"}").status())
                .isEqualTo(200);
        assertThat(send(bob, "POST", "/chat/" + plan + "/reactions", "{\"emoji\":\"👍\"}").status()).isEqualTo(200);
        assertThat(send(bob, "PUT", "/chat/" + plan + "/pin", null).status()).isEqualTo(200);
        post(bob, "{\"text\":\"sounds good\",\"replyTo\":\"" + plan + "\"}");
        post(bob, "{\"text\":\"count me in\",\"thread\":\"" + plan + "\"}");
        String draft = post(ann, "{\"text\":\"a first kumquat draft\"}");
        post(bob, "{\"text\":\"about that\",\"replyTo\":\"" + draft + "\"}");
        assertThat(send(ann, "PATCH", "/chat/" + draft, "{\"text\":\"the final words\"}").status())
                .isEqualTo(200);
        assertThat(read(bob, "/files/" + file).status()).as("shared before").isEqualTo(200);
        assertThat(everyRead(before, plan)).as("the words are there before").contains("zanzibar");
        assertThat(tail()).contains("zanzibar");

        assertThat(send(ann, "DELETE", "/chat/" + plan, null).status()).isEqualTo(200);
        String read = everyRead(before, plan);
        assertThat(read).contains("the final words", "count me in");
        GONE.forEach(word -> assertThat(read).doesNotContain(word));
        assertThat(read(bob, "/files/" + file).status()).as("its file went with it").isEqualTo(404);
        assertThat(read(ann, "/files/" + file).status()).isEqualTo(404);
        String tailed = tail();
        GONE.forEach(word -> assertThat(tailed).doesNotContain(word));
        return new String[] {before, plan};
    }

    /**
     * Everything a reader may get back of the room: replays (up to a mark posted now), history, the thread of
     * {@code root}, pins, search, exports.
     */
    private String everyRead(String before, String root) throws Exception {
        String mark = "mark" + (char) ('a' + ++marks);
        post(bob, "{\"text\":\"" + mark + "\"}");
        // Once a stream has the mark, the reader's hub has heard everything before it, the deletion too. A stream
        // opened in the instant before would replay the words once, as one opened a moment earlier got them live
        // (README, security): that instant is not what this test reads.
        replay(bob, "/chat?view=json", null, mark);
        StringBuilder all = new StringBuilder();
        for (String lastEventId : new String[] {null, before}) {
            all.append(replay(null, "/chat", lastEventId, mark));
            all.append(replay(bob, "/chat?view=json", lastEventId, mark));
        }
        // Search is fed by a tail of its own: once it finds the mark, it has heard the deletion too.
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (ChatJson.mapper().readTree(read(bob, "/search?q=" + mark).body()).get("results").isEmpty()) {
            assertThat(System.nanoTime()).as("search finds " + mark).isLessThan(deadline);
            Thread.sleep(20);
        }
        for (String path : List.of("/chat/history?room=general", "/chat/pins?room=general",
                "/search?q=zanzibar", "/search?q=kumquat", "/search?q=plan", "/export?room=general&format=json",
                "/export?room=general&format=html")) {
            Http.Reply reply = read(bob, path);
            assertThat(reply.status()).as(path + ": " + reply.body()).isEqualTo(200);
            // A search answers with its query: only its results count.
            all.append(path.startsWith("/search") ? ChatJson.mapper().readTree(reply.body()).get("results")
                    : reply.body());
        }
        all.append(read(bob, "/chat/history?thread=" + root).body());
        return all.toString();
    }

    /** What a new stream replays, up to the event that says {@code mark}. */
    private String replay(String token, String path, String lastEventId, String mark) throws Exception {
        try (Http.Stream open = http.open(reader.uri(path), token, lastEventId)) {
            StreamReader stream = new StreamReader(open.response().body().byteStream(), path);
            List<String> data = new ArrayList<>();
            stream.until(e -> e.data().contains(mark), WAIT).forEach(e -> data.add(e.data()));
            return String.join("\n", data);
        }
    }

    /** What {@code hubbub tail} prints of the room's latest, up to the newest mark. */
    private String tail() throws Exception {
        try (CommandProcess tail = CommandProcess.start("tail", "--server", "127.0.0.1:" + reader.port(),
                "--room", "general")) {
            List<String> lines = new ArrayList<>();
            String line;
            do {
                line = tail.nextLine();
                lines.add(line);
            } while (!line.endsWith("mark" + (char) ('a' + marks)));
            return String.join("\n", lines);
        }
    }

    private Http.Reply upload() throws Exception {
        return http.send(new Request.Builder().url(server.uri("/files?name=zanzibar-budget.txt").toString())
                .header("Authorization", "Bearer " + ann).post(RequestBody.create("the costs", Http.TEXT)).build());
    }

    private String post(String token, String json) throws Exception {
        Http.Reply reply = send(token, "POST", "/chat", json);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return idOf(reply);
    }

    private Http.Reply send(String token, String method, String path, String json) throws Exception {
        return http.send(token, method, server.uri(path), json);
    }

    private Http.Reply read(String token, String path) throws Exception {
        return http.send(token, "GET", reader.uri(path), null);
    }

    private static String idOf(Http.Reply reply) throws Exception {
        assertThat(reply.status()).as(reply.body()).isBetween(200, 201);
        return ChatJson.mapper().readTree(reply.body()).get("id").asText();
    }
}
