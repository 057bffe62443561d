package dev.hubbub.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubbub.server.testing.Events;
import dev.hubbub.server.testing.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis Streams event log against a real {@code redis-server}, as two servers sharing it would use it: ids that
 * name the epoch, one copy of a post retried on both, a tail on one that hears the other's events in order, ranges
 * by scope and pages. (Work in progress: actions' state, retention and the directory are not on Redis yet.)
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
        RedisStore store = RedisStore.open(redis.uri(), "test:", dir.resolve("search-" + open.size() + ".db"), 0);
        open.add(store);
        return store.events();
    }

    private static LogEvent withClientId(LogEvent event, String clientId) {
        return new LogEvent(event.kind(), event.conversation(), event.author(), event.authorKey(), event.verified(),
                event.text(), event.at(), clientId, event.to(), event.toKey());
    }

    @Test
    void aReaderOfTheTailThatFailsGetsTheSameEventsAgainAndNothingIsSkipped() {
        RedisEventLog log = log();
        List<String> seen = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        try (EventLog.Tail tail = log.tail(Position.START, batch -> {
            if (failures.getAndIncrement() == 0) {
                throw new IllegalStateException("the disk is full, once");
            }
            batch.forEach(l -> seen.add(l.event().text()));
        })) {
            log.append(Events.inGeneral("Ann", "one")).join();
            log.append(Events.inGeneral("Ann", "two")).join();
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 2);
            assertThat(seen).containsExactly("one", "two");
            assertThat(failures.get()).isGreaterThan(1);
        }
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
            LogEvent event = i % 2 == 0 ? Events.inGeneral("Ann", "m" + i)
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
    void twoServersShareOneHistoryWithOpaqueEpochIdsAndOneCopyOfARetriedPost() {
        RedisEventLog a = log();
        RedisEventLog b = log();
        assertThat(b.epoch()).isEqualTo(a.epoch());
        Logged first = a.append(Events.inGeneral("Ann", "one")).join().logged();
        Logged second = b.append(Events.inGeneral("Bob", "two")).join().logged();
        assertThat(second.position()).isGreaterThan(first.position());
        String id = a.format(second.position());
        assertThat(id).startsWith(a.epoch().substring(0, 8)).matches("[0-9a-f]{8}\\.\\d+-\\d+");
        assertThat(b.parse(id)).contains(second.position());
        assertThat(a.parse("deadbeef.1-0")).isEmpty();
        assertThat(a.parse("nonsense")).isEmpty();

        List<CompletableFuture<EventLog.Appended>> retries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            retries.add((i % 2 == 0 ? a : b).append(withClientId(Events.inGeneral("Cy", "once"), "cy-1")));
        }
        List<EventLog.Appended> answers = retries.stream().map(CompletableFuture::join).toList();
        assertThat(answers.stream().map(x -> x.logged().position()).distinct()).hasSize(1);
        assertThat(answers.stream().filter(x -> !x.duplicate())).hasSize(1);
        assertThat(answers.get(9).logged().event().text()).isEqualTo("once");
        Position last = answers.get(0).logged().position();
        assertThat(a.range(Position.START, last, EventLog.Scope.ALL, 100).join()).extracting(l -> l.event().text())
                .containsExactly("one", "two", "once");
    }

    @Test
    void aTailOnOneServerHearsEveryEventOfBothInOrder() {
        RedisEventLog a = log();
        RedisEventLog b = log();
        a.append(Events.inGeneral("Ann", "before the tail")).join();
        List<String> heard = new CopyOnWriteArrayList<>();
        open.add(b.tail(Position.START, batch -> batch.forEach(l -> heard.add(l.event().text()))));
        List<String> sent = new ArrayList<>(List.of("before the tail"));
        Position last = null;
        for (int i = 0; i < 50; i++) {
            last = (i % 2 == 0 ? a : b).append(Events.inGeneral("Ann", "m" + i)).join().logged().position();
            sent.add("m" + i);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == sent.size());
        assertThat(heard).containsExactlyElementsOf(sent);
        assertThat(b.head()).isEqualTo(last);
        assertThat(log().head()).as("a server that appended nothing and tails nothing still knows the head")
                .isEqualTo(last);
    }

    @Test
    void rangesKeepToTheirScopeAndPagesToTheirConversation() {
        RedisEventLog log = log();
        log.append(Events.inGeneral("Ann", "public")).join();
        log.append(Events.direct("Ann", "Bob", "just us")).join();
        log.append(Events.inRoom("design", "Cy", "in design")).join();
        for (int i = 0; i < 7; i++) {
            log.append(Events.inGeneral("Bob", "g" + i)).join();
        }
        Position head = log.head();
        assertThat(texts(log.range(Position.START, head, EventLog.Scope.everything("cy"), 100).join()))
                .doesNotContain("just us").contains("public", "in design");
        assertThat(texts(log.range(Position.START, head, EventLog.Scope.everything("bob"), 100).join()))
                .contains("just us");
        assertThat(texts(log.range(Position.START, head, EventLog.Scope.room("general"), 3).join()))
                .containsExactly("g4", "g5", "g6");

        EventLog.Page newest = log.page("general", null, null, 3).join();
        assertThat(texts(newest.events())).containsExactly("g4", "g5", "g6");
        assertThat(newest.more()).isTrue();
        EventLog.Page older = log.page("general", newest.events().get(0).position(), null, 10).join();
        assertThat(texts(older.events())).containsExactly("public", "g0", "g1", "g2", "g3");
        assertThat(older.more()).isFalse();
        EventLog.Page after = log.page("general", null, older.events().get(0).position(), 2).join();
        assertThat(texts(after.events())).containsExactly("g0", "g1");
        assertThat(log.message(older.events().get(0).position()).join().orElseThrow().state().text())
                .isEqualTo("public");
    }

    @Test
    void whatActionsDoToAMessageIsTheSameFromEveryServer() {
        RedisEventLog a = log();
        RedisEventLog b = log();
        Logged message = a.append(Events.inGeneral("Ann", "helo")).join().logged();
        Logged other = a.append(Events.inGeneral("Bob", "spam")).join().logged();
        java.util.function.BiFunction<LogEvent.Kind, String, LogEvent> act = (kind, text) -> new LogEvent(kind,
                "general", kind == LogEvent.Kind.EDIT ? "Ann" : "Cy", kind == LogEvent.Kind.EDIT ? "ann" : "cy",
                true, text, java.time.Instant.now(), null, null, null, null, null, message.position(), null);
        a.append(act.apply(LogEvent.Kind.EDIT, "hello")).join();
        b.append(act.apply(LogEvent.Kind.REACT, "👍")).join();
        a.append(act.apply(LogEvent.Kind.REACT, "👍")).join();
        b.append(act.apply(LogEvent.Kind.REACT, "🎉")).join();
        b.append(act.apply(LogEvent.Kind.UNREACT, "🎉")).join();
        Logged.State state = b.message(message.position()).join().orElseThrow().state();
        assertThat(state.text()).isEqualTo("hello");
        assertThat(state.editedAt()).isNotNull();
        assertThat(state.reactions()).containsExactly(new Logged.Reaction("👍", List.of("Cy")));

        a.append(new LogEvent(LogEvent.Kind.DELETE, "general", "Ann", "ann", true, LogEvent.REMOVED,
                java.time.Instant.now(), null, null, null, null, null, other.position(), null)).join();
        Logged.State removed = b.page("general", null, null, 10).join().events().get(1).state();
        assertThat(removed.deleted()).isTrue();
        assertThat(removed.text()).isEmpty();
        assertThat(removed.removedBy()).isEqualTo("Ann");
        assertThat(b.page("general", null, null, 10).join().events().get(0).state().text()).isEqualTo("hello");
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

    private static List<String> texts(List<Logged> logged) {
        return logged.stream().map(l -> l.event().text()).toList();
    }
}
