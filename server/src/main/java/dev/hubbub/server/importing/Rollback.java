package dev.hubbub.server.importing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A data directory as it was before an import, so a failed import leaves it so: a copy of the database (and its
 * write-ahead log, if a stopped server left one), and the names of the files the file store held. Taken while the
 * importing command holds the data directory's lock and no store is open; {@link #restore} after the stores are
 * closed. Used by the importing thread alone.
 */
public final class Rollback {
    private static final List<String> DATABASE_PARTS = List.of("", "-wal", "-shm", "-journal");

    private final Path database;
    private final Path copy;
    private final Path files;
    private final Set<Path> filesBefore;

    private Rollback(Path database, Path copy, Path files, Set<Path> filesBefore) {
        this.database = database;
        this.copy = copy;
        this.files = files;
        this.filesBefore = filesBefore;
    }

    /** Copies {@code database} aside (into a private folder beside it) and lists {@code files}. */
    public static Rollback take(Path database, Path files) throws IOException {
        Path copy = Files.createTempDirectory(database.toAbsolutePath().getParent(), "import-undo-");
        for (String part : DATABASE_PARTS) {
            Path from = database.resolveSibling(database.getFileName() + part);
            if (Files.exists(from)) {
                Files.copy(from, copy.resolve(from.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return new Rollback(database, copy, files, list(files));
    }

    /** Puts the database back as it was and removes every file the import added. */
    public void restore() throws IOException {
        for (String part : DATABASE_PARTS) {
            Path at = database.resolveSibling(database.getFileName() + part);
            Path kept = copy.resolve(at.getFileName());
            if (Files.exists(kept)) {
                Files.move(kept, at, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(at);
            }
        }
        for (Path added : list(files)) {
            if (!filesBefore.contains(added)) {
                Files.deleteIfExists(added);
            }
        }
        discard();
    }

    /** Drops the copy: the import is kept. */
    public void discard() throws IOException {
        try (Stream<Path> left = Files.list(copy)) {
            for (Path one : left.toList()) {
                Files.delete(one);
            }
        }
        Files.delete(copy);
    }

    private static Set<Path> list(Path files) throws IOException {
        if (!Files.isDirectory(files)) {
            return Set.of();
        }
        try (Stream<Path> all = Files.walk(files)) {
            Set<Path> listed = new HashSet<>();
            all.filter(Files::isRegularFile).forEach(listed::add);
            return listed;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
