package dev.hubbub.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.Draft;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real SQLite file in a temporary directory. */
class SqliteHistoryTest {
    @TempDir
    Path dir;

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00.123456789Z");

    @Test
    void givesIncreasingIdsAndKeepsTimesToTheMicrosecond() {
        try (SqliteHistory history = SqliteHistory.open(dir.resolve("h.db"), 0)) {
            ChatMessage first = history.append(Draft.of("Ann", "one"), NOW).message();
            ChatMessage second = history.append(Draft.of("Bob", "two\nlines"), NOW).message();
            assertThat(first.id()).isEqualTo(1);
            assertThat(second.id()).isEqualTo(2);
            assertThat(history.latestId()).isEqualTo(2);
            assertThat(history.between(0, 2, 10)).containsExactly(first, second);
            assertThat(first.sentAt()).isEqualTo(Instant.parse("2026-11-24T10:00:00.123456Z"));
        }
    }

    @Test
    void survivesReopeningWithTheSameEpoch() {
        String epoch;
        try (SqliteHistory history = SqliteHistory.open(dir.resolve("h.db"), 0)) {
            history.append(Draft.of("Ann", "kept"), NOW);
            epoch = history.epoch();
        }
        try (SqliteHistory history = SqliteHistory.open(dir.resolve("nested/../h.db"), 0)) {
            assertThat(history.epoch()).isEqualTo(epoch);
            assertThat(history.between(0, 10, 10)).extracting(ChatMessage::text).containsExactly("kept");
            assertThat(history.append(Draft.of("Ann", "next"), NOW).message().id()).isEqualTo(2);
        }
        try (SqliteHistory other = SqliteHistory.open(dir.resolve("other.db"), 0)) {
            assertThat(other.epoch()).isNotEqualTo(epoch);
        }
    }

    @Test
    void aRepeatedClientIdReturnsTheStoredMessageWithoutStoringAgain() {
        try (SqliteHistory history = SqliteHistory.open(dir.resolve("h.db"), 0)) {
            History.Stored first = history.append(Draft.of("Ann", "once", "k1"), NOW);
            History.Stored again = history.append(Draft.of("Ann", "once", "k1"), NOW.plusSeconds(5));
            assertThat(first.duplicate()).isFalse();
            assertThat(again.duplicate()).isTrue();
            assertThat(again.message()).isEqualTo(first.message());
            assertThat(history.latestId()).isEqualTo(1);
        }
    }

    @Test
    void betweenReturnsTheNewestWhenThereAreMoreThanTheLimit() {
        try (SqliteHistory history = SqliteHistory.open(dir.resolve("h.db"), 0)) {
            for (int i = 1; i <= 10; i++) {
                history.append(Draft.of("Ann", "m" + i), NOW);
            }
            List<ChatMessage> some = history.between(2, 8, 3);
            assertThat(some).extracting(ChatMessage::id).containsExactly(6L, 7L, 8L);
        }
    }

    @Test
    void keepsOnlyTheNewestMessagesWhenLimited() {
        try (SqliteHistory history = SqliteHistory.open(dir.resolve("h.db"), 100)) {
            for (int i = 1; i <= 1000; i++) {
                history.append(Draft.of("Ann", "m" + i), NOW);
            }
            assertThat(history.oldestId()).isGreaterThan(1).isLessThanOrEqualTo(901);
            assertThat(history.latestId()).isEqualTo(1000);
        }
    }

    @Test
    void anAppendSucceedsAndIsStoredOnceWhateverTheTrimThatFollowsItDoes() throws Exception {
        Path file = dir.resolve("h.db");
        try (SqliteHistory history = SqliteHistory.open(file, 10)) {
            history.append(Draft.of("Ann", "first"), NOW);
            try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + file);
                 Statement s = sql.createStatement()) {
                s.execute("CREATE TRIGGER no_trim BEFORE DELETE ON messages BEGIN SELECT RAISE(FAIL, 'disk says no'); END");
            }
            for (int i = 0; i < 1200; i++) {
                History.Stored stored = history.append(new Draft("Ann", "message " + i, "client-" + i), NOW);
                assertThat(stored.duplicate()).isFalse();
            }
            assertThat(history.latestId()).isEqualTo(1201);
            assertThat(history.append(new Draft("Ann", "message 5", "client-5"), NOW).duplicate()).isTrue();
            assertThat(history.between(0, 2000, 5000)).hasSize(1201);
        }
    }
}
