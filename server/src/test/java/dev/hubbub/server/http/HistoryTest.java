package dev.hubbub.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.HistoryPage;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /chat/history against a real server: pages of stored messages before an id, after one, or the newest. */
class HistoryTest {
    @TempDir
    Path dataDir;

    private final Http http = new Http();
    private final List<String> ids = new ArrayList<>();
    private RunningServer server;

    @BeforeEach
    void start() throws Exception {
        server = RunningServer.start(dataDir);
        for (int i = 1; i <= 25; i++) {
            Http.Reply reply = http.post(server.uri("/chat"), Http.TEXT, "Ann: message " + i);
            assertThat(reply.status()).isEqualTo(201);
            ids.add(ChatJson.mapper().readTree(reply.body()).get("id").asText());
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HistoryPage page(String query) throws Exception {
        Http.Reply reply = http.send(new Request.Builder().url(server.uri("/chat/history" + query).toString()).build());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        return ChatJson.read(reply.body(), HistoryPage.class);
    }

    private static List<String> idsOf(HistoryPage page) {
        return page.messages().stream().map(ChatMessage::id).toList();
    }

    /** Messages n to m, counting from 1 as they were posted. */
    private List<String> posted(int from, int to) {
        return ids.subList(from - 1, to);
    }

    @Test
    void withoutAnIdTheNewestMessagesComeOldestFirst() throws Exception {
        HistoryPage newest = page("?limit=10");
        assertThat(idsOf(newest)).isEqualTo(posted(16, 25));
        assertThat(newest.more()).isTrue();
        assertThat(newest.epoch()).isEqualTo(server.server().hub().epoch());
        assertThat(newest.room()).isEqualTo("general");
        assertThat(newest.messages().get(0).text()).isEqualTo("message 16");
        assertThat(idsOf(page(""))).hasSize(25);
        assertThat(page("").more()).isFalse();
    }

    @Test
    void aMessagesFormattingKeptForEveryReaderLinksARoomCreatedAfterIt() throws Exception {
        Http.Reply posted = http.post(server.uri("/chat"), Http.TEXT, "Ann: see **#later**");
        String id = ChatJson.mapper().readTree(posted.body()).get("id").asText();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> idsOf(page("?limit=1")).equals(List.of(id)));
        assertThat(page("?limit=1").messages().get(0).content().toString()).contains("Bold")
                .doesNotContain("RoomLink");
        http.makeRoom(server.uri("/"), "Host", "later");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(page("?limit=1").messages().get(0).content().toString())
                        .contains("RoomLink[text=#later, id=later]"));
    }

    @Test
    void beforeAnIdPagesBackwardsUntilThereIsNothingOlder() throws Exception {
        HistoryPage page = page("?before=" + ids.get(15) + "&limit=10");
        assertThat(idsOf(page)).isEqualTo(posted(6, 15));
        assertThat(page.more()).isTrue();
        HistoryPage last = page("?before=" + ids.get(5) + "&limit=10");
        assertThat(idsOf(last)).isEqualTo(posted(1, 5));
        assertThat(last.more()).isFalse();
        assertThat(idsOf(page("?before=" + ids.get(0)))).isEmpty();
    }

    @Test
    void afterAnIdPagesForwardsUntilTheNewest() throws Exception {
        HistoryPage page = page("?after=" + ids.get(9) + "&limit=10");
        assertThat(idsOf(page)).isEqualTo(posted(11, 20));
        assertThat(page.more()).isTrue();
        HistoryPage last = page("?after=" + ids.get(19) + "&limit=10");
        assertThat(idsOf(last)).isEqualTo(posted(21, 25));
        assertThat(last.more()).isFalse();
    }

    @Test
    void badQueriesGetA400WithTheReasonAndUnknownRoomsA404() throws Exception {
        for (String[] bad : new String[][] {
                {"?before=" + "x".repeat(101), "before must be a message id"},
                {"?limit=0", "limit must be a number from 1 to 500"},
                {"?limit=501", "limit must be a number from 1 to 500"},
                {"?before=a&after=b", "not both"}}) {
            Http.Reply reply = http.send(new Request.Builder()
                    .url(server.uri("/chat/history" + bad[0]).toString()).build());
            assertThat(reply.status()).as(bad[0]).isEqualTo(400);
            assertThat(reply.body()).as(bad[0]).contains(bad[1]);
        }
        Http.Reply unknown = http.send(new Request.Builder()
                .url(server.uri("/chat/history?room=nowhere").toString()).build());
        assertThat(unknown.status()).isEqualTo(404);
        Http.Reply post = http.post(server.uri("/chat/history"), Http.TEXT, "Ann: hi");
        assertThat(post.status()).isEqualTo(405);
    }
}
