package dev.hubbub.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ReadState} in the server's SQLite database: tables {@code follows} (person, root, conversation, whether they
 * follow it, when they chose), {@code read_positions} (person, place, position, the name they had) and
 * {@code read_private} (who does not share where they read). Follows are written through the
 * writer at once; read positions arrive by the hundred a second in a busy room, so they wait in memory and are
 * written together every {@value #FLUSH_MILLIS} ms, in one transaction (a crash loses at most that much of where
 * people read, never a message), which also forgets each writer's places past {@link #MAX_PLACES}, those furthest
 * back.
 */
final class SqliteReadState implements ReadState {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteReadState.class);
    static final long FLUSH_MILLIS = 500;

    private record Key(String person, String place) {
    }

    private final SqliteWriter writer;
    private final SqliteReaders readers;
    private final Map<Key, Reader> waiting = new ConcurrentHashMap<>();
    /**
     * Who does not share where they read, in memory (one entry a person who chose so): every {@code POST /read} asks,
     * and a read of the database each time would queue behind the tails' reads.
     */
    private final java.util.Set<String> notSharing = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "hubbub-read-positions");
        thread.setDaemon(true);
        return thread;
    });

    SqliteReadState(SqliteWriter writer, SqliteReaders readers) {
        this.writer = writer;
        this.readers = readers;
        readers.read(db -> {
            try (PreparedStatement q = db.prepareStatement("SELECT person FROM read_private");
                 ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    notSharing.add(rows.getString(1));
                }
            }
            return null;
        });
        flusher.scheduleWithFixedDelay(this::flushQuietly, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public Follow follow(String person, Position root, String conversation, boolean chosen) {
        // Most replies come from people who follow already: that is a read, not a write (and a sync) on the writer.
        if (follows(person, root)) {
            return Follow.ALREADY;
        }
        return writer.change(db -> {
            Boolean now = null;
            try (PreparedStatement q = db.prepareStatement(
                    "SELECT following FROM follows WHERE person = ? AND root_major = ? AND root_minor = ?")) {
                q.setString(1, person);
                q.setLong(2, root.major());
                q.setLong(3, root.minor());
                try (ResultSet row = q.executeQuery()) {
                    if (row.next()) {
                        now = row.getInt(1) == 1;
                    }
                }
            }
            if (Boolean.TRUE.equals(now)) {
                return Follow.ALREADY;
            }
            if (Boolean.FALSE.equals(now) && !chosen) {
                return Follow.DECLINED;
            }
            if (count(db, person) >= MAX_FOLLOWED) {
                return Follow.TOO_MANY;
            }
            SqliteStore.update(db, "INSERT INTO follows (person, root_major, root_minor, conversation, following, "
                    + "at_micros) VALUES (?, ?, ?, ?, 1, ?) ON CONFLICT (person, root_major, root_minor) DO UPDATE SET "
                    + "following = 1, at_micros = excluded.at_micros", person, root.major(), root.minor(),
                    conversation, SqliteStore.micros(Instant.now()));
            return Follow.STARTED;
        }, done -> { });
    }

    private static int count(java.sql.Connection db, String person) throws java.sql.SQLException {
        try (PreparedStatement q = db.prepareStatement(
                "SELECT COUNT(*) FROM follows WHERE person = ? AND following = 1")) {
            q.setString(1, person);
            try (ResultSet row = q.executeQuery()) {
                return row.next() ? row.getInt(1) : 0;
            }
        }
    }

    @Override
    public void unfollow(String person, Position root, String conversation) {
        writer.change(db -> SqliteStore.update(db, "INSERT INTO follows (person, root_major, root_minor, "
                + "conversation, following, at_micros) VALUES (?, ?, ?, ?, 0, ?) ON CONFLICT (person, root_major, "
                + "root_minor) DO UPDATE SET following = 0, at_micros = excluded.at_micros", person, root.major(),
                root.minor(), conversation, SqliteStore.micros(Instant.now())), done -> { });
    }

    @Override
    public boolean follows(String person, Position root) {
        return readers.read(db -> {
            try (PreparedStatement q = db.prepareStatement("SELECT 1 FROM follows WHERE person = ? AND "
                    + "root_major = ? AND root_minor = ? AND following = 1")) {
                q.setString(1, person);
                q.setLong(2, root.major());
                q.setLong(3, root.minor());
                try (ResultSet row = q.executeQuery()) {
                    return row.next();
                }
            }
        });
    }

    @Override
    public List<Followed> followed(String person) {
        return readers.read(db -> {
            List<Followed> found = new ArrayList<>();
            try (PreparedStatement q = db.prepareStatement("SELECT root_major, root_minor, conversation FROM follows "
                    + "WHERE person = ? AND following = 1 ORDER BY at_micros DESC, rowid DESC")) {
                q.setString(1, person);
                try (ResultSet rows = q.executeQuery()) {
                    while (rows.next()) {
                        found.add(new Followed(new Position(rows.getLong(1), rows.getLong(2)), rows.getString(3)));
                    }
                }
            }
            return found;
        });
    }

    @Override
    public void markRead(String person, String name, String place, Position upTo) {
        waiting.merge(new Key(person, place), new Reader(name, upTo),
                (was, now) -> was.upTo().compareTo(now.upTo()) >= 0 ? was : now);
    }

    @Override
    public Map<String, Reader> readers(String place, int limit) {
        Map<String, Reader> found = new HashMap<>();
        readers.read(db -> {
            try (PreparedStatement q = db.prepareStatement("SELECT person, name, major, minor FROM read_positions "
                    + "WHERE place = ? ORDER BY major DESC, minor DESC LIMIT ?")) {
                q.setString(1, place);
                q.setInt(2, limit);
                try (ResultSet rows = q.executeQuery()) {
                    while (rows.next()) {
                        found.put(rows.getString(1), new Reader(rows.getString(2),
                                new Position(rows.getLong(3), rows.getLong(4))));
                    }
                }
            }
            return null;
        });
        waiting.forEach((key, reader) -> {
            if (key.place().equals(place)) {
                found.merge(key.person(), reader, (was, now) -> was.upTo().compareTo(now.upTo()) >= 0 ? was : now);
            }
        });
        if (found.size() <= limit) {
            return found;
        }
        Map<String, Reader> newest = new HashMap<>();
        found.entrySet().stream().sorted((a, b) -> b.getValue().upTo().compareTo(a.getValue().upTo())).limit(limit)
                .forEach(e -> newest.put(e.getKey(), e.getValue()));
        return newest;
    }

    @Override
    public boolean shares(String person) {
        return !notSharing.contains(person);
    }

    @Override
    public void share(String person, boolean share) {
        writer.change(db -> SqliteStore.update(db, share ? "DELETE FROM read_private WHERE person = ?"
                : "INSERT OR IGNORE INTO read_private (person) VALUES (?)", person), done -> { });
        if (share) {
            notSharing.remove(person);
        } else {
            notSharing.add(person);
        }
    }

    @Override
    public Optional<Position> readUpTo(String person, String place) {
        return Optional.ofNullable(readUpTo(place, List.of(person)).get(person));
    }

    @Override
    public Map<String, Position> readUpTo(String place, Collection<String> persons) {
        Map<String, Position> found = new HashMap<>();
        if (persons.isEmpty()) {
            return found;
        }
        readers.read(db -> {
            String marks = String.join(", ", java.util.Collections.nCopies(persons.size(), "?"));
            try (PreparedStatement q = db.prepareStatement("SELECT person, major, minor FROM read_positions "
                    + "WHERE place = ? AND person IN (" + marks + ")")) {
                q.setString(1, place);
                int i = 2;
                for (String person : persons) {
                    q.setString(i++, person);
                }
                try (ResultSet rows = q.executeQuery()) {
                    while (rows.next()) {
                        found.put(rows.getString(1), new Position(rows.getLong(2), rows.getLong(3)));
                    }
                }
            }
            return null;
        });
        for (String person : persons) {
            Reader pending = waiting.get(new Key(person, place));
            if (pending != null) {
                found.merge(person, pending.upTo(), Position::max);
            }
        }
        return found;
    }

    /** Writes the positions that waited, in one transaction; one that moved on meanwhile waits for the next. */
    void flush() {
        if (waiting.isEmpty()) {
            return;
        }
        Map<Key, Reader> batch = new HashMap<>(waiting);
        writer.change(db -> {
            try (PreparedStatement upsert = db.prepareStatement("INSERT INTO read_positions (person, place, major, "
                    + "minor, name) VALUES (?, ?, ?, ?, ?) ON CONFLICT (person, place) DO UPDATE SET "
                    + "major = excluded.major, minor = excluded.minor, name = excluded.name "
                    + "WHERE (excluded.major, excluded.minor) > (major, minor)")) {
                for (Map.Entry<Key, Reader> entry : batch.entrySet()) {
                    upsert.setString(1, entry.getKey().person());
                    upsert.setString(2, entry.getKey().place());
                    upsert.setLong(3, entry.getValue().upTo().major());
                    upsert.setLong(4, entry.getValue().upTo().minor());
                    upsert.setString(5, entry.getValue().name());
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            try (PreparedStatement forget = db.prepareStatement("DELETE FROM read_positions WHERE rowid IN "
                    + "(SELECT rowid FROM read_positions WHERE person = ? ORDER BY major DESC, minor DESC "
                    + "LIMIT -1 OFFSET ?)")) {
                for (String person : batch.keySet().stream().map(Key::person).distinct().toList()) {
                    forget.setString(1, person);
                    forget.setInt(2, MAX_PLACES);
                    forget.addBatch();
                }
                forget.executeBatch();
            }
            return null;
        }, done -> { });
        batch.forEach(waiting::remove);
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("could not store where people read (trying again): {}", e.toString());
        }
    }

    @Override
    public void close() {
        flusher.shutdown();
        try {
            flusher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushQuietly();
    }
}
