package dev.hubbub.server.files;

import dev.hubbub.chat.Sentence;
import dev.hubbub.server.DataDirectory;
import dev.hubbub.server.Refused;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploaded files' bytes, in a directory of their own: {@code incoming/} holds uploads while they arrive,
 * {@code blobs/xx/HASH} each content once (named by its SHA-256), with its thumbnail beside it
 * ({@code HASH.thumb.jpg} or {@code .png}). What each file is called and who may read it is in the {@link FileIndex}.
 *
 * <p>An upload streams to a file of its own in {@code incoming/}; only when it is complete, synced and accepted is it
 * moved (atomically, on the same file system) to {@code blobs/new/ID}, on the store's writer thread, and recorded.
 * So a refused or interrupted upload leaves nothing, and no record ever names a half file. Then, in the background,
 * its SHA-256 is computed and it is renamed {@code blobs/xx/HASH}, or dropped if that content was stored already (the
 * file then uses the stored copy). The hash is not computed while the bytes arrive because, with the JIT compiler
 * the launchers use (C1 only, see BENCHMARKS.md), SHA-256 runs at about 90 MB/s, a third of what the rest of an
 * upload takes. On start, what a crash left in {@code incoming/} and blobs no record names are deleted, and blobs
 * not hashed yet are hashed.
 *
 * <p>Thread-safe: uploads run at once, each on its own files; storage is counted with atomics.
 */
