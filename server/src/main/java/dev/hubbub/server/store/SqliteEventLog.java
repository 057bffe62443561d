package dev.hubbub.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@link EventLog} in SQLite: the {@code events} table, one row per event, its sequence number the event's
 * position. Appends go to the store's one writer ({@link SqliteWriter}, which stores them with
 * {@link SqliteAppends}); reads run on the readers' threads ({@link SqliteReaders}) and rows become records in
 * {@link SqliteRows}; each tail is a thread of its own ({@link SqliteTail}).
 *
 * <p>Ids are {@code <epoch tag>.<sequence>}. A bare number is an id from the first release: it is honoured when this
 * history was migrated from that release's database and the number is one it handed out.
 */
final class SqliteEventLog implements EventLog {
    private static final Pattern ID = Pattern.compile("([0-9a-f]{8})\\.(\\d{1,18})");
    private static final Pattern LEGACY_ID = Pattern.compile("\\d{1,18}");

    private final SqliteWriter writer;
    private final SqliteReaders readers;
    private final String epoch;
    private final String tag;
    private final long legacyMax;
    private final List<SqliteTail> tails = Collections.synchronizedList(new ArrayList<>());

    SqliteEventLog(SqliteWriter writer, SqliteReaders readers, String epoch, long legacyMax) {
        this.writer = writer;
        this.readers = readers;
        this.epoch = epoch;
        this.tag = epoch.replace("-", "").substring(0, 8).toLowerCase(java.util.Locale.ROOT);
        this.legacyMax = legacyMax;
    }

    /** Who deletes the blobs a room's retention released (the file index); set once by the store. */
    private volatile java.util.function.Consumer<List<FileIndex.Blob>> filesReleased = released -> { };

    void onFilesReleased(java.util.function.Consumer<List<FileIndex.Blob>> releaser) {
        this.filesReleased = releaser;
    }

