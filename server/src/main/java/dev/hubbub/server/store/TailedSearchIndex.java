package dev.hubbub.server.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@link MessageSearch} for a log that keeps no index of its own (Redis): each server keeps one in a SQLite file of
 * its own, fed by a tail of the log, which carries every message and every edit. The same two FTS5 indexes as the
 * SQLite store ({@link SearchScope}); a row's id is the message's position ({@link #rowId}). How far it has indexed
 * is kept with the index, in the same transaction, so a restart goes on from there; an index of another history
 * (another epoch) is started afresh.
 *
 * <p>A match is read back from the log as the message stands now, so an index a moment behind (a deletion not
 * tailed yet) never shows what was taken back. One connection, used by the tail's thread and by searches in turn.
 */
final class TailedSearchIndex implements MessageSearch, AutoCloseable {
    private final EventLog events;
    private final Connection db;
    private final EventLog.Tail tail;
    /** Events indexed since the index last forgot what the history's retention deleted; the tail's thread only. */
    private int sinceForgotten;
    /** The indexes that still hold words an edit or a deletion took out (the tail's thread, under {@code db}). */
    private final DeletedWords deletedWords = new DeletedWords();
    /** Forgets deleted history's rows after this many events. */
    static final int FORGET_EVERY = 1_000;

    TailedSearchIndex(Path file, EventLog events) {
        this.events = events;
        try {
            db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            Position from;
            synchronized (db) {
                try (Statement s = db.createStatement()) {
                    s.execute("PRAGMA journal_mode = WAL");
                    s.execute("PRAGMA secure_delete = ON");
                    s.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
                    if (!events.epoch().equals(SqliteStore.meta(db, "epoch"))) {
                        for (String index : SearchScope.ALL) {
                            s.execute("DROP TABLE IF EXISTS " + index);
                            s.execute(SearchScope.create(index));
                        }
                        SqliteStore.update(db, "INSERT OR REPLACE INTO meta VALUES ('epoch', ?)", events.epoch());
                        SqliteStore.update(db, "INSERT OR REPLACE INTO meta VALUES ('indexed', '0')");
                    }
                }
                if (SearchScope.createFileIndexes(db)) {
                    // An index made before files' names were: read the history again, from its start.
                    for (String index : List.of(SearchScope.ROOMS, SearchScope.DIRECT)) {
                        SqliteStore.update(db, "DELETE FROM " + index);
                    }
                    SqliteStore.update(db, "INSERT OR REPLACE INTO meta VALUES ('indexed', '0')");
                }
                from = positionOf(Long.parseLong(SqliteStore.meta(db, "indexed")));
            }
            tail = events.tail(from, this::index);
        } catch (SQLException e) {
            throw new StoreException("cannot open the search index " + file + ": " + e.getMessage(), e);
        }
    }

    /** A position as a row id: the stream's milliseconds, then 20 bits of its sequence within the millisecond. */
    static long rowId(Position position) {
        return (position.major() << 20) | Math.min(position.minor(), (1 << 20) - 1);
    }

    static Position positionOf(long rowId) {
        return new Position(rowId >>> 20, rowId & ((1 << 20) - 1));
    }

    /** On the tail's thread: a batch of events into the index, with how far it has come, in one transaction. */
    private void index(List<Logged> batch) {
        synchronized (db) {
            try {
                db.setAutoCommit(false);
                for (Logged logged : batch) {
                    LogEvent e = logged.event();
                    long row = e.kind() == LogEvent.Kind.MESSAGE ? rowId(logged.position())
                            : e.kind().isAction() ? rowId(e.target()) : -1;
                    String index = SearchScope.indexOf(e);
                    switch (e.kind()) {
                        case MESSAGE -> {
                            if (!e.text().isEmpty()) {
                                insert(index, row, e);
                            }
                            if (!e.files().isEmpty()) {
                                SqliteStore.update(db, "INSERT INTO " + SearchScope.filesIndexOf(e)
                                        + " (rowid, text, scope) VALUES (?, ?, ?)", row, SearchScope.fileNames(e),
                                        SearchScope.of(e));
                            }
                        }
                        case EDIT -> {
                            SqliteStore.update(db, "DELETE FROM " + index + " WHERE rowid = ?", row);
                            insert(index, row, e);
                            deletedWords.leftIn(index);
                        }
                        case DELETE -> {
                            SqliteStore.update(db, "DELETE FROM " + index + " WHERE rowid = ?", row);
                            SqliteStore.update(db, "DELETE FROM " + SearchScope.filesIndexOf(e) + " WHERE rowid = ?",
                                    row);
                            deletedWords.leftIn(index);
                            deletedWords.leftIn(SearchScope.filesIndexOf(e));
                        }
                        case ROOM_DELETED -> {
                            SearchScope.forgetRoom(db, e.conversation());
                            deletedWords.leftIn(SearchScope.ALL);
                        }
                        default -> { }
                    }
                }
                SqliteStore.update(db, "INSERT OR REPLACE INTO meta VALUES ('indexed', ?)",
                        String.valueOf(rowId(batch.get(batch.size() - 1).position())));
                sinceForgotten += batch.size();
                if (sinceForgotten >= FORGET_EVERY) {
                    // What the history's retention deleted: its rows would only be read back and dropped.
                    sinceForgotten = 0;
                    long trimmed = rowId(events.trimmedUpTo());
                    SearchScope.forgetUpTo(db, trimmed);
                }
                db.commit();
            } catch (SQLException e) {
                try {
                    db.rollback();
                } catch (SQLException ignored) {
                    // the connection is gone; the next batch reports it
                }
                throw new StoreException("could not index messages for search: " + e.getMessage(), e);
            } finally {
                try {
                    db.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // as above
                }
            }
            deletedWords.forget(db, false);
        }
    }

    private void insert(String index, long row, LogEvent e) throws SQLException {
        SqliteStore.update(db, "INSERT INTO " + index + " (rowid, text, scope) VALUES (?, ?, ?)", row, e.text(),
                SearchScope.of(e));
    }

    @Override
    public CompletableFuture<List<Logged>> search(String query, String personKey, String conversation, int limit) {
        return CompletableFuture.supplyAsync(() -> {
            // Whole words first, then the last word as a prefix too (why: SqliteSearch#searchNow).
            String whole = SqliteSearch.matchExpression(query, false);
            if (whole.isEmpty()) {
                return List.of();
            }
            List<Logged> found = searchFor(whole, personKey, conversation, limit);
            return found.size() >= limit ? found
                    : searchFor(SqliteSearch.matchExpression(query, true), personKey, conversation, limit);
        });
    }

    private List<Logged> searchFor(String words, String personKey, String conversation, int limit) {
        java.util.Set<Long> rows = new java.util.TreeSet<>(Comparator.reverseOrder());
        boolean direct = conversation != null && Conversations.isDirect(conversation);
        synchronized (db) {
            for (String index : SearchScope.ALL) {
                if (conversation != null && direct != SearchScope.isDirect(index)) {
                    continue;
                }
                String readable = SearchScope.readableBy(index, personKey, conversation);
                try (PreparedStatement q = db.prepareStatement("SELECT rowid FROM " + index + " WHERE " + index
                        + " MATCH ? ORDER BY rowid DESC LIMIT ?")) {
                    q.setString(1, "text : (" + words + ")" + (readable.isEmpty() ? "" : " AND " + readable));
                    // A few more than asked: some may have been deleted since they were indexed.
                    q.setInt(2, limit + 8);
                    try (ResultSet r = q.executeQuery()) {
                        while (r.next()) {
                            rows.add(r.getLong(1));
                        }
                    }
                } catch (SQLException e) {
                    throw new StoreException("could not search: " + e.getMessage(), e);
                }
            }
        }
        List<CompletableFuture<java.util.Optional<Logged>>> reads = rows.stream()
                .map(row -> events.message(positionOf(row))).toList();
        List<Logged> found = new ArrayList<>();
        for (CompletableFuture<java.util.Optional<Logged>> read : reads) {
            read.join().filter(l -> !l.state().deleted() && mayRead(l.event(), personKey)).ifPresent(found::add);
            if (found.size() == limit) {
                break;
            }
        }
        return found;
    }

    private static boolean mayRead(LogEvent e, String personKey) {
        return !e.isDirect() || e.authorKey().equals(personKey) || e.toKey().equals(personKey);
    }

    @Override
    public void close() {
        tail.close();
        synchronized (db) {
            deletedWords.forget(db, true);
            try {
                db.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }
}