public final class FileStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileStore.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String UNHASHED_DIR = "new";
    private static final String THUMB = ".thumb";
    /** While a file arrives, what was written is synced to the disk every this many bytes, in the background. */
    static final long SYNC_EVERY = 16L * 1024 * 1024;

    /** Hashes stored files one at a time, behind the uploads, at low priority. */
    private final ExecutorService hasher = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "hubbub-file-hasher");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        return thread;
    });
    /**
     * Syncs arriving files' bytes while more arrive, so that the sync an upload must wait for before it is answered
     * covers only the last few megabytes (a 200 MB file took half a second to sync at the end on this machine).
     */
    private final ExecutorService syncs = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "hubbub-file-sync");
        thread.setDaemon(true);
        return thread;
    });
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
        for (Blob blob : index.blobs()) {
            if (!blob.hashed()) {
                store.hashLater(blob);
            }
        }
        return store;
    }

    public FileLimits limits() {
        return limits;
    }

    /** Bytes held for uploads under way. */
    public long arriving() {
        return arriving.get();
    }

    /** The index of the files kept (for the host's console: the largest, removing one). */
    public FileIndex index() {
        return index;
    }

    /** The files directory this store keeps its files in. */
    public Path root() {
        return blobs.getParent();
    }

    /** Bytes stored now (each content once). */
    public long used() {
        return used.get();
    }

    private void recover() throws IOException {
        // Uploads a crash cut short. With other servers sharing the directory, one of theirs may be arriving now:
        // only what has not been written to for a day is certainly left over.
        java.time.Instant stale = clock.instant().minus(java.time.Duration.ofDays(1));
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(incoming)) {
            for (Path leftover : leftovers) {
                if (!index.shared() || Files.getLastModifiedTime(leftover).toInstant().isBefore(stale)) {
                    Files.deleteIfExists(leftover);
                }
            }
        }
        Set<String> known = new HashSet<>();
        long total = 0;
        for (Blob blob : index.blobs()) {
            known.add(blob.name());
            if (Files.exists(blobPath(blob.name()))) {
                total += blob.size();
            } else {
                LOG.warn("the file with hash {} is missing from {}", blob.name(), blobs);
            }
        }
        used.set(total);
        if (index.shared()) {
            // Another server may have placed a blob and not recorded it yet: unrecorded is not unused.
            return;
        }
        try (Stream<Path> all = Files.walk(blobs, 2)) {
            for (Path file : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                String name = file.getFileName().toString();
                int dot = name.indexOf('.');
                String base = dot < 0 ? name : name.substring(0, dot);
                boolean unhashed = file.getParent().getFileName().toString().equals(UNHASHED_DIR);
                if (!known.contains(unhashed ? Blob.UNHASHED + base : base)) {
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
        return blobPath(file.blob().name());
    }

    /** Where a file's thumbnail is, if it has one. */
    public Optional<ThumbnailFile> thumbnailOf(StoredFile file) {
        if (!file.thumbnail()) {
            return Optional.empty();
        }
        Path base = blobPath(file.blob().name());
        Path jpg = base.resolveSibling(base.getFileName() + THUMB + ".jpg");
        if (Files.exists(jpg)) {
            return Optional.of(new ThumbnailFile(jpg, "image/jpeg"));
        }
        Path png = base.resolveSibling(base.getFileName() + THUMB + ".png");
        return Files.exists(png) ? Optional.of(new ThumbnailFile(png, "image/png")) : Optional.empty();
    }

    public record ThumbnailFile(Path path, String type) {
    }

    private Path blobPath(String name) {
        return blobPath(blobs.getParent(), name);
    }

    /**
     * Where the bytes of the blob with this name are under a files directory {@code root}: {@code blobs/ab/abcd…} by
     * hash, {@code blobs/new/…} before it is hashed. The one place the layout is written (a backup copies by it).
     */
    public static Path blobPath(Path root, String name) {
        Path blobs = root.resolve("blobs");
        return name.startsWith(Blob.UNHASHED)
                ? blobs.resolve(UNHASHED_DIR).resolve(name.substring(Blob.UNHASHED.length()))
                : blobs.resolve(name.substring(0, 2)).resolve(name);
    }

    /** The blob's bytes and, beside them, its thumbnails if it has any: every file a copy of it needs. */
    public static List<Path> blobFiles(Path root, String name) {
        Path base = blobPath(root, name);
        return List.of(base, base.resolveSibling(base.getFileName() + THUMB + ".jpg"),
                base.resolveSibling(base.getFileName() + THUMB + ".png"));
    }

    private void hashLater(Blob blob) {
        try {
            hasher.execute(() -> hash(blob));
        } catch (RejectedExecutionException closed) {
            // Stopping: the file stays under its first name and is hashed at the next start.
        }
    }

    /**
     * Stops hashing and syncing in the background, waiting up to 5 s for the file being hashed; call after the
     * uploads stopped (Jetty stopped) and before the index's store closes. A file not hashed yet is hashed at the
     * next start. Blocks.
     */
    @Override
    public void close() {
        syncs.shutdown();
        hasher.shutdownNow();
        try {
            if (!hasher.awaitTermination(5, TimeUnit.SECONDS) || !syncs.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("the file store's background work did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** On the hasher's thread: the blob's SHA-256, then its new name (or its bytes dropped, as a duplicate). */
    private void hash(Blob blob) {
        String hex;
        try (java.io.InputStream in = Files.newInputStream(blobPath(blob.name()))) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[256 * 1024];
            for (int n; (n = in.read(buffer)) != -1; ) {
                digest.update(buffer, 0, n);
            }
            hex = HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchFileException gone) {
            return; // its messages were deleted meanwhile
        } catch (java.nio.channels.ClosedByInterruptException stopping) {
            return; // the store is closing: hashed at the next start
        } catch (IOException | NoSuchAlgorithmException e) {
            LOG.warn("could not hash {}: {}", blob.name(), e.toString());
            return;
        }
        try {
            index.rename(blob, new Blob(hex, blob.size()), this::linkHashed, renamed -> forgetOldName(blob, renamed));
        } catch (RuntimeException e) {
            LOG.warn("could not rename {} to its hash: {}", blob.name(), e.toString());
        }
    }

    /**
     * On the store's writer thread, before the files take the new name: the bytes (and thumbnail) linked under it,
     * unless that content is there already. The old name stays until the change is committed, so a download that
     * looked the file up just before still finds its bytes.
     */
    private FileIndex.Renamed linkHashed(Blob from, Blob to) {
        Path source = blobPath(from.name());
        if (!Files.exists(source)) {
            return FileIndex.Renamed.GONE;
        }
        Path target = blobPath(to.name());
        try {
            if (Files.exists(target)) {
                return FileIndex.Renamed.ALREADY_STORED;
            }
            Files.createDirectories(target.getParent());
            for (String thumb : new String[] {THUMB + ".jpg", THUMB + ".png"}) {
                Path small = source.resolveSibling(source.getFileName() + thumb);
                if (Files.exists(small)) {
                    link(small, target.resolveSibling(target.getFileName() + thumb));
                }
            }
            link(source, target);
            return FileIndex.Renamed.LINKED;
        } catch (IOException e) {
            throw new UncheckedIOException("could not link " + source + " to " + target + ": " + e.getMessage(), e);
        }
    }

    /** A second name for the same bytes; a copy (written aside, then moved) where the file system has no links. */
    private static void link(Path existing, Path name) throws IOException {
        try {
            Files.createLink(name, existing);
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException noLinks) {
            if (noLinks instanceof FileAlreadyExistsException) {
                throw (FileAlreadyExistsException) noLinks;
            }
            Path copy = name.resolveSibling(name.getFileName() + ".copy");
            Files.copy(existing, copy, StandardCopyOption.REPLACE_EXISTING);
            Files.move(copy, name, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** Once the files use the hash: the old name goes (and, for a copy of stored content, its bytes). */
    private void forgetOldName(Blob old, FileIndex.Renamed renamed) {
        if (renamed == FileIndex.Renamed.GONE) {
            return;
        }
        try {
            deleteBlobFiles(blobPath(old.name()));
            if (renamed == FileIndex.Renamed.ALREADY_STORED) {
                used.addAndGet(-old.size());
            }
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", blobPath(old.name()), e.toString());
        }
    }

    private static void deleteBlobFiles(Path path) throws IOException {
        Files.deleteIfExists(path);
        Files.deleteIfExists(path.resolveSibling(path.getFileName() + THUMB + ".jpg"));
        Files.deleteIfExists(path.resolveSibling(path.getFileName() + THUMB + ".png"));
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
        // A file that cannot fit is refused before its first byte; but storage is held only as bytes arrive, so an
        // upload that announces a large file and then stalls holds nothing it has not sent.
        long declared = Math.max(0, declaredLength);
        reserve(declared);
        arriving.addAndGet(-declared);
        Path part = Files.createTempFile(incoming, "upload-", ".part");
        return new Upload(name, declaredType, uploaderKey, part, declared);
    }

    private Refused tooLarge() {
        return new Refused(413, Sentence.of("server.theFileIsLargerThan", "value", dev.hubbub.chat.Attachment.humanSize(limits.maxFileBytes())));
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
            throw new Refused(413, Sentence.of("server.theServerSStorageFor", "value", dev.hubbub.chat.Attachment.humanSize(limits.maxTotalBytes())));
        }
    }

    /** Deletes released blobs and their thumbnails; on the store's writer thread. */
    private void delete(List<Blob> released) {
        for (Blob blob : released) {
            Path path = blobPath(blob.name());
            try {
                if (Files.exists(path)) {
                    used.addAndGet(-blob.size());
                }
                deleteBlobFiles(path);
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
        private final byte[] head = new byte[MediaTypes.SIGNATURE_BYTES];
        private long received;
        private long syncedUpTo;
        /** Storage held for this upload, in steps of a mebibyte as its bytes arrive. */
        private long reserved;
        /** The length it announced; 0 when it did not. */
        private final long declared;
        private boolean done;

        private Upload(String name, String declaredType, String uploaderKey, Path part, long declared)
                throws IOException {
            this.name = name;
            this.declaredType = declaredType;
            this.uploaderKey = uploaderKey;
            this.part = part;
            this.declared = declared;
            this.channel = FileChannel.open(part, StandardOpenOption.WRITE);
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
                more = Math.min(more, Math.max(declared, received + length) - reserved);
                more = Math.min(more, limits.maxFileBytes() - reserved);
                reserve(more);
                reserved += more;
            }
            if (received < head.length) {
                ByteBuffer peek = bytes.duplicate();
                int n = (int) Math.min(peek.remaining(), head.length - received);
                peek.get(head, (int) received, n);
            }
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            received += length;
            if (received - syncedUpTo >= SYNC_EVERY) {
                syncedUpTo = received;
                try {
                    syncs.execute(this::syncQuietly);
                } catch (RejectedExecutionException closed) {
                    // Stopping: finish() syncs it all, if it gets there.
                }
            }
        }

        /** A background sync; the final one, in {@link #finish}, is the one that counts. */
        private void syncQuietly() {
            try {
                if (channel.isOpen()) {
                    channel.force(false);
                }
            } catch (IOException e) {
                LOG.debug("a background sync of an upload failed: {}", e.toString());
            }
        }

        /**
         * Checks what arrived, makes a thumbnail of an image, moves the bytes into place and records the file.
         *
         * @throws Refused (415) for an empty file or a declared image type its bytes are not
         */
        public StoredFile finish() throws IOException {
            try {
                if (received == 0) {
                    throw new Refused(400, Sentence.of("server.theFileIsEmpty"));
                }
                channel.force(false);
                channel.close();
                String proven = MediaTypes.sniff(head, (int) Math.min(received, head.length));
                if (MediaTypes.RASTER.contains(declaredType) && !declaredType.equals(proven)) {
                    throw new Refused(415, proven == null ? Sentence.of("server.fileNotItsType", "declaredType", declaredType, "type", MediaTypes.describe(declaredType)) : Sentence.of("server.fileNotItsTypeBut", "declaredType", declaredType, "type", MediaTypes.describe(declaredType), "proven", MediaTypes.describe(proven)));
                }
                String type = proven != null ? proven : declaredType;
                String id = newId();
                Blob blob = new Blob(Blob.UNHASHED + id, received);
                Thumbnails.Made thumbnail = proven == null ? null
                        : Thumbnails.make(part, proven, part.resolveSibling(part.getFileName() + THUMB));
                StoredFile file = new StoredFile(id, blob, name, type,
                        thumbnail == null ? null : thumbnail.width(), thumbnail == null ? null : thumbnail.height(),
                        thumbnail != null, uploaderKey, clock.instant());
                boolean placed = index.add(file, b -> place(b, thumbnail));
                if (placed) {
                    used.addAndGet(blob.size());
                    hashLater(blob);
                }
                done = true;
                return file;
            } finally {
                close();
            }
        }

        /** On the store's writer thread: moves the bytes (and thumbnail) in, unless that content is there. */
        private boolean place(Blob blob, Thumbnails.Made thumbnail) {
            Path target = blobPath(blob.name());
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
