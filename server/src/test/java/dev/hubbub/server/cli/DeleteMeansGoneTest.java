package dev.hubbub.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.server.testing.Http;
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
 * A deleted message's words and files, and an edited message's old words, against a real server: no read serves
 * them again, neither a new stream's replay (tutorial or structured, fresh or resumed, from the hub's memory or after
 * a restart from the store), nor history, a thread, pins, search, export or {@code hubbub tail}.
 */
class DeleteMeansGoneTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final List<String> GONE = List.of("zanzibar", "kumquat");
    private int marks;

    @TempDir
    Path dir;

    private final Http http = new Http();
    private RunningServer server;
    private String ann;
    private String bob;

    @BeforeEach
    void start() throws Exception {
        server = RunningServer.start(dir.resolve("room"));
        ann = http.claim(server.uri("/"), "Ann");
        bob = http.claim(server.uri("/"), "Bob");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aDeletedMessagesWordsAndFilesAndAnEditedOnesOldWordsAreReadNowhere() throws Exception {
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

        server.close();
        server = RunningServer.start(dir.resolve("room"));
        String afterRestart = everyRead(before, plan);
        assertThat(afterRestart).contains("the final words");
        GONE.forEach(word -> assertThat(afterRestart).doesNotContain(word));
    }

    /**
     * Everything a reader may get back of the room: replays (up to a mark posted now), history, the thread of
     * {@code root}, pins, search, exports.
     */
    private String everyRead(String before, String root) throws Exception {
        String mark = "mark " + ++marks;
        post(bob, "{\"text\":\"" + mark + "\"}");
        StringBuilder all = new StringBuilder();
        for (String lastEventId : new String[] {null, before}) {
            all.append(replay(null, "/chat", lastEventId, mark));
            all.append(replay(bob, "/chat?view=json", lastEventId, mark));
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
        try (Http.Stream open = http.open(server.uri(path), token, lastEventId)) {
            StreamReader stream = new StreamReader(open.response().body().byteStream(), path);
            List<String> data = new ArrayList<>();
            stream.until(e -> e.data().contains(mark), WAIT).forEach(e -> data.add(e.data()));
            return String.join("\n", data);
        }
    }

    /** What {@code hubbub tail} prints of the room's latest, up to the newest mark. */
    private String tail() throws Exception {
        try (CommandProcess tail = CommandProcess.start("tail", "--server", "127.0.0.1:" + server.port(),
                "--room", "general")) {
            List<String> lines = new ArrayList<>();
            String line;
            do {
                line = tail.nextLine();
                lines.add(line);
            } while (!line.endsWith("mark " + marks));
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
        return http.send(token, "GET", server.uri(path), null);
    }

    private static String idOf(Http.Reply reply) throws Exception {
        assertThat(reply.status()).as(reply.body()).isBetween(200, 201);
        return ChatJson.mapper().readTree(reply.body()).get("id").asText();
    }
}