    @Override
    public long forgetInRoom(String room, java.time.Instant before, int keepNewest) {
        long bound = readers.read(db -> {
            long upTo = 0;
            if (keepNewest > 0) {
                try (java.sql.PreparedStatement q = db.prepareStatement("SELECT seq FROM events WHERE conversation = ? "
                        + "ORDER BY seq DESC LIMIT 1 OFFSET ?")) {
                    q.setString(1, room);
                    q.setInt(2, keepNewest);
                    try (java.sql.ResultSet rows = q.executeQuery()) {
                        upTo = rows.next() ? rows.getLong(1) : 0;
                    }
                }
            }
            if (before != null) {
                try (java.sql.PreparedStatement q = db.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM events "
                        + "WHERE conversation = ? AND sent_at_micros < ?")) {
                    q.setString(1, room);
                    q.setLong(2, SqliteStore.micros(before));
                    try (java.sql.ResultSet rows = q.executeQuery()) {
                        rows.next();
                        upTo = Math.max(upTo, rows.getLong(1));
                    }
                }
            }
            return upTo;
        });
        if (bound == 0) {
            return 0;
        }
        List<FileIndex.Blob> released = new ArrayList<>();
        long deleted = writer.change(db -> {
            // Where the history starts is recorded first, so this hole is never taken for the server-wide trim's.
            SqliteStore.update(db, "INSERT OR IGNORE INTO meta (key, value) SELECT 'trimmed', COALESCE(MIN(seq) - 1, "
                    + "(SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0) FROM events");
            SearchScope.forgetInRoomUpTo(db, room, bound);
            SqliteStore.update(db, "DELETE FROM reactions WHERE seq IN (SELECT seq FROM events WHERE conversation = ? "
                    + "AND seq <= ?)", room, bound);
            released.addAll(SqliteFileIndex.forgetUncarried(db, "conversation = ? AND seq <= ?", room, bound));
            return (long) SqliteStore.update(db, "DELETE FROM events WHERE conversation = ? AND seq <= ?", room, bound);
        }, n -> {
            if (!released.isEmpty()) {
                filesReleased.accept(List.copyOf(released));
            }
        });
        return deleted;
    }

    @Override
    public String epoch() {
        return epoch;
    }

    @Override
    public String format(Position position) {
        return tag + "." + position.major();
    }

    @Override
    public Optional<Position> parse(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Matcher m = ID.matcher(id);
        if (m.matches()) {
            return m.group(1).equals(tag) ? Optional.of(Position.of(Long.parseLong(m.group(2)))) : Optional.empty();
        }
        if (LEGACY_ID.matcher(id).matches() && legacyMax > 0) {
            long legacy = Long.parseLong(id);
            return legacy <= legacyMax ? Optional.of(Position.of(legacy)) : Optional.empty();
        }
        return Optional.empty();
    }

    @Override
    public Position head() {
        return Position.of(writer.head());
    }

    @Override
    public CompletableFuture<Appended> append(LogEvent event) {
        return writer.append(event);
    }

    @Override
    public CompletableFuture<List<Logged>> range(Position after, Position upTo, Scope scope, int limit) {
        String where;
        if (scope.all()) {
            where = "1 = 1";
        } else if (scope.room() != null) {
            where = "conversation = ? AND kind = 'MESSAGE'";
        } else if (scope.personKey() != null) {
            where = "(to_key IS NULL OR author_key = ? OR to_key = ?)";
        } else {
            where = "to_key IS NULL";
        }
        String sql = "SELECT " + SqliteRows.COLUMNS + " FROM events WHERE seq > ? AND seq <= ? AND " + where
                + " ORDER BY seq DESC LIMIT ?";
        return readers.readLater(db -> {
            try (PreparedStatement q = db.prepareStatement(sql)) {
                int i = 1;
                q.setLong(i++, after.major());
                q.setLong(i++, upTo.major());
                if (scope.room() != null && !scope.all()) {
                    q.setString(i++, scope.room());
                } else if (scope.personKey() != null && !scope.all()) {
                    q.setString(i++, scope.personKey());
                    q.setString(i++, scope.personKey());
                }
                q.setInt(i, limit);
                List<Logged> newestFirst = SqliteRows.read(q);
                Collections.reverse(newestFirst);
                return newestFirst;
            }
        });
    }

    @Override
    public CompletableFuture<Page> page(String conversation, Position before, Position after, int limit) {
        return pageWhere("e.conversation = ? AND e.kind IN ('MESSAGE', 'NOTICE') AND (e.thread IS NULL "
                + "OR e.also_in_room = 1)", q -> q.setString(1, conversation), before, after, limit);
    }

    @Override
    public CompletableFuture<List<Logged>> pinned(String conversation) {
        return readers.readLater(db -> {
            try (PreparedStatement q = db.prepareStatement("SELECT " + SqliteRows.FOLDED + " FROM events e WHERE "
                    + "e.conversation = ? AND e.pinned_by IS NOT NULL ORDER BY e.pinned_micros DESC, e.seq DESC "
                    + "LIMIT " + MAX_PINNED)) {
                q.setString(1, conversation);
                return SqliteRows.readFolded(db, q);
            }
        });
    }

    @Override
    public CompletableFuture<Page> thread(Position root, Position before, Position after, int limit) {
        return pageWhere("e.thread = ? AND e.kind = 'MESSAGE'", q -> q.setLong(1, root.major()), before, after,
                limit);
    }

    /** A page of the messages {@code where} picks (its one parameter set by {@code first}), each as it stands now. */
    private CompletableFuture<Page> pageWhere(String where, SqlParameter first, Position before, Position after,
                                              int limit) {
        String base = "SELECT " + SqliteRows.FOLDED + " FROM events e WHERE " + where;
        String sql = after != null ? base + " AND e.seq > ? ORDER BY e.seq LIMIT ?"
                : before != null ? base + " AND e.seq < ? ORDER BY e.seq DESC LIMIT ?"
                : base + " ORDER BY e.seq DESC LIMIT ?";
        return readers.readLater(db -> {
                try (PreparedStatement q = db.prepareStatement(sql)) {
                    first.set(q);
                    int i = 2;
                    if (after != null || before != null) {
                        q.setLong(i++, (after != null ? after : before).major());
                    }
                    q.setInt(i, limit + 1);
                    List<Logged> found = SqliteRows.readFolded(db, q);
                    boolean more = found.size() > limit;
                    if (more) {
                        found = found.subList(0, limit);
                    }
                    if (after == null) {
                        found = new ArrayList<>(found);
                        Collections.reverse(found);
                    }
                    return new Page(found, more);
                }
            });
    }

    /** Sets a statement's first parameter. */
    private interface SqlParameter {
        void set(PreparedStatement q) throws java.sql.SQLException;
    }

    @Override
    public CompletableFuture<Optional<Logged>> message(Position position) {
        return readers.readLater(db -> {
            try (PreparedStatement q = db.prepareStatement(
                    "SELECT " + SqliteRows.FOLDED + " FROM events e WHERE e.seq = ? AND e.kind = 'MESSAGE'")) {
                q.setLong(1, position.major());
                return SqliteRows.readFolded(db, q).stream().findFirst();
            }
        });
    }

    @Override
    public CompletableFuture<Optional<Position>> storedAs(String clientId) {
        return readers.readLater(db -> {
            try (PreparedStatement q = db.prepareStatement("SELECT seq FROM events WHERE client_id = ?")) {
                q.setString(1, clientId);
                try (ResultSet rows = q.executeQuery()) {
                    return rows.next() ? Optional.of(Position.of(rows.getLong(1))) : Optional.<Position>empty();
                }
            }
        });
    }

    @Override
    public Position trimmedUpTo() {
        return readers.read(db -> {
            try (Statement s = db.createStatement();
                 ResultSet rows = s.executeQuery("SELECT (SELECT CAST(value AS INTEGER) FROM meta WHERE key = "
                         + "'trimmed'), MIN(seq) FROM events")) {
                rows.next();
                long trimmed = rows.getLong(1);
                if (!rows.wasNull()) {
                    return Position.of(trimmed);
                }
                long oldest = rows.getLong(2);
                // Histories trimmed before 'trimmed' was recorded: sequence numbers have no holes but those the
                // retention limit made (or the first release's), and deleted rooms (which record it).
                return Position.of(rows.wasNull() ? writer.head() : oldest - 1);
            }
        });
    }

    @Override
    public Tail tail(Position after, TailListener listener) {
        SqliteTail tail = new SqliteTail(writer, readers, after.major(), listener, tails::remove);
        tails.add(tail);
        tail.start();
        return tail;
    }

    /** Ends the tails; the writer and readers are the store's to close. */
    @Override
    public void close() {
        List.copyOf(tails).forEach(SqliteTail::close);
    }
}
