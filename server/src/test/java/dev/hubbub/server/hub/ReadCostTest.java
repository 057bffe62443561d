package dev.hubbub.server.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.HistoryPage;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.testing.Events;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import dev.hubbub.server.testing.StreamReader;
import dev.hubbub.sse.ServerSentEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading stored messages costs what storing them did: a backlog of heavily formatted messages, then a server
 * restarted (so nothing is decided in memory but its newest few), then a stream resuming far behind, a history page of
 * 500 and a search of 200. Each answers within its bytes, says where the rest is, and decides the formatting of no
 * text but those it answers; the same read again decides none.
 */
class ReadCostTest {
    private static final int POSTS = 300;
    /** Slow to parse and formatted into some 50 KB of JSON: what an attacker would post. */
    private static final String HEAVY = "pattern " + "_*".repeat(1996);
    /** What a page's JSON holds beyond its messages. */
    private static final int ENVELOPE = 4096;

    @TempDir
    static Path dataDir;

    private static final Http http = new Http();
    private static final List<String> ids = new ArrayList<>();
    private static final List<AutoCloseable> open = new ArrayList<>();
    private static RunningServer server;

    @BeforeAll
    static void aBacklogOfHeavyMessagesAndARestart() throws Exception {
        RunningServer first = start();
        Hub hub = first.server().hub();
        for (int i = 0; i < POSTS; i++) {
            ids.add(hub.events().format(Events.say(hub, "Ann", HEAVY).logged().position()));
        }
        first.close();
        server = start();
    }

    /** Memory holds the newest 20 events, so a resume from further back reads the log. */
    private static RunningServer start() throws Exception {
        return RunningServer.start(dataDir, c -> c.with(b -> b.hub(h -> h.replay(100, 1000, 20))));
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        server.close();
    }

    private static Hub hub() {
        return server.server().hub();
    }

    private static StreamReader stream(String query, String lastEventId) throws Exception {
        Http.Stream stream = http.open(server.uri("/chat" + query), lastEventId);
        open.add(stream);
        return new StreamReader(stream.response().body().byteStream(), query);
    }

    private static Http.Reply get(String pathAndQuery, String token) throws Exception {
        Http.Reply reply = http.send(token, "GET", server.uri(pathAndQuery), null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply;
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void aStreamFarBehindGetsABoundedReplayAndAGapPointingToHistoryAndFormatsOnlyWhatItReplays() throws Exception {
        long decidedBefore = hub().formattingsDecided();
        StreamReader reader = stream("?view=json", ids.get(0));
        StreamEvents.Gap gap = ChatJson.read(reader.next("gap").data(), StreamEvents.Gap.class);
        List<ServerSentEvent> chats = reader.until(e -> ids.get(POSTS - 1).equals(e.lastEventId()),
                Duration.ofSeconds(30)).stream().filter(e -> e.type().equals("chat")).toList();
        long decided = hub().formattingsDecided() - decidedBefore;

        assertThat(chats).isNotEmpty().hasSizeLessThan(POSTS - 1);
        assertThat(chats.stream().mapToInt(e -> bytes(e.data())).sum()).as("replayed bytes")
                .isLessThanOrEqualTo((int) HubSettings.defaults("x").maxLagBytes() / 2);
        assertThat(decided).as("formattings decided for a replay of %d", chats.size()).isLessThanOrEqualTo(chats.size() + 1);
        assertThat(gap).isEqualTo(new StreamEvents.Gap(ids.get(0), chats.get(0).lastEventId()));

        // The pointer: history before where the replay resumed holds the messages right before it.
        HistoryPage before = ChatJson.read(get("/chat/history?before=" + gap.resumesAt(), null).body(),
                HistoryPage.class);
        int resumedAt = ids.indexOf(gap.resumesAt());
        assertThat(before.messages().get(before.messages().size() - 1).id()).isEqualTo(ids.get(resumedAt - 1));
        assertThat(before.more()).isTrue();

        long again = hub().formattingsDecided();
        stream("?view=json", ids.get(0)).until(e -> ids.get(POSTS - 1).equals(e.lastEventId()),
                Duration.ofSeconds(30));
        assertThat(hub().formattingsDecided() - again).as("formattings decided for the same replay again").isZero();
    }

    @Test
    void aTutorialStreamFarBehindDecidesNoFormattingAtAll() throws Exception {
        long decidedBefore = hub().formattingsDecided();
        List<ServerSentEvent> lines = stream("", ids.get(0)).until(e -> ids.get(POSTS - 1).equals(e.lastEventId()),
                Duration.ofSeconds(30));
        assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line.data()).isEqualTo("Ann: " + HEAVY));
        assertThat(hub().formattingsDecided() - decidedBefore).isZero();
    }

    @Test
    void aHistoryPageOf500StopsAtItsBytesSaysThereIsMoreAndPagesOnFromWhereItStopped() throws Exception {
        long decidedBefore = hub().formattingsDecided();
        Http.Reply reply = get("/chat/history?limit=500", null);
        long decided = hub().formattingsDecided() - decidedBefore;
        HistoryPage newest = ChatJson.read(reply.body(), HistoryPage.class);

        assertThat(bytes(reply.body())).isLessThanOrEqualTo(Hub.READ_BYTES + ENVELOPE);
        assertThat(newest.more()).isTrue();
        List<String> shown = newest.messages().stream().map(ChatMessage::id).toList();
        assertThat(shown).isNotEmpty().isEqualTo(ids.subList(POSTS - shown.size(), POSTS));
        assertThat(newest.messages().get(0).content()).as("formatted as ever").isNotEmpty();
        assertThat(decided).isLessThanOrEqualTo(shown.size() + 1);

        long again = hub().formattingsDecided();
        get("/chat/history?limit=500", null);
        assertThat(hub().formattingsDecided() - again).as("formattings decided for the same page again").isZero();

        HistoryPage older = ChatJson.read(get("/chat/history?limit=500&before=" + shown.get(0), null).body(),
                HistoryPage.class);
        List<String> olderIds = older.messages().stream().map(ChatMessage::id).toList();
        assertThat(olderIds).isNotEmpty()
                .isEqualTo(ids.subList(POSTS - shown.size() - olderIds.size(), POSTS - shown.size()));
        HistoryPage after = ChatJson.read(get("/chat/history?limit=500&after=" + ids.get(0), null).body(),
                HistoryPage.class);
        assertThat(after.messages().get(0).id()).isEqualTo(ids.get(1));
        assertThat(after.more()).isTrue();
    }

    @Test
    void aSearchOf200StopsAtItsBytesAndSaysThereIsMore() throws Exception {
        String token = http.claim(server.uri("/"), "Reader");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Http.Reply reply = get("/search?q=pattern&limit=200", token);
            assertThat(bytes(reply.body())).isLessThanOrEqualTo(Hub.READ_BYTES + ENVELOPE);
            dev.hubbub.chat.Api.SearchResults found = ChatJson.read(reply.body(),
                    dev.hubbub.chat.Api.SearchResults.class);
            assertThat(found.results()).isNotEmpty();
            assertThat(found.more()).isTrue();
        });
    }
}
