package dev.hubbub.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory a server keeps its files in (the message database, the TLS keystore and its password), private to
 * the user who runs it, and held by one server at a time.
 *
 * <ul>
 *   <li>The directory is {@code 0700} and every file in it is created {@code 0600} from the start (never made and
 *       then restricted, which leaves a moment when others can open it). An existing directory or file that is
 *       more open is restricted, and the host is told.</li>
 *   <li>An exclusive lock on {@code hubbub.lock}, held while the server runs: a second server on the same directory
 *       stops at once with {@link InUseException}, instead of writing to the same database without hearing of the
 *       first one's messages. The lock file names the holder's process and port.</li>
 * </ul>
 *
 * On file systems without POSIX permissions (Windows) the user's profile directory is private already and only the
 * lock applies.
 */
public final class DataDirectory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);
    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    static final String LOCK_FILE = "hubbub.lock";

    /** Another server holds the directory. */
    public static final class InUseException extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final transient Path directory;
        private final int port;

        InUseException(Path directory, String holder, int port) {
            super("another Hubbub server is using " + directory + (holder.isEmpty() ? "" : " (" + holder + ")")
                    + "; stop it first, or give this one a directory of its own with --data-dir");
            this.directory = directory;
            this.port = port;
        }

        public Path directory() {
            return directory;
        }

        /** The port the other server said it listens on, when it said. */
        public Optional<Integer> port() {
            return port > 0 ? Optional.of(port) : Optional.empty();
        }
    }

    private final Path path;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDirectory(Path path, FileChannel lockChannel, FileLock lock) {
        this.path = path;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Creates (or restricts) the directory and takes its lock.
     *
     * @throws InUseException when another server holds it
     */
    public static DataDirectory open(Path directory) throws IOException {
        Path path = directory.toAbsolutePath().normalize();
        privateDirectory(path);
        Path lockFile = path.resolve(LOCK_FILE);
        createPrivateFile(lockFile);
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            String holder = Files.readString(lockFile, StandardCharsets.UTF_8).strip();
            channel.close();
            throw new InUseException(path, holder, portIn(holder));
        }
        DataDirectory opened = new DataDirectory(path, channel, lock);
        opened.recordHolder(0);
        return opened;
    }

    public Path path() {
        return path;
    }

    /** A file in this directory, created empty and private when missing, restricted when too open. */
    public Path privateFile(String name) {
        Path file = path.resolve(name);
        try {
            createPrivateFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
        return file;
    }

    /** A directory in this one, private like it. */
    public Path privateDirectory(String name) throws IOException {
        Path dir = path.resolve(name);
        privateDirectory(dir);
        return dir;
    }

    /** Writes who holds the lock into the lock file: this process and, once known, its port. */
    public void recordHolder(int port) throws IOException {
        String holder = "pid " + ProcessHandle.current().pid() + (port > 0 ? ", port " + port : "");
        lockChannel.truncate(0);
        lockChannel.write(ByteBuffer.wrap((holder + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        lockChannel.force(false);
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.warn("could not release the lock on {}: {}", path, e.toString());
        }
    }

    private static int portIn(String holder) {
        int at = holder.indexOf("port ");
        if (at < 0) {
            return 0;
        }
        try {
            return Integer.parseInt(holder.substring(at + 5).strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * What a new directory at {@code where} is made with so that it is {@code 0700} from the start: nothing on a file
     * system without POSIX permissions.
     */
    public static FileAttribute<?>[] ownerOnlyDirectory(Path where) {
        return isPosix(where) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY)}
                : new FileAttribute<?>[0];
    }

    /** What a new file at {@code where} is made with so that it is {@code 0600} from the start, as above. */
    public static FileAttribute<?>[] ownerOnlyFile(Path where) {
        return isPosix(where) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)}
                : new FileAttribute<?>[0];
    }

    /** Creates {@code dir} (and missing parents) {@code 0700}, or restricts an existing one that is more open. */
    public static void privateDirectory(Path dir) throws IOException {
        if (!isPosix(dir)) {
            Files.createDirectories(dir);
            return;
        }
        if (!Files.isDirectory(dir)) {
            Path parent = dir.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try {
                Files.createDirectory(dir, ownerOnlyDirectory(dir));
                return;
            } catch (FileAlreadyExistsException raced) {
                // made meanwhile: check it like any existing one
            }
        }
        restrict(dir, OWNER_DIRECTORY);
    }

    /** Creates {@code file} empty and {@code 0600}, or restricts an existing one that is more open. */
    static void createPrivateFile(Path file) throws IOException {
        if (!isPosix(file)) {
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            return;
        }
        try {
            Files.createFile(file, ownerOnlyFile(file));
        } catch (FileAlreadyExistsException exists) {
            restrict(file, OWNER_FILE);
        }
    }

    private static void restrict(Path path, Set<PosixFilePermission> wanted) throws IOException {
        Set<PosixFilePermission> current = Files.getPosixFilePermissions(path);
        if (!wanted.containsAll(current)) {
            Files.setPosixFilePermissions(path, wanted);
            LOG.warn("{} was readable by other users ({}); it is now {} (only you)", path,
                    PosixFilePermissions.toString(current), PosixFilePermissions.toString(wanted));
        }
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
