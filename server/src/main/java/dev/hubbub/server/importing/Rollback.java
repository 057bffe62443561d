package dev.hubbub.server.importing;

import dev.hubbub.chat.ChatJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A data directory as it was before an import, so a failed import leaves it so: a copy of the database (and its
 * write-ahead log, if a stopped server left one), and the names of the files the file store held, kept in an
 * {@code import-undo-*} folder beside the database until the import ends.
 *
 * <p>The folder is complete once its {@value #MANIFEST} is there: it is written last (after the copies are on disk,
 * under another name, then renamed), so a folder without one is a copy cut short before the import changed anything,
 * and is only removed. An import killed midway leaves a complete folder: whoever takes the data directory's lock next
 * ({@link #undoUnfinished}) puts the directory back from it. Restoring copies (never moves) from the folder and
 * removes the manifest first when it is done, so a restore cut short is simply done again.
 *
 * <p>Taken while the importing command holds the data directory's lock and no store is open; {@link #restore} after
 * the stores are closed. Used by the thread holding the lock alone.
 */
public final class Rollback {
    private static final List<String> DATABASE_PARTS = List.of("", "-wal", "-shm", "-journal");
    static final String FOLDER_PREFIX = "import-undo-";
    static final String MANIFEST = "undo.json";

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

    /** What a complete folder says: where the file store was, and the files it held (relative to it). */
    record Manifest(String files, List<String> before) {
    }

    /** Copies {@code database} aside (into a private folder beside it) and lists {@code files}. */
    public static Rollback take(Path database, Path files) throws IOException {
        Path copy = Files.createTempDirectory(database.toAbsolutePath().getParent(), FOLDER_PREFIX);
        for (String part : DATABASE_PARTS) {
            Path from = database.resolveSibling(database.getFileName() + part);
            if (Files.exists(from)) {
                Path to = copy.resolve(from.getFileName());
                Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
                flush(to);
            }
        }
        Path root = files.toAbsolutePath().normalize();
        Set<Path> before = list(root);
        List<String> names = new ArrayList<>();
        before.forEach(one -> names.add(root.relativize(one).toString()));
        // The manifest says the copy is whole: written after the copies are on disk, and appearing all at once.
        Path written = copy.resolve(MANIFEST + ".part");
        Files.writeString(written, ChatJson.write(new Manifest(root.toString(), names)));
        flush(written);
        Files.move(written, copy.resolve(MANIFEST), StandardCopyOption.ATOMIC_MOVE);
        flush(copy);
        return new Rollback(database, copy, root, before);
    }

    /**
     * Puts back the data directory an import was killed in (a complete {@code import-undo-*} folder beside
     * {@code database}), and removes folders cut short before the import began. Called by whoever took the data
     * directory's lock, before any store is opened.
     *
     * @return whether an import was undone
     */
    public static boolean undoUnfinished(Path database) throws IOException {
        Path beside = database.toAbsolutePath().getParent();
        List<Path> folders = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(beside, FOLDER_PREFIX + "*")) {
            found.forEach(folders::add);
        }
        boolean undone = false;
        for (Path folder : folders) {
            if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Path manifest = folder.resolve(MANIFEST);
            if (Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS)) {
                Manifest said = ChatJson.read(Files.readString(manifest), Manifest.class);
                Path root = Path.of(said.files());
                Set<Path> before = new HashSet<>();
                said.before().forEach(name -> before.add(root.resolve(name)));
                new Rollback(database, folder, root, before).restore();
                undone = true;
            } else {
                remove(folder);
            }
        }
        return undone;
    }

    /** Puts the database back as it was and removes every file the import added. */
    public void restore() throws IOException {
        for (String part : DATABASE_PARTS) {
            Path at = database.resolveSibling(database.getFileName() + part);
            Path kept = copy.resolve(at.getFileName());
            if (Files.exists(kept)) {
                Files.copy(kept, at, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                flush(at);
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

    /** Drops the copy: the import is kept (or undone). The manifest goes first, so what is left is never restored. */
    public void discard() throws IOException {
        Files.deleteIfExists(copy.resolve(MANIFEST));
        flush(copy);
        remove(copy);
    }

    private static void remove(Path folder) throws IOException {
        try (Stream<Path> left = Files.list(folder)) {
            for (Path one : left.toList()) {
                Files.delete(one);
            }
        }
        Files.delete(folder);
    }

    /** Forces a file's (or a folder's entries') bytes to the disk, where the system allows it. */
    private static void flush(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (!Files.isDirectory(path)) {
                throw e;
            }
            // Some systems (Windows) open no folder to force it; its entries are then as safe as they get.
        }
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
