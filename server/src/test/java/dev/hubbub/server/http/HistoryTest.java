package dev.hubbub.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.HistoryPage;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import java.nio.file.Path;
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
    private RunningServer server;

    @BeforeEach
    void start() throws Exception {
        server = RunningServer.start(dataDir);
        for (int i = 1; i <= 25; i++) {
            assertThat(http.post(server.uri("/chat"), Http.TEXT, "Ann: message " + i).status()).isEqualTo(201);
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

    private static List<Long> ids(HistoryPage page) {
        return page.messages().stream().map(ChatMessage::id).toList();
    }

    @Test
    void withoutAnIdTheNewestMessagesComeOldestFirst() throws Exception {
        HistoryPage newest = page("?limit=10");
        assertThat(ids(newest)).containsExactly(16L, 17L, 18L, 19L, 20L, 21L, 22L, 23L, 24L, 25L);
        assertThat(newest.more()).isTrue();
        assertThat(newest.epoch()).isEqualTo(server.server().room().epoch());
        assertThat(newest.messages().get(0).text()).isEqualTo("message 16");
        assertThat(ids(page(""))).hasSize(25);
        assertThat(page("").more()).isFalse();
    }

    @Test
    void beforeAnIdPagesBackwardsUntilThereIsNothingOlder() throws Exception {
        HistoryPage page = page("?before=16&limit=10");
        assertThat(ids(page)).containsExactly(6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L);
        assertThat(page.more()).isTrue();
        HistoryPage last = page("?before=6&limit=10");
        assertThat(ids(last)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(last.more()).isFalse();
        assertThat(ids(page("?before=1"))).isEmpty();
    }

    @Test
    void afterAnIdPagesForwardsUntilTheNewest() throws Exception {
        HistoryPage page = page("?after=10&limit=10");
        assertThat(ids(page)).containsExactly(11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L);
        assertThat(page.more()).isTrue();
        HistoryPage last = page("?after=20&limit=10");
        assertThat(ids(last)).containsExactly(21L, 22L, 23L, 24L, 25L);
        assertThat(last.more()).isFalse();
    }

    @Test
    void badQueriesGetA400WithTheReason() throws Exception {
        for (String[] bad : new String[][] {
                {"?before=x", "before must be a message id"},
                {"?after=-1", "after must be a message id"},
                {"?limit=0", "limit must be a number from 1 to 500"},
                {"?limit=501", "limit must be a number from 1 to 500"},
                {"?before=5&after=2", "not both"}}) {
            Http.Reply reply = http.send(new Request.Builder()
                    .url(server.uri("/chat/history" + bad[0]).toString()).build());
            assertThat(reply.status()).as(bad[0]).isEqualTo(400);
            assertThat(reply.body()).as(bad[0]).contains(bad[1]);
        }
        Http.Reply post = http.post(server.uri("/chat/history"), Http.TEXT, "Ann: hi");
        assertThat(post.status()).isEqualTo(405);
    }
}
