package dev.hubbub.server.store;

import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.Draft;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link History} in one SQLite file (write-ahead log, every commit synced to disk before {@link #append} returns).
 *
 * <p>One connection writes and one reads, each behind its own lock, so a replay read never waits for a write to
 * sync. When {@code keep} is positive, messages older than the newest {@code keep} are deleted from time to time, on
 * a thread of their own after the append that was due, so a trim never delays or fails an append.
 */
public final class SqliteHistory implements History {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteHistory.class);
    private static final int TRIM_EVERY = 500;

    private final Connection writer;
    private final Connection reader;
    private final int keep;
    private final String epoch;
    private final PreparedStatement insert;
    private final PreparedStatement findByClientId;
    private final PreparedStatement selectBetween;
    private final PreparedStatement selectAfter;
    private final ExecutorService housekeeping = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "hubbub-housekeeping");
        thread.setDaemon(true);
        return thread;
    });
    private long latestId;
    private int appendsSinceTrim;

    private SqliteHistory(Connection writer, Connection reader, int keep) throws SQLException {
        this.writer = writer;
        this.reader = reader;
        this.keep = keep;
        try (Statement s = writer.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS messages ("
                    + "id INTEGER PRIMARY KEY AUTOINCREMENT, "
                    + "author TEXT NOT NULL, "
                    + "text TEXT NOT NULL, "
                    + "sent_at_micros INTEGER NOT NULL, "
                    + "client_id TEXT UNIQUE)");
            s.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('epoch', '" + UUID.randomUUID() + "')");
        }
        this.epoch = queryString(writer, "SELECT value FROM meta WHERE key = 'epoch'");
        this.latestId = queryLong(writer, "SELECT COALESCE(MAX(id), 0) FROM messages");
        this.insert = writer.prepareStatement(
                "INSERT INTO messages (author, text, sent_at_micros, client_id) VALUES (?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS);
        this.findByClientId = writer.prepareStatement(
                "SELECT id, author, text, sent_at_micros, client_id FROM messages WHERE client_id = ?");
        this.selectBetween = reader.prepareStatement(
                "SELECT id, author, text, sent_at_micros, client_id FROM messages "
                        + "WHERE id > ? AND id <= ? ORDER BY id DESC LIMIT ?");
        this.selectAfter = reader.prepareStatement(
                "SELECT id, author, text, sent_at_micros, client_id FROM messages WHERE id > ? ORDER BY id LIMIT ?");
    }

    /**
     * Opens (creating when needed) the history in {@code file}.
     *
     * @param keep how many of the newest messages to keep; 0 keeps all
     */
    public static SqliteHistory open(Path file, int keep) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            String url = "jdbc:sqlite:" + file.toAbsolutePath();
            Connection writer = DriverManager.getConnection(url);
            configure(writer);
            Connection reader = DriverManager.getConnection(url);
            configure(reader);
            return new SqliteHistory(writer, reader, keep);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory for " + file, e);
        } catch (SQLException e) {
            throw new StoreException("cannot open the message database " + file + ": " + e.getMessage(), e);
        }
    }

    private static void configure(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = FULL");
            s.execute("PRAGMA busy_timeout = 5000");
        }
    }

    @Override
    public synchronized Stored append(Draft draft, Instant sentAt) {
        try {
            if (draft.clientId() != null) {
                findByClientId.setString(1, draft.clientId());
                try (ResultSet rows = findByClientId.executeQuery()) {
                    if (rows.next()) {
                        return new Stored(toMessage(rows), true);
                    }
                }
            }
            Instant stamp = sentAt.truncatedTo(ChronoUnit.MICROS);
            insert.setString(1, draft.author());
            insert.setString(2, draft.text());
            insert.setLong(3, ChronoUnit.MICROS.between(Instant.EPOCH, stamp));
            insert.setString(4, draft.clientId());
            insert.executeUpdate();
            long id;
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
            latestId = id;
            if (keep > 0 && ++appendsSinceTrim >= TRIM_EVERY) {
                appendsSinceTrim = 0;
                // Apart from the append: the message is stored now, and its poster hears so whatever the trim does.
                housekeeping.execute(this::trim);
            }
            return new Stored(ChatMessage.accepted(id, draft, stamp), false);
        } catch (SQLException e) {
            throw new StoreException("could not store the message: " + e.getMessage(), e);
        }
    }

    /** Deletes what is older than the newest {@code keep}; a failure is logged, and the next trim tries again. */
    private synchronized void trim() {
        try (PreparedStatement delete = writer.prepareStatement("DELETE FROM messages WHERE id <= ?")) {
            delete.setLong(1, latestId - keep);
            delete.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("could not delete old messages (keeping the newest {}): {}", keep, e.getMessage());
        }
    }

    @Override
    public List<ChatMessage> between(long afterId, long upToId, int limit) {
        synchronized (reader) {
            try {
                selectBetween.setLong(1, afterId);
                selectBetween.setLong(2, upToId);
                selectBetween.setInt(3, limit);
                List<ChatMessage> newestFirst = new ArrayList<>();
                try (ResultSet rows = selectBetween.executeQuery()) {
                    while (rows.next()) {
                        newestFirst.add(toMessage(rows));
                    }
                }
                Collections.reverse(newestFirst);
                return newestFirst;
            } catch (SQLException e) {
                throw new StoreException("could not read messages: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public List<ChatMessage> after(long afterId, int limit) {
        synchronized (reader) {
            try {
                selectAfter.setLong(1, afterId);
                selectAfter.setInt(2, limit);
                List<ChatMessage> oldestFirst = new ArrayList<>();
                try (ResultSet rows = selectAfter.executeQuery()) {
                    while (rows.next()) {
                        oldestFirst.add(toMessage(rows));
                    }
                }
                return oldestFirst;
            } catch (SQLException e) {
                throw new StoreException("could not read messages: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public synchronized long latestId() {
        return latestId;
    }

    @Override
    public long oldestId() {
        synchronized (reader) {
            try {
                return queryLong(reader, "SELECT COALESCE(MIN(id), 0) FROM messages");
            } catch (SQLException e) {
                throw new StoreException("could not read messages: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String epoch() {
        return epoch;
    }

    @Override
    public void close() {
        housekeeping.shutdown();
        try {
            housekeeping.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            synchronized (reader) {
                try {
                    reader.close();
                    writer.close();
                } catch (SQLException e) {
                    throw new StoreException("could not close the message database: " + e.getMessage(), e);
                }
            }
        }
    }

    private static ChatMessage toMessage(ResultSet row) throws SQLException {
        Instant sentAt = Instant.EPOCH.plus(row.getLong(4), ChronoUnit.MICROS);
        return new ChatMessage(row.getLong(1), row.getString(2), row.getString(3), sentAt, row.getString(5));
    }

    private static long queryLong(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String queryString(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
