package dev.hubbub.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubbub.server.testing.Events;
import dev.hubbub.server.testing.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only the Redis Streams event log does, against a real {@code redis-server}: retention a batch at a time, the
 * per-server search index forgetting what it deleted, and Redis going away and coming back. What every log does is
 * {@link EventLogContract} ({@link RedisContractsTest}).
 */
class RedisEventLogTest {
    @TempDir
    Path dir;

    private RedisServer redis;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start(dir.resolve("redis"));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        redis.close();
    }

    private RedisEventLog log(int keep) {
        RedisStore store = RedisStore.open(redis.uri(), "test:", dir.resolve("search-" + open.size() + ".db"), keep);
        open.add(store);
        return store.events();
    }

    private RedisEventLog log() {
        return log(0);
    }

    private static LogEvent withClientId(LogEvent.Message event, String clientId) {
        return EventLogContract.withClientId(event, clientId);
    }

    @Test
    void theSearchIndexForgetsWhatRetentionDeleted() throws Exception {
        RedisEventLog log = log(100);
        Position last = Position.START;
        for (int i = 0; i < TailedSearchIndex.FORGET_EVERY; i++) {
            last = log.append(Events.inGeneral("Ann", "word" + i)).join().logged().position();
        }
        Position newest = last;
        await().atMost(Duration.ofSeconds(10)).until(() -> log.trimmedUpTo().isAfter(Position.START));
        try (java.sql.Connection index = java.sql.DriverManager.getConnection("jdbc:sqlite:"
                + dir.resolve("search-0.db"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                try (var rows = index.createStatement().executeQuery("SELECT COUNT(*), MAX(rowid) FROM "
                        + SearchScope.ROOMS)) {
                    rows.next();
                    return rows.getLong(2) == TailedSearchIndex.rowId(newest)
                            && rows.getLong(1) <= TailedSearchIndex.FORGET_EVERY - RedisEventLog.TRIM_EVERY + 100;
                }
            });
        }
    }

    @Test
    void retentionKeepsTheNewestAndSaysWhereTheHistoryNowStarts() {
        RedisEventLog log = log(100);
        List<Logged> stored = new ArrayList<>();
        for (int i = 0; i < RedisEventLog.TRIM_EVERY; i++) {
            LogEvent.Message event = i % 2 == 0 ? Events.inGeneral("Ann", "m" + i)
                    : Events.direct("Ann", "Bob", "dm" + i);
            stored.add(log.append(withClientId(event, "c" + i)).join().logged());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> log.trimmedUpTo().equals(
                stored.get(RedisEventLog.TRIM_EVERY - 101).position()));
        Position last = stored.get(stored.size() - 1).position();
        assertThat(log.range(Position.START, last, EventLog.Scope.ALL, 1000).join()).hasSize(100)
                .first().extracting(Logged::position).isEqualTo(stored.get(RedisEventLog.TRIM_EVERY - 100).position());
        assertThat(log.message(stored.get(0).position()).join()).as("trimmed").isEmpty();
        assertThat(log.page("general", null, null, 1000).join().events()).hasSize(50);
        EventLog.Appended again = log.append(withClientId(Events.inGeneral("Ann", "again"), "c0")).join();
        assertThat(again.duplicate()).as("a trimmed message's client id is forgotten with it").isFalse();
        EventLog.Appended kept = log.append(withClientId(Events.inGeneral("Ann", "x"), "c499")).join();
        assertThat(kept.duplicate()).as("a kept message's client id still holds").isTrue();
    }

    @Test
    void whileRedisIsDownAnAppendFailsAtOnceAsUnavailableAndWorksAgainOnceItIsBack() throws Exception {
        RedisEventLog log = log();
        Logged before = log.append(Events.inGeneral("Ann", "before")).join().logged();
        redis.close();
        long started = System.nanoTime();
        assertThat(log.append(Events.inGeneral("Ann", "while down")))
                .failsWithin(Duration.ofSeconds(10)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(StoreUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(RedisStore.COMMAND_TIMEOUT
                .plusSeconds(1));
        redis = RedisServer.restart(redis);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> log.append(Events.inGeneral("Ann", "after")).join() != null);
        assertThat(log.range(Position.START, log.head(), EventLog.Scope.ALL, 10).join())
                .extracting(l -> l.event().text()).as("the acknowledged one kept (AOF), nothing half-done")
                .containsExactly("before", "after");
        assertThat(before.event().text()).isEqualTo("before");
    }
}
