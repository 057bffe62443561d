package dev.hubbub.server.backup;

import dev.hubbub.chat.Sentence;
import dev.hubbub.server.DataDirectory;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.util.HashSet;
import java.util.Set;

/**
 * The directory a backup is written into ({@code OUT}): it holds everyone's messages, so it is the user's own and
 * readable by them only. It must sit where no other user can swap it for a symbolic link once it has been checked:
 * no directory above it may be writable by others unless it has the sticky bit (as {@code /tmp} does, where only a
 * directory's owner may rename or remove it). A new one is made {@code 0700}; an existing one is taken only when it is
 * a directory (never a symbolic link to one), owned by the user and empty, and only then made {@code 0700}, and
 * looked into again (something put in before it was private is refused). Inside it every directory and file is made
 * private as it is created (never made and then restricted), by names it made itself, and a directory it did not make
 * is never written into; what is copied in is read without following a symbolic link.
 *
 * <p>On file systems without POSIX permissions (Windows) the user's profile is private already, and only the checks
 * that need none apply. Used by the one thread that takes the backup.
 */
final class BackupDirectory {
    /** Writable by the group or others; {@code S_ISVTX}, the sticky bit. */
    private static final int SHARED_WRITE = 0020 | 0002;
    private static final int STICKY = 01000;

    private final Path root;
    private final Set<Path> made = new HashSet<>();

    private BackupDirectory(Path root) {
        this.root = root;
    }

    /**
     * Makes {@code out}, or takes it when it is an empty directory of the user's own.
     *
     * @throws Backup.Refusal (a sentence) when it is a symbolic link, not a directory, someone else's, not empty, or
     *     inside a directory others may write to
     */
    static BackupDirectory take(Path out) throws IOException {
        Path root = out.toAbsolutePath().normalize();
        boolean posix = root.getFileSystem().supportedFileAttributeViews().contains("posix");
        Files.createDirectories(root.getParent());
        if (posix) {
            refuseSharedAbove(root, out);
        }
        BasicFileAttributes found;
        try {
            found = Files.readAttributes(root, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException missing) {
            try {
                Files.createDirectory(root, DataDirectory.ownerOnlyDirectory(root));
            } catch (FileAlreadyExistsException raced) {
                throw new Backup.Refusal(Sentence.of("cli.backup.notEmpty", "dir", out.toString()));
            }
            return new BackupDirectory(root);
        }
        if (found.isSymbolicLink()) {
            throw new Backup.Refusal(Sentence.of("cli.backup.symlink", "dir", out.toString()));
        }
        if (!found.isDirectory()) {
            throw new Backup.Refusal(Sentence.of("cli.backup.notDirectory", "dir", out.toString()));
        }
        if (posix) {
            UserPrincipal owner = Files.getOwner(root, LinkOption.NOFOLLOW_LINKS);
            if (!owner.equals(currentUser(root))) {
                throw new Backup.Refusal(Sentence.of("cli.backup.notYours", "dir", out.toString()));
            }
        }
        // Looked into before anything about it changes (a refused directory stays as it was), and again once it is
        // private: until then others may have put something in it.
        refuseUnlessEmpty(root, out);
        if (posix) {
            DataDirectory.privateDirectory(root);
            refuseUnlessEmpty(root, out);
        }
        return new BackupDirectory(root);
    }

    /** Refuses when a directory above {@code root} lets others rename what is in it (writable, not sticky). */
    private static void refuseSharedAbove(Path root, Path out) throws IOException {
        for (Path above = root.getParent(); above != null; above = above.getParent()) {
            int mode = (Integer) Files.getAttribute(above, "unix:mode");
            if ((mode & SHARED_WRITE) != 0 && (mode & STICKY) == 0) {
                throw new Backup.Refusal(Sentence.of("cli.backup.sharedParent", "dir", out.toString(),
                        "parent", above.toString()));
            }
        }
    }

    private static void refuseUnlessEmpty(Path root, Path out) throws IOException {
        try (DirectoryStream<Path> inside = Files.newDirectoryStream(root)) {
            if (inside.iterator().hasNext()) {
                throw new Backup.Refusal(Sentence.of("cli.backup.notEmpty", "dir", out.toString()));
            }
        }
    }

    /** The user this process runs as; null when the system cannot say (then no directory counts as theirs). */
    private static UserPrincipal currentUser(Path any) {
        try {
            return any.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
        } catch (IOException unknown) {
            return null;
        }
    }

    Path root() {
        return root;
    }

    /** A new empty file at {@code name} (relative to the root), private; its directories made private too. */
    Path newFile(Path name) throws IOException {
        Path file = inside(name);
        directories(file.getParent());
        try (FileChannel created = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), DataDirectory.ownerOnlyFile(file))) {
            return file;
        }
    }

    /**
     * Copies {@code source} (not followed if it is a symbolic link) to {@code name}, a new private file.
     *
     * @return its size
     * @throws NoSuchFileException when the source is not there (deleted meanwhile)
     */
    long copy(Path source, Path name) throws IOException {
        Path file = inside(name);
        directories(file.getParent());
        try (FileChannel from = openNoLink(source);
             FileChannel to = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                     DataDirectory.ownerOnlyFile(file))) {
            long size = from.size();
            for (long done = 0; done < size; ) {
                long moved = from.transferTo(done, size - done, to);
                if (moved <= 0) {
                    break; // the source was cut short meanwhile
                }
                done += moved;
            }
            return to.size();
        }
    }

    /**
     * {@code source} opened for reading unless it is a symbolic link, which is refused as if it were not there (the
     * system's own refusal, {@code ELOOP}, is an {@link IOException} of no particular kind).
     */
    private static FileChannel openNoLink(Path source) throws IOException {
        try {
            return FileChannel.open(source, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException refused) {
            if (!(refused instanceof NoSuchFileException) && Files.isSymbolicLink(source)) {
                throw new NoSuchFileException(source.toString(), null, "a symbolic link is not followed");
            }
            throw refused;
        }
    }

    /** Writes {@code text} to {@code name}, a new private file. */
    void write(Path name, String text) throws IOException {
        Path file = newFile(name);
        Files.writeString(file, text, StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
    }

    /** Where {@code name} is in here; never outside. */
    private Path inside(Path name) {
        Path resolved = root.resolve(name).normalize();
        if (!resolved.startsWith(root) || resolved.equals(root)) {
            throw new IllegalArgumentException(name + " is not a file inside " + root);
        }
        return resolved;
    }

    /** Makes every missing directory from the root down to {@code dir}, each private as it is made. */
    private void directories(Path dir) throws IOException {
        if (dir.equals(root)) {
            return;
        }
        directories(dir.getParent());
        if (made.contains(dir)) {
            return;
        }
        // Fails when it is there already: this backup writes only into directories it made itself.
        Files.createDirectory(dir, DataDirectory.ownerOnlyDirectory(dir));
        made.add(dir);
    }
}
