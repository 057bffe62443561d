package dev.hubbub.server.backup;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.Sentence;
import dev.hubbub.server.HubbubServer;
import dev.hubbub.server.files.FileStore;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A consistent copy of a server's whole state while it keeps serving: the database by SQLite's {@code VACUUM INTO}
 * from a read-only connection (one read transaction: a snapshot of everything committed when it began, whatever the
 * server writes meanwhile; the server's writes are not held up, as WAL lets a reader and the writer go on together),
 * then the files that snapshot names, by their stored names (content hashes), then the data directory's other small
 * files (the host token, a generated certificate). {@code hubbub serve --data-dir OUT} serves the copy as it is.
 *
 * <p>The copy is written beside its final name and renamed last: a backup cut short has no {@code hubbub.db} and is
 * never mistaken for a whole one. A file deleted on the server between the snapshot and its copy (its messages
 * deleted meanwhile) is counted in {@link Result#gone}; a file renamed to its hash meanwhile is found by its id.
 *
 * <p>SQLite only: a server on Redis keeps its state there ({@link #redisRefusal}).
 */
public final class Backup {
    /** What {@code hubbub backup} writes beside the copy: when, and what it holds. */
    public static final String MANIFEST = "backup.json";

    /**
     * What was copied.
     *
     * @param lastSeq the last event in the copy: everything acknowledged up to it is there
     * @param gone files the snapshot named that were deleted on the server before they could be copied
     */
    public record Result(Path directory, Instant takenAt, long events, long lastSeq, int files, long bytes, int gone) {
    }

    /** A backup that cannot be taken, and the sentence saying why. */
    public static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Sentence sentence;

        Refusal(Sentence sentence) {
            super(sentence.english());
            this.sentence = sentence;
        }

        public Sentence sentence() {
            return sentence;
        }
    }

    private Backup() {
    }

    /** Why a Redis server's state is not backed up here, and what to back up instead. */
    public static Sentence redisRefusal(Path filesDir) {
        return Sentence.of("cli.backup.redis", "files", filesDir.toString());
    }

    /**
     * Copies the state in {@code dataDir} (its files in {@code filesDir}) to {@code out}, which must not exist, or be
     * an empty directory of the user's own (never a symbolic link); it is made readable by the user only
     * ({@link BackupDirectory}). The server may be running. Blocks until done (seconds per gigabyte).
     *
     * @throws Refusal (a sentence) when {@code dataDir} holds no Hubbub database, is a Redis server's, or {@code out}
     *     is a symbolic link, not a directory, someone else's or not empty
     */
    public static Result take(Path dataDir, Path filesDir, Path out) throws IOException {
        Path database = dataDir.resolve(HubbubServer.DATABASE);
        if (!Files.isRegularFile(database)) {
            throw new Refusal(Files.exists(dataDir.resolve(HubbubServer.SEARCH_INDEX)) ? redisRefusal(filesDir)
                    : Sentence.of("cli.backup.noDatabase", "dir", dataDir.toString()));
        }
        BackupDirectory into = BackupDirectory.take(out);
        Instant takenAt = Instant.now();
        // Made private and empty first: VACUUM INTO fills an empty file as it is, and would make a new one readable by
        // everyone the umask lets.
        Path partial = into.newFile(Path.of(HubbubServer.DATABASE + ".partial"));
        Map<String, String> blobs = new LinkedHashMap<>();
        long events;
        long lastSeq;
        try (Connection source = DriverManager.getConnection("jdbc:sqlite:file:" + database.toAbsolutePath()
                + "?mode=ro")) {
            try (Statement s = source.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
            }
            try (PreparedStatement vacuum = source.prepareStatement("VACUUM INTO ?")) {
                vacuum.setString(1, partial.toAbsolutePath().toString());
                vacuum.execute();
            }
        } catch (SQLException e) {
            throw new IOException("could not copy the database " + database + ": " + e.getMessage(), e);
        }
        try (Connection copy = DriverManager.getConnection("jdbc:sqlite:" + partial.toAbsolutePath());
             Statement s = copy.createStatement()) {
            try (ResultSet rows = s.executeQuery("SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM events")) {
                rows.next();
                events = rows.getLong(1);
                lastSeq = rows.getLong(2);
            }
            try (ResultSet rows = s.executeQuery("SELECT id, hash FROM files")) {
                while (rows.next()) {
                    blobs.put(rows.getString(1), rows.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IOException("could not read the copy " + partial + ": " + e.getMessage(), e);
        }
        int files = 0;
        int gone = 0;
        long bytes = 0;
        Set<String> copied = new java.util.HashSet<>();
        for (Map.Entry<String, String> file : blobs.entrySet()) {
            if (!copied.add(file.getValue())) {
                continue; // the same content, sent again
            }
            long size = copyBlob(filesDir, file.getValue(), into, file.getValue());
            if (size < 0) {
                // Renamed to its hash since the snapshot: the bytes are under the name the server has now.
                String now = currentBlob(database, file.getKey());
                size = now == null ? -1 : copyBlob(filesDir, now, into, file.getValue());
            }
            if (size < 0) {
                gone++;
            } else {
                files++;
                bytes += size;
            }
        }
        copySmallFiles(dataDir, into);
        Files.move(partial, into.root().resolve(HubbubServer.DATABASE), StandardCopyOption.ATOMIC_MOVE);
        Result result = new Result(out, takenAt, events, lastSeq, files, bytes, gone);
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("takenAt", takenAt.toString());
        manifest.put("events", events);
        manifest.put("lastSeq", lastSeq);
        manifest.put("files", files);
        manifest.put("bytes", bytes);
        manifest.put("gone", gone);
        into.write(Path.of(MANIFEST), ChatJson.write(manifest));
        return result;
    }

    /**
     * The blob's bytes and thumbnails from a files directory into the backup's; its size, or -1 when it is not there
     * (a symbolic link in its place is not followed: not there either).
     */
    private static long copyBlob(Path from, String name, BackupDirectory into, String asName) throws IOException {
        Path source = FileStore.blobPath(from, name);
        if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
            return -1;
        }
        var sources = FileStore.blobFiles(from, name);
        var targets = FileStore.blobFiles(into.root().resolve(HubbubServer.FILES), asName);
        long size = -1;
        for (int i = 0; i < sources.size(); i++) {
            try {
                long copied = into.copy(sources.get(i), into.root().relativize(targets.get(i)));
                if (i == 0) {
                    size = copied;
                }
            } catch (NoSuchFileException missing) {
                if (i == 0) {
                    return -1; // deleted between the look and the copy
                }
            }
        }
        return size;
    }

    /** The blob name the live database gives the file with this id now, if it still has it. */
    private static String currentBlob(Path database, String id) throws IOException {
        try (Connection live = DriverManager.getConnection("jdbc:sqlite:file:" + database.toAbsolutePath()
                + "?mode=ro");
             PreparedStatement select = live.prepareStatement("SELECT hash FROM files WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IOException("could not read " + database + ": " + e.getMessage(), e);
        }
    }

    /**
     * The host token, a generated certificate and its password: every other plain file at the top, but the lock (a
     * symbolic link is not a plain file here).
     */
    private static void copySmallFiles(Path dataDir, BackupDirectory into) throws IOException {
        Set<String> not = Set.of(HubbubServer.DATABASE, HubbubServer.DATABASE + "-wal", HubbubServer.DATABASE + "-shm",
                HubbubServer.DATABASE + "-journal", "hubbub.lock", HubbubServer.SEARCH_INDEX);
        try (DirectoryStream<Path> all = Files.newDirectoryStream(dataDir,
                file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))) {
            for (Path file : all) {
                if (!not.contains(file.getFileName().toString())) {
                    into.copy(file, file.getFileName());
                }
            }
        }
    }
}
