package dev.hubbub.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@link FileIndex} in SQLite: the table {@code files} (one row per upload) and {@code file_refs} (one row per
 * message that carries a file, written with the message by {@link SqliteAppends}). Changes run on the store's writer
 * thread, like the directory's.
 */
final class SqliteFileIndex implements FileIndex {
    private static final String COLUMNS = "id, hash, size, name, type, width, height, thumbnail, uploader_key, "
            + "uploaded_micros";

    private final SqliteWriter writes;
    private final SqliteReaders readers;
    private volatile Consumer<List<Blob>> releaser = released -> { };

    SqliteFileIndex(SqliteWriter writes, SqliteReaders readers) {
        this.writes = writes;
        this.readers = readers;
    }

    @Override
    public void onReleased(Consumer<List<Blob>> releaser) {
        this.releaser = releaser;
    }

    /** Hands blobs no file uses any more to the releaser (on the writer thread, after the commit). */
    void released(List<Blob> blobs) {
        if (!blobs.isEmpty()) {
            releaser.accept(blobs);
        }
    }

    @Override
    public boolean add(StoredFile file, BlobPlacer placer) {
        return writes.change(db -> {
            boolean placed = placer.place(file.blob());
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO files (" + COLUMNS + ") "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, file.id());
                insert.setString(2, file.blob().name());
                insert.setLong(3, file.blob().size());
                insert.setString(4, file.name());
                insert.setString(5, file.type());
                setInteger(insert, 6, file.width());
                setInteger(insert, 7, file.height());
                insert.setInt(8, file.thumbnail() ? 1 : 0);
                insert.setString(9, file.uploaderKey());
                insert.setLong(10, SqliteStore.micros(file.uploadedAt()));
                insert.executeUpdate();
            }
            return placed;
        }, placed -> { });
    }

    @Override
    public Renamed rename(Blob from, Blob to, BlobRenamer renamer, Consumer<Renamed> committed) {
        return writes.change(db -> {
            Renamed renamed = renamer.rename(from, to);
            if (renamed != Renamed.GONE) {
                try (PreparedStatement update = db.prepareStatement("UPDATE files SET hash = ? WHERE hash = ?")) {
                    update.setString(1, to.name());
                    update.setString(2, from.name());
                    update.executeUpdate();
                }
            }
            return renamed;
        }, committed);
    }

    @Override
    public Optional<StoredFile> find(String id) {
        return readers.read(db -> {
            try (PreparedStatement q = db.prepareStatement("SELECT " + COLUMNS + " FROM files WHERE id = ?")) {
                q.setString(1, id);
                try (ResultSet rows = q.executeQuery()) {
                    return rows.next() ? Optional.of(fileOf(rows)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<String> carriedIn(String id) {
        return readers.read(db -> {
            try (PreparedStatement q = db.prepareStatement(
                    "SELECT DISTINCT conversation FROM file_refs WHERE file_id = ?")) {
                q.setString(1, id);
                List<String> found = new ArrayList<>();
                try (ResultSet rows = q.executeQuery()) {
                    while (rows.next()) {
                        found.add(rows.getString(1));
                    }
                }
                return found;
            }
        });
    }

    @Override
    public List<Blob> forgetUnsent(Instant before, long bytes) {
        return writes.change(db -> {
            List<String> candidates = new ArrayList<>();
            try (PreparedStatement q = db.prepareStatement("SELECT id FROM files f WHERE uploaded_micros < ? "
                    + "AND NOT EXISTS (SELECT 1 FROM file_refs r WHERE r.file_id = f.id) ORDER BY uploaded_micros")) {
                q.setLong(1, SqliteStore.micros(before));
                try (ResultSet rows = q.executeQuery()) {
                    while (rows.next()) {
                        candidates.add(rows.getString(1));
                    }
                }
            }
            List<Blob> released = new ArrayList<>();
            long freed = 0;
            for (String id : candidates) {
                if (freed >= bytes) {
                    break;
                }
                Blob blob = forget(db, id);
                if (blob != null) {
                    released.add(blob);
                    freed += blob.size();
                }
            }
            return released;
        }, this::released);
    }

    /** Deletes a file's row; the blob it used, if no other file uses it. */
    private static Blob forget(Connection db, String id) throws SQLException {
        String hash;
        long size;
        try (PreparedStatement q = db.prepareStatement("SELECT hash, size FROM files WHERE id = ?")) {
            q.setString(1, id);
            try (ResultSet rows = q.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                hash = rows.getString(1);
                size = rows.getLong(2);
            }
        }
        try (PreparedStatement delete = db.prepareStatement("DELETE FROM files WHERE id = ?")) {
            delete.setString(1, id);
            delete.executeUpdate();
        }
        try (PreparedStatement q = db.prepareStatement("SELECT 1 FROM files WHERE hash = ? LIMIT 1")) {
            q.setString(1, hash);
            try (ResultSet rows = q.executeQuery()) {
                return rows.next() ? null : new Blob(hash, size);
            }
        }
    }

    /**
     * Before messages are deleted (the retention limit, a deleted room; in the same transaction): forgets the files
     * that only they carried, and returns the blobs that released.
     *
     * @param which the messages, as a condition on {@code file_refs} with parameters ({@code "seq <= ?"},
     *     {@code "conversation = ? AND seq <= ?"}): a constant, never built from input
     */
    static List<Blob> forgetUncarried(Connection db, String which, Object... values) throws SQLException {
        List<String> files = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement("SELECT DISTINCT file_id FROM file_refs WHERE " + which)) {
            for (int i = 0; i < values.length; i++) {
                q.setObject(i + 1, values[i]);
            }
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    files.add(rows.getString(1));
                }
            }
        }
        if (files.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement delete = db.prepareStatement("DELETE FROM file_refs WHERE " + which)) {
            for (int i = 0; i < values.length; i++) {
                delete.setObject(i + 1, values[i]);
            }
            delete.executeUpdate();
        }
        List<Blob> released = new ArrayList<>();
        try (PreparedStatement stillCarried = db.prepareStatement("SELECT 1 FROM file_refs WHERE file_id = ? LIMIT 1")) {
            for (String id : files) {
                stillCarried.setString(1, id);
                try (ResultSet rows = stillCarried.executeQuery()) {
                    if (rows.next()) {
                        continue;
                    }
                }
                Blob blob = forget(db, id);
                if (blob != null) {
                    released.add(blob);
                }
            }
        }
        return released;
    }

    /** A condition on {@code file_refs r}: the message is in a room (its one parameter: {@link #DIRECT_IDS}). */
    private static final String IN_A_ROOM = "r.conversation NOT LIKE ?";
    private static final String DIRECT_IDS = Conversations.DIRECT + "%";

    @Override
    public List<InRooms> largestInRooms(int limit) {
        return readers.read(db -> {
            List<StoredFile> largest = new ArrayList<>();
            try (PreparedStatement q = db.prepareStatement("SELECT " + COLUMNS + " FROM files f WHERE EXISTS "
                    + "(SELECT 1 FROM file_refs r WHERE r.file_id = f.id AND " + IN_A_ROOM + ") "
                    + "ORDER BY size DESC, uploaded_micros LIMIT ?")) {
                q.setString(1, DIRECT_IDS);
                q.setInt(2, limit);
                try (ResultSet rows = q.executeQuery()) {
                    while (rows.next()) {
                        largest.add(fileOf(rows));
                    }
                }
            }
            List<InRooms> found = new ArrayList<>();
            try (PreparedStatement q = db.prepareStatement("SELECT DISTINCT r.conversation FROM file_refs r "
                    + "WHERE r.file_id = ? AND " + IN_A_ROOM + " ORDER BY r.conversation")) {
                for (StoredFile file : largest) {
                    q.setString(1, file.id());
                    q.setString(2, DIRECT_IDS);
                    List<String> rooms = new ArrayList<>();
                    try (ResultSet rows = q.executeQuery()) {
                        while (rows.next()) {
                            rooms.add(rows.getString(1));
                        }
                    }
                    found.add(new InRooms(file, rooms));
                }
            }
            return found;
        });
    }

    @Override
    public boolean removeFromRooms(String id) {
        boolean[] there = {false};
        writes.change(db -> {
            try (PreparedStatement q = db.prepareStatement("SELECT 1 FROM file_refs r WHERE r.file_id = ? AND "
                    + IN_A_ROOM + " LIMIT 1")) {
                q.setString(1, id);
                q.setString(2, DIRECT_IDS);
                try (ResultSet rows = q.executeQuery()) {
                    if (!rows.next()) {
                        return List.<Blob>of();
                    }
                }
            }
            there[0] = true;
            SqliteStore.update(db, "DELETE FROM file_refs WHERE file_id = ?", id);
            Blob blob = forget(db, id);
            return blob == null ? List.<Blob>of() : List.of(blob);
        }, this::released);
        return there[0];
    }

    @Override
    public List<Blob> blobs() {
        return readers.read(db -> {
            List<Blob> found = new ArrayList<>();
            try (PreparedStatement q = db.prepareStatement("SELECT hash, MAX(size) FROM files GROUP BY hash");
                 ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    found.add(new Blob(rows.getString(1), rows.getLong(2)));
                }
            }
            return found;
        });
    }

    private static StoredFile fileOf(ResultSet row) throws SQLException {
        return new StoredFile(row.getString(1), new Blob(row.getString(2), row.getLong(3)), row.getString(4),
                row.getString(5), integer(row, 6), integer(row, 7), row.getInt(8) == 1, row.getString(9),
                SqliteStore.instant(row.getLong(10)));
    }

    private static Integer integer(ResultSet row, int column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? null : value;
    }

    private static void setInteger(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }
}
