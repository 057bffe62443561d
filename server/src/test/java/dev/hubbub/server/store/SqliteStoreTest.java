package dev.hubbub.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hubbub.chat.Names;
import dev.hubbub.server.testing.Events;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store on a real SQLite file in a temporary directory. */
class SqliteStoreTest {
    @TempDir
    Path dir;

    private static LogEvent withClientId(LogEvent.Message event, String clientId) {
        return event.withClientId(clientId);
    }

    @Test
    void givesIncreasingPositionsAndOpaqueIdsThatNameTheEpoch() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("h.db"), 0)) {
            EventLog log = store.events();
            Logged first = log.append(Events.inGeneral("Ann", "one")).join().logged();
            Logged second = log.append(Events.inGeneral("Bob", "two\nlines")).join().logged();
            assertThat(second.position()).isGreaterThan(first.position());
            assertThat(log.head()).isEqualTo(second.position());
            String id = log.format(second.position());
            assertThat(id).matches("[0-9a-f]{8}\\.\\d+").startsWith(log.epoch().substring(0, 8));
            assertThat(log.parse(id)).contains(second.position());
            assertThat(log.parse("deadbeef.2")).isEmpty();
            assertThat(log.parse("2")).as("a bare number from a history that was never the first release's")
                    .isEmpty();
            assertThat(log.parse("not an id")).isEmpty();
            assertThat(first.event().at().getNano() % 1000).as("kept to the microsecond").isZero();
        }
    }

    @Test
    void survivesReopeningWithTheSameEpochAndIds() {
        String epoch;
        String id;
        try (SqliteStore store = SqliteStore.open(dir.resolve("h.db"), 0)) {
            id = store.events().format(store.events().append(Events.inGeneral("Ann", "kept")).join().logged()
                    .position());
            epoch = store.events().epoch();
        }
        try (SqliteStore store = SqliteStore.open(dir.resolve("h.db"), 0)) {
            assertThat(store.events().epoch()).isEqualTo(epoch);
            assertThat(store.events().parse(id)).isPresent();
        }
        try (SqliteStore other = SqliteStore.open(dir.resolve("other.db"), 0)) {
            assertThat(other.events().epoch()).isNotEqualTo(epoch);
            assertThat(other.events().parse(id)).as("an id from another history").isEmpty();
        }
    }

    @Test
    void aDeletedOrEditedMessagesWordsAreNotLeftInTheDatabaseFileOrItsSearchIndex() throws Exception {
        Path file = dir.resolve("h.db");
        try (SqliteStore store = SqliteStore.open(file, 0)) {
            EventLog log = store.events();
            for (int i = 0; i < 50; i++) {
                log.append(Events.inGeneral("Bob", "an ordinary line " + i)).join();
            }
            Position deleted = log.append(Events.inGeneral("Ann", "the quagmirezed budget")).join().logged()
                    .position();
            Position edited = log.append(Events.inGeneral("Ann", "the first xylophonic draft")).join().logged()
                    .position();
            for (int i = 0; i < 50; i++) {
                log.append(Events.inGeneral("Bob", "another ordinary line " + i)).join();
            }
            log.append(LogEvent.of(LogEvent.Kind.DELETE, "general", "Ann", "ann", true, "", Instant.now(), null,
                    null, null, null, null, deleted, null, null, false)).join();
            log.append(new LogEvent.Edit("general", "Ann", "ann", "the final words", Instant.now(), null, null,
                    null, edited)).join();
        }
        // Closing merges the search index and checkpoints the write-ahead log into the file: what a row or the index
        // held before is not left in free space or in the index's segments.
        String bytes = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
        for (String word : List.of("quagmirezed", "irezed", "xylophonic", "lophonic")) {
            assertThat(bytes.contains(word)).as("the database file still holds '%s'", word).isFalse();
        }
        assertThat(bytes).contains("the final words");
    }

    @Test
    void aClientIdIsStoredOnceEvenWhenItsRetriesShareACommit() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("h.db"), 0)) {
            List<CompletableFuture<EventLog.Appended>> sent = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                sent.add(store.events().append(withClientId(Events.inGeneral("Ann", "once"), "k-1")));
            }
            List<EventLog.Appended> results = sent.stream().map(CompletableFuture::join).toList();
            assertThat(results.stream().filter(r -> !r.duplicate()).count()).isEqualTo(1);
            assertThat(results.stream().map(r -> r.logged().position()).distinct()).hasSize(1);
            assertThat(store.events().append(withClientId(Events.inGeneral("Ann", "again"), "k-1")).join()
                    .duplicate()).isTrue();
        }
    }

    @Test
    void manyConcurrentAppendsAreAllStoredInOrderOfTheirPositions() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("h.db"), 0)) {
            List<CompletableFuture<EventLog.Appended>> sent = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                sent.add(store.events().append(Events.inGeneral("Ann", "m" + i)));
            }
            sent.forEach(CompletableFuture::join);
            List<Logged> all = store.events().range(Position.START, store.events().head(), EventLog.Scope.ALL,
                    5000).join();
            assertThat(all).hasSize(2000);
            assertThat(all).extracting(l -> l.event().text()).first().isEqualTo("m0");
        }
    }

    @Test
    void anAppendSucceedsAndIsStoredOnceWhateverTheTrimThatFollowsItDoes() throws Exception {
        Path file = dir.resolve("h.db");
        try (SqliteStore store = SqliteStore.open(file, 10)) {
            store.events().append(Events.inGeneral("Ann", "first")).join();
            try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + file);
                 Statement s = sql.createStatement()) {
                s.execute("CREATE TRIGGER no_trim BEFORE DELETE ON events BEGIN SELECT RAISE(FAIL, 'disk says no'); "
                        + "END");
            }
            for (int i = 0; i < 1200; i++) {
                assertThat(store.events().append(withClientId(Events.inGeneral("Ann", "m" + i), "c-" + i)).join()
                        .duplicate()).isFalse();
            }
            assertThat(store.events().append(withClientId(Events.inGeneral("Ann", "m5"), "c-5")).join().duplicate())
                    .isTrue();
            assertThat(store.events().range(Position.START, store.events().head(), EventLog.Scope.ALL, 5000).join())
                    .hasSize(1201);
        }
    }

    @Test
    void retentionKeepsTheNewestAndSaysWhatItDeleted() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("h.db"), 100)) {
            for (int i = 0; i < 700; i++) {
                store.events().append(Events.inGeneral("Ann", "m" + i)).join();
            }
            assertThat(store.events().trimmedUpTo()).isGreaterThan(Position.START);
            assertThat(store.events().trimmedUpTo()).isLessThan(store.events().head());
        }
    }

    @Test
    void aDirectMessageIsInTheRangesOfItsTwoPeopleOnly() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("h.db"), 0)) {
            EventLog log = store.events();
            log.append(Events.inGeneral("Cy", "public")).join();
            log.append(Events.direct("Ann", "Bob", "private")).join();
            log.append(Events.inRoom("design", "Cy", "design talk")).join();
            Position head = log.head();
            assertThat(texts(log.range(Position.START, head, EventLog.Scope.everything(null), 10).join()))
                    .containsExactly("public", "design talk");
            assertThat(texts(log.range(Position.START, head, EventLog.Scope.everything("bob"), 10).join()))
                    .containsExactly("public", "private", "design talk");
            assertThat(texts(log.range(Position.START, head, EventLog.Scope.everything("cy"), 10).join()))
                    .containsExactly("public", "design talk");
            assertThat(texts(log.range(Position.START, head, EventLog.Scope.room("design"), 10).join()))
                    .containsExactly("design talk");
            String dm = Conversations.direct("ann", "bob");
            assertThat(texts(log.page(dm, null, null, 10).join().events())).containsExactly("private");
            assertThat(Conversations.isMember(dm, "bob")).isTrue();
            assertThat(Conversations.isMember(dm, "cy")).isFalse();
        }
    }

    @Test
    void aTailDeliversWhatWasStoredThenEachNewEventInOrder() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("h.db"), 0)) {
            EventLog log = store.events();
            Position start = log.append(Events.inGeneral("Ann", "before")).join().logged().position();
            log.append(Events.inGeneral("Ann", "after the start")).join();
            List<String> seen = new CopyOnWriteArrayList<>();
            try (EventLog.Tail tail = log.tail(start, batch -> batch.forEach(l -> seen.add(l.event().text())))) {
                for (int i = 0; i < 50; i++) {
                    log.append(Events.inGeneral("Ann", "live " + i));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 51);
            }
            assertThat(seen.get(0)).isEqualTo("after the start");
            assertThat(seen.get(50)).isEqualTo("live 49");
        }
    }

    @Test
    void claimsSurviveARestart() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("h.db"), 0)) {
            store.directory().claim("Ann", Names.key("Ann"));
        }
        try (SqliteStore again = SqliteStore.open(dir.resolve("h.db"), 0)) {
            assertThat(again.directory().isClaimed("ann")).isTrue();
        }
    }

    @Test
    void aChangeThatFailsLeavesNothingBehindAndTheWriterGoesOn() throws Exception {
        Path file = dir.resolve("h.db");
        try (SqliteStore store = SqliteStore.open(file, 0)) {
            try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + file);
                 Statement s = sql.createStatement()) {
                s.execute("CREATE TRIGGER no_tokens BEFORE INSERT ON tokens BEGIN SELECT RAISE(FAIL, 'disk says no'); "
                        + "END");
            }
            assertThatThrownBy(() -> store.directory().claim("Ann", "ann"))
                    .isInstanceOf(StoreException.class).hasMessageContaining("disk says no");
            assertThat(store.directory().isClaimed("ann")).as("not claimed in memory").isFalse();
            assertThat(store.events().append(Events.inGeneral("Bob", "still here")).join().duplicate()).isFalse();
            try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + file);
                 Statement s = sql.createStatement()) {
                s.execute("DROP TRIGGER no_tokens");
            }
            assertThat(store.directory().identify(store.directory().claim("Ann", "ann")))
                    .as("the half-made claim was rolled back whole").isPresent();
        }
    }

    @Test
    void aDatabaseOfTheFirstReleaseOpensAsGeneralWithEveryMessageItsEpochAndItsIds() throws Exception {
        Path file = dir.resolve("hubbub.db");
        try (InputStream fixture = getClass().getResourceAsStream("/fixtures/first-release.db")) {
            Files.copy(fixture, file);
        }
        try (SqliteStore store = SqliteStore.open(file, 0)) {
            EventLog log = store.events();
            assertThat(log.epoch()).isEqualTo("7fafe49a-2d2f-4e86-89e4-bdee06e25c9c");
            List<Logged> all = log.range(Position.START, log.head(), EventLog.Scope.ALL, 100).join();
            assertThat(texts(all)).containsExactly("first, before the upgrade", "héllo 😀\nsecond line",
                    "message 3", "message 4", "message 5");
            assertThat(all).allMatch(l -> l.event().conversation().equals("general") && !l.event().verified());
            assertThat(all.get(1).event().clientId()).isEqualTo("bob-1");
            assertThat(log.parse("3")).as("an id the first release sent").contains(all.get(2).position());
            assertThat(log.parse("9")).as("an id it never sent").isEmpty();
            Logged next = log.append(Events.inGeneral("Ann", "after the upgrade")).join().logged();
            assertThat(next.position()).isGreaterThan(all.get(4).position());
            assertThat(log.append(withClientId(Events.inGeneral("Bob", "retry"), "bob-1")).join().duplicate())
                    .isTrue();
        }
        try (SqliteStore reopened = SqliteStore.open(file, 0)) {
            assertThat(reopened.events().parse("3")).isPresent();
            assertThat(reopened.directory().rooms()).extracting(r -> r.id()).containsExactly("general");
            assertThat(texts(reopened.search().search("upgrade", "ann", null, 10).join()))
                    .as("the migrated messages are searchable").containsExactly("after the upgrade",
                            "first, before the upgrade");
        }
    }

    @Test
    void searchFindsWordsOfMessagesAsTheyAreNowOnlyWhereTheSearcherMayRead() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("h.db"), 0)) {
            EventLog log = store.events();
            log.append(Events.inGeneral("Ann", "Crème brûlée for the party")).join();
            Logged secret = log.append(Events.direct("Ann", "Bob", "the party is a surprise")).join().logged();
            log.append(Events.inRoom("general", "Cy", "partying hard")).join();
            assertThat(texts(store.search().search("creme", "cy", null, 10).join())).as("accents folded")
                    .containsExactly("Crème brûlée for the party");
            assertThat(texts(store.search().search("party", "cy", null, 1).join()))
                    .as("enough whole words: the newest of them").containsExactly("Crème brûlée for the party");
            assertThat(texts(store.search().search("party", "cy", null, 10).join()))
                    .as("too few whole: the last word as a prefix too")
                    .containsExactly("partying hard", "Crème brûlée for the party");
            assertThat(texts(store.search().search("party", "bob", null, 2).join()))
                    .containsExactly("the party is a surprise", "Crème brûlée for the party");
            assertThat(texts(store.search().search("party", "bob", "dm:ann:bob", 10).join()))
                    .containsExactly("the party is a surprise");
            assertThat(store.search().search("party", "bob", "general", 1).join()).hasSize(1);

            LogEvent edit = new LogEvent.Edit(secret.event().conversation(), "Ann", "ann", "see you at eight",
                    Instant.now(), "Bob", "bob", null, secret.position());
            log.append(edit).join();
            assertThat(texts(store.search().search("surprise", "bob", null, 10).join())).isEmpty();
            assertThat(store.search().search("eight", "bob", null, 10).join()).extracting(l -> l.state().text())
                    .containsExactly("see you at eight");
            assertThat(store.search().search("eight", "cy", null, 10).join()).isEmpty();
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("h.db"));
             Statement s = db.createStatement()) {
            // As a database from before the search index: the index is built from the messages when it opens.
            s.execute("DROP TABLE message_text");
            s.execute("DROP TABLE direct_text");
            s.execute("UPDATE meta SET value = '4' WHERE key = 'schema'");
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        try (SqliteStore reopened = SqliteStore.open(dir.resolve("h.db"), 0)) {
            assertThat(reopened.search().search("eight", "bob", null, 10).join()).hasSize(1);
            assertThat(reopened.search().search("eight", "cy", null, 10).join()).isEmpty();
            assertThat(texts(reopened.search().search("party", "cy", null, 1).join()))
                    .containsExactly("Crème brûlée for the party");
            assertThat(texts(reopened.search().search("surprise", "bob", null, 10).join())).isEmpty();
        }
    }

    @Test
    void aStoreMadeBeforeFilesWereSearchableIndexesTheirNamesWhenItOpens() throws Exception {
        dev.hubbub.chat.Attachment plan = new dev.hubbub.chat.Attachment("f1", "quarterly-plan.pdf",
                "application/pdf", 10, null, null, "/files/f1", null);
        try (SqliteStore store = SqliteStore.open(dir.resolve("h.db"), 0)) {
            store.events().append(LogEvent.Message.inRoom("general", "Ann", "ann", true, "", Instant.now(), null,
                    List.of(plan), dev.hubbub.chat.Mentions.Found.NONE)).join();
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("h.db"));
             Statement s = db.createStatement()) {
            s.execute("DROP TABLE file_names");
            s.execute("DROP TABLE direct_file_names");
            s.execute("UPDATE meta SET value = '9' WHERE key = 'schema'");
        }
        try (SqliteStore reopened = SqliteStore.open(dir.resolve("h.db"), 0)) {
            assertThat(reopened.search().search("quarterly", "bob", null, 10).join())
                    .extracting(l -> l.event().files().get(0).name()).containsExactly("quarterly-plan.pdf");
        }
    }

    private static List<String> texts(List<Logged> logged) {
        return logged.stream().map(l -> l.event().text()).toList();
    }

    @Test
    void aStoreMadeBeforeRoomsHadMembersPutsEveryoneInEveryRoomWhenItOpens() throws Exception {
        String pia;
        String quin;
        String design;
        try (SqliteStore store = SqliteStore.open(dir.resolve("h.db"), 0)) {
            Directory directory = store.directory();
            pia = directory.identify(directory.claim("Pia", "pia")).orElseThrow().key();
            quin = directory.identify(directory.claim("Quin", "quin")).orElseThrow().key();
            design = directory.createRoom("Design", pia, Instant.now(), 50).id();
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("h.db"));
             Statement s = db.createStatement()) {
            s.execute("DROP TABLE memberships");
            s.execute("ALTER TABLE rooms DROP COLUMN topic");
            s.execute("UPDATE meta SET value = '14' WHERE key = 'schema'");
        }
        try (SqliteStore reopened = SqliteStore.open(dir.resolve("h.db"), 0)) {
            assertThat(reopened.directory().memberships(quin)).as("as they saw it before: every room")
                    .extracting(Directory.Membership::room).containsExactly("general", design);
            assertThat(reopened.directory().memberCounts()).containsEntry(design, 2);
            assertThat(reopened.directory().memberships(pia)).hasSize(2);
        }
    }
}
