package dev.hubbub.server.files;

import dev.hubbub.server.DataDirectory;
import dev.hubbub.server.store.FileIndex;
import dev.hubbub.server.store.FileIndex.Blob;
import dev.hubbub.server.store.FileIndex.StoredFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploaded files' bytes, in a directory of their own: {@code incoming/} holds uploads while they arrive,
 * {@code blobs/xx/HASH} each content once (named by its SHA-256), with its thumbnail beside it
 * ({@code HASH.thumb.jpg} or {@code .png}). What each file is called and who may read it is in the {@link FileIndex}.
 *
 * <p>An upload streams to a file of its own in {@code incoming/} while its hash is computed; only when it is complete
 * and accepted is it moved (atomically, on the same file system) into {@code blobs/}, on the store's writer thread,
 * and then recorded. So a refused or interrupted upload leaves nothing, and no record ever names a half file. On
 * start, what a crash left in {@code incoming/} and blobs no record names are deleted.
 *
 * <p>Thread-safe: uploads run at once, each on its own files; storage is counted with atomics.
 */
public final class FileStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileStore.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String THUMB = ".thumb";

    /** Why an upload was not taken; {@code status} is the HTTP status that says so. */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        Refused(int status, String sentence) {
            super(sentence);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Path incoming;
    private final Path blobs;
    private final FileIndex index;
    private final FileLimits limits;
    private final Clock clock;
    /** Bytes of the blobs in place. */
    private final AtomicLong used = new AtomicLong();
    /** Bytes of uploads under way, which may soon be blobs. */
    private final AtomicLong arriving = new AtomicLong();

    private FileStore(Path root, FileIndex index, FileLimits limits, Clock clock) {
        this.incoming = root.resolve("incoming");
        this.blobs = root.resolve("blobs");
        this.index = index;
        this.limits = limits;
        this.clock = clock;
    }

    /** Opens (creating) the files directory {@code root}, cleans up after a crash, and counts what is stored. */
    public static FileStore open(Path root, FileIndex index, FileLimits limits, Clock clock) throws IOException {
        for (Path dir : new Path[] {root, root.resolve("incoming"), root.resolve("blobs")}) {
            DataDirectory.privateDirectory(dir);
        }
        FileStore store = new FileStore(root, index, limits, clock);
        store.recover();
        index.onReleased(store::delete);
        return store;
    }

    public FileLimits limits() {
        return limits;
    }

    /** Bytes stored now (each content once). */
    public long used() {
        return used.get();
    }

    private void recover() throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(incoming)) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
        Set<String> known = new HashSet<>();
        long total = 0;
        for (Blob blob : index.blobs()) {
            known.add(blob.hash());
            if (Files.exists(blobPath(blob.hash()))) {
                total += blob.size();
            } else {
                LOG.warn("the file with hash {} is missing from {}", blob.hash(), blobs);
            }
        }
        used.set(total);
        try (Stream<Path> all = Files.walk(blobs, 2)) {
            for (Path file : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                String name = file.getFileName().toString();
                int dot = name.indexOf('.');
                String hash = dot < 0 ? name : name.substring(0, dot);
                if (!known.contains(hash)) {
                    Files.deleteIfExists(file);
                }
            }
        }
        // Files uploaded and never sent, past their grace: nobody will send them now.
        index.forgetUnsent(clock.instant().minus(limits.unsentGrace()), Long.MAX_VALUE);
    }

    /** The file with this id, if there is one. */
    public Optional<StoredFile> find(String id) {
        return index.find(id);
    }

    /** The conversations whose kept messages carry the file. */
    public List<String> carriedIn(String id) {
        return index.carriedIn(id);
    }

    /** Where a file's bytes are; they may be gone (a file whose messages were deleted meanwhile). */
    public Path bytesOf(StoredFile file) {
        return blobPath(file.blob().hash());
    }

    /** Where a file's thumbnail is, if it has one. */
    public Optional<ThumbnailFile> thumbnailOf(StoredFile file) {
        if (!file.thumbnail()) {
            return Optional.empty();
        }
        Path base = blobPath(file.blob().hash());
        Path jpg = base.resolveSibling(base.getFileName() + THUMB + ".jpg");
        if (Files.exists(jpg)) {
            return Optional.of(new ThumbnailFile(jpg, "image/jpeg"));
        }
        Path png = base.resolveSibling(base.getFileName() + THUMB + ".png");
        return Files.exists(png) ? Optional.of(new ThumbnailFile(png, "image/png")) : Optional.empty();
    }

    public record ThumbnailFile(Path path, String type) {
    }

    private Path blobPath(String hash) {
        return blobs.resolve(hash.substring(0, 2)).resolve(hash);
    }

    /**
     * Starts an upload.
     *
     * @param declaredLength the length the client announced; -1 when it did not
     * @throws Refused (413) when the file is larger than a file may be, or does not fit in the storage left
     */
    public Upload begin(String name, String declaredType, long declaredLength, String uploaderKey)
            throws IOException {
        if (declaredLength > limits.maxFileBytes()) {
            throw tooLarge();
        }
        long reserved = Math.max(0, declaredLength);
        reserve(reserved);
        Path part;
        try {
            part = Files.createTempFile(incoming, "upload-", ".part");
        } catch (IOException | RuntimeException e) {
            arriving.addAndGet(-reserved);
            throw e;
        }
        return new Upload(name, declaredType, uploaderKey, part, reserved);
    }

    private Refused tooLarge() {
        return new Refused(413, "the file is larger than " + dev.hubbub.chat.Attachment.humanSize(limits.maxFileBytes())
                + ", the most this server takes in one file");
    }

    /** Counts {@code bytes} more as arriving, making room by forgetting unsent files if needed, or refuses. */
    private void reserve(long bytes) {
        if (bytes == 0) {
            return;
        }
        long after = arriving.addAndGet(bytes);
        if (used.get() + after <= limits.maxTotalBytes()) {
            return;
        }
        long deficit = used.get() + after - limits.maxTotalBytes();
        index.forgetUnsent(clock.instant().minus(limits.unsentGrace()), deficit);
        if (used.get() + arriving.get() > limits.maxTotalBytes()) {
            arriving.addAndGet(-bytes);
            throw new Refused(413, "the server's storage for files is full ("
                    + dev.hubbub.chat.Attachment.humanSize(limits.maxTotalBytes())
                    + "); files go as the messages that carry them are deleted, or the host can allow more");
        }
    }

    /** Deletes released blobs and their thumbnails; on the store's writer thread. */
    private void delete(List<Blob> released) {
        for (Blob blob : released) {
            Path path = blobPath(blob.hash());
            try {
                if (Files.deleteIfExists(path)) {
                    used.addAndGet(-blob.size());
                }
                Files.deleteIfExists(path.resolveSibling(path.getFileName() + THUMB + ".jpg"));
                Files.deleteIfExists(path.resolveSibling(path.getFileName() + THUMB + ".png"));
            } catch (IOException e) {
                LOG.warn("could not delete {}: {}", path, e.toString());
            }
        }
    }

    /** A new random file id: 128 bits, URL-safe. */
    static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** One file arriving; not thread-safe (one request writes it, in order). */
    public final class Upload implements AutoCloseable {
        private final String name;
        private final String declaredType;
        private final String uploaderKey;
        private final Path part;
        private final FileChannel channel;
        private final MessageDigest digest;
        private final byte[] head = new byte[MediaTypes.SIGNATURE_BYTES];
        private long received;
        private long reserved;
        private boolean done;

        private Upload(String name, String declaredType, String uploaderKey, Path part, long reserved)
                throws IOException {
            this.name = name;
            this.declaredType = declaredType;
            this.uploaderKey = uploaderKey;
            this.part = part;
            this.reserved = reserved;
            this.channel = FileChannel.open(part, StandardOpenOption.WRITE);
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        public long received() {
            return received;
        }

        /**
         * Writes the next bytes.
         *
         * @throws Refused when the file grows past the limit or the storage left
         * @throws IOException when the disk refuses them (full)
         */
        public void write(ByteBuffer bytes) throws IOException {
            int length = bytes.remaining();
            if (received + length > limits.maxFileBytes()) {
                throw tooLarge();
            }
            if (received + length > reserved) {
                long more = Math.max(received + length - reserved, 1 << 20);
                more = Math.min(more, limits.maxFileBytes() - reserved);
                reserve(more);
                reserved += more;
            }
            if (received < head.length) {
                ByteBuffer peek = bytes.duplicate();
                int n = (int) Math.min(peek.remaining(), head.length - received);
                peek.get(head, (int) received, n);
            }
            digest.update(bytes.duplicate());
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            received += length;
        }

        /**
         * Checks what arrived, makes a thumbnail of an image, moves the bytes into place and records the file.
         *
         * @throws Refused (415) for an empty file or a declared image type its bytes are not
         */
        public StoredFile finish() throws IOException {
            try {
                if (received == 0) {
                    throw new Refused(400, "the file is empty");
                }
                channel.force(false);
                channel.close();
                String proven = MediaTypes.sniff(head, (int) Math.min(received, head.length));
                if (MediaTypes.RASTER.contains(declaredType) && !declaredType.equals(proven)) {
                    throw new Refused(415, "the file was sent as " + declaredType + ", but its bytes are not "
                            + MediaTypes.describe(declaredType) + (proven == null ? ""
                            : " (they are " + MediaTypes.describe(proven) + ")"));
                }
                String type = proven != null ? proven : declaredType;
                Blob blob = new Blob(HexFormat.of().formatHex(digest.digest()), received);
                Thumbnails.Made thumbnail = proven == null ? null
                        : Thumbnails.make(part, proven, part.resolveSibling(part.getFileName() + THUMB));
                StoredFile file = new StoredFile(newId(), blob, name, type,
                        thumbnail == null ? null : thumbnail.width(), thumbnail == null ? null : thumbnail.height(),
                        thumbnail != null, uploaderKey, clock.instant());
                boolean placed = index.add(file, b -> place(b, thumbnail));
                if (placed) {
                    used.addAndGet(blob.size());
                }
                done = true;
                return file;
            } finally {
                close();
            }
        }

        /** On the store's writer thread: moves the bytes (and thumbnail) in, unless that content is there. */
        private boolean place(Blob blob, Thumbnails.Made thumbnail) {
            Path target = blobPath(blob.hash());
            try {
                if (Files.exists(target)) {
                    return false;
                }
                Files.createDirectories(target.getParent());
                if (thumbnail != null) {
                    Path thumbTarget = target.resolveSibling(target.getFileName() + THUMB
                            + (thumbnail.type().equals("image/png") ? ".png" : ".jpg"));
                    Files.move(thumbnail.file(), thumbTarget, StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                }
                try {
                    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException raced) {
                    return false;
                }
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException("could not put the file in place: " + e.getMessage(), e);
            }
        }

        /** Gives up: deletes what arrived (nothing of it was recorded). Safe to call again. */
        @Override
        public void close() {
            try {
                if (channel.isOpen()) {
                    channel.close();
                }
            } catch (IOException e) {
                LOG.debug("closing an upload: {}", e.toString());
            }
            for (Path leftover : new Path[] {part, part.resolveSibling(part.getFileName() + THUMB + ".jpg"),
                    part.resolveSibling(part.getFileName() + THUMB + ".png")}) {
                try {
                    Files.deleteIfExists(leftover);
                } catch (NoSuchFileException gone) {
                    // moved into place
                } catch (IOException e) {
                    LOG.warn("could not delete {}: {}", leftover, e.toString());
                }
            }
            arriving.addAndGet(-reserved);
            reserved = 0;
            if (!done) {
                received = 0;
            }
        }
    }
}
