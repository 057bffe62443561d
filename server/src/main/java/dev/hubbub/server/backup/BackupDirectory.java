package dev.hubbub.server.backup;

import dev.hubbub.chat.Sentence;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * The directory a backup is written into ({@code OUT}): it holds everyone's messages, so it is the user's own and
 * readable by them only. A new one is made {@code 0700}; an existing one is taken only when it is a directory (never
 * a symbolic link to one), owned by the user and empty, and then made {@code 0700} before anything is written. Inside
 * it every directory is made {@code 0700} and every file {@code 0600} as it is created (never made and then
 * restricted), by names it made itself; what is copied in is read without following a symbolic link.
 *
 * <p>On file systems without POSIX permissions (Windows) the user's profile is private already, and only the checks
 * that need none apply. Used by the one thread that takes the backup.
 */
final class BackupDirectory {
    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

    private final Path root;
    private final boolean posix;

    private BackupDirectory(Path root, boolean posix) {
        this.root = root;
        this.posix = posix;
    }

    /**
     * Makes {@code out}, or takes it when it is an empty directory of the user's own.
     *
     * @throws Backup.Refusal (a sentence) when it is a symbolic link, not a directory, someone else's, or not empty
     */
    static BackupDirectory take(Path out) throws IOException {
        Path root = out.toAbsolutePath().normalize();
        boolean posix = root.getFileSystem().supportedFileAttributeViews().contains("posix");
        BasicFileAttributes found;
        try {
            found = Files.readAttributes(root, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException missing) {
            Files.createDirectories(root.getParent());
            try {
                Files.createDirectory(root, posix ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY)} : new FileAttribute<?>[0]);
            } catch (FileAlreadyExistsException raced) {
                throw new Backup.Refusal(Sentence.of("cli.backup.notEmpty", "dir", out.toString()));
            }
            return new BackupDirectory(root, posix);
        }
        if (found.isSymbolicLink()) {
            throw new Backup.Refusal(Sentence.of("cli.backup.symlink", "dir", out.toString()));
        }
        if (!found.isDirectory()) {
            throw new Backup.Refusal(Sentence.of("cli.backup.notDirectory", "dir", out.toString()));
        }
        if (posix) {
            PosixFileAttributeView view = Files.getFileAttributeView(root, PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (!view.getOwner().equals(currentUser(root))) {
                throw new Backup.Refusal(Sentence.of("cli.backup.notYours", "dir", out.toString()));
            }
            // Private before it is looked into: nobody else can put anything in it from here on.
            view.setPermissions(OWNER_DIRECTORY);
        }
        try (DirectoryStream<Path> inside = Files.newDirectoryStream(root)) {
            if (inside.iterator().hasNext()) {
                throw new Backup.Refusal(Sentence.of("cli.backup.notEmpty", "dir", out.toString()));
            }
        }
        return new BackupDirectory(root, posix);
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
                StandardOpenOption.WRITE), privateFile())) {
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
        Set<OpenOption> reading = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        try (FileChannel from = FileChannel.open(source, reading);
             FileChannel to = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                     privateFile())) {
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
        try {
            Files.createDirectory(dir, posix ? new FileAttribute<?>[] {
                PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY)} : new FileAttribute<?>[0]);
        } catch (FileAlreadyExistsException made) {
            // made here before, by this backup (nobody else can write in the root)
        }
    }

    private FileAttribute<?>[] privateFile() {
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)}
                : new FileAttribute<?>[0];
    }
}
