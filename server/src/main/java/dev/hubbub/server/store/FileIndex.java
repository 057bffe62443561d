package dev.hubbub.server.store;

import dev.hubbub.chat.Attachment;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the store knows of uploaded files: each file's id, name, type and size, the blob (named by the hash of its
 * bytes) that holds them, who uploaded it, and in which conversations kept messages carry it. The port a store
 * implements beside the {@link EventLog} and the {@link Directory}; the bytes themselves live in a directory
 * ({@link dev.hubbub.server.files.FileStore}), which several servers can share.
 *
 * <p>A message's files are recorded as carried in the same transaction that stores the message; when the retention
 * limit deletes the last message that carries a file, the file is forgotten in the same transaction, and a blob that
 * no file uses any more is {@linkplain #onReleased released}. Blobs are placed and released on the store's writer
 * thread only, so a blob is never deleted while a new file starts using it.
 *
 * <p>Thread-safe; methods may block on the store.
 */
public interface FileIndex {

    /**
     * A blob: its name and its length. The name is the hex SHA-256 of its bytes, or, until that is known,
     * {@value #UNHASHED} and the id of the file it came with.
     */
    record Blob(String name, long size) {
        public static final String UNHASHED = "new-";

        public boolean hashed() {
            return !name.startsWith(UNHASHED);
        }
    }

    /**
     * Gives a hashed blob's bytes their new name, on the store's writer thread: before the files use it, the bytes must
     * be there under the new name, and still under the old one for whoever looked the file up a moment ago.
     */
    @FunctionalInterface
    interface BlobRenamer {
        /** @return what was done: linked to the new name, found there already (a copy), or gone meanwhile */
        Renamed rename(Blob from, Blob to);
    }

    enum Renamed { LINKED, ALREADY_STORED, GONE }

    /**
     * An uploaded file.
     *
     * @param thumbnail whether a thumbnail of it was made (then it is an image the server shows inline)
     */
    record StoredFile(String id, Blob blob, String name, String type, Integer width, Integer height,
                      boolean thumbnail, String uploaderKey, Instant uploadedAt) {

        /** How messages describe it. */
        public Attachment attachment() {
            String url = "/files/" + id;
            return new Attachment(id, name, type, blob.size(), width, height, url,
                    thumbnail ? url + "/thumbnail" : null);
        }
    }

    /** Puts a blob's bytes in place, on the store's writer thread; true if it placed a new blob. */
    @FunctionalInterface
    interface BlobPlacer {
        boolean place(Blob blob);
    }

    /**
     * Records a new file: first {@code placer} puts its blob in place (or finds it there), then the file is recorded;
     * both on the store's writer thread, before any blob can be released again.
     *
     * @return whether a new blob was placed (it adds to the storage used)
     */
    boolean add(StoredFile file, BlobPlacer placer);

    Optional<StoredFile> find(String id);

    /**
     * Gives a blob its hash for a name, once it is known: {@code renamer} puts its bytes there (unless that content
     * is stored already), then every file that used the old name uses the new one; once that is committed,
     * {@code committed} is told (to delete the old name), all on the store's writer thread.
     */
    Renamed rename(Blob from, Blob to, BlobRenamer renamer, Consumer<Renamed> committed);

    /** The conversations (rooms' ids, direct conversations' ids) of kept messages that carry the file. */
    List<String> carriedIn(String id);

    /**
     * Forgets files no kept message carries that were uploaded before {@code before}, oldest first, until blobs of at
     * least {@code bytes} are released (or none is left to forget), and releases them.
     *
     * @return the blobs released
     */
    List<Blob> forgetUnsent(Instant before, long bytes);

    /** Every blob a file uses. */
    List<Blob> blobs();

    /**
     * A file as the host's console shows it: one that kept messages in rooms carry, with those rooms and no other
     * conversation. The host never sees direct messages, so a file only they carry (or none yet) is never one of
     * these.
     */
    record InRooms(StoredFile file, List<String> rooms) {
        public InRooms {
            rooms = List.copyOf(rooms);
        }
    }

    /** The {@code limit} largest files kept messages in rooms carry, largest first (for the host's console). Blocks. */
    List<InRooms> largestInRooms(int limit);

    /**
     * Forgets a file kept messages in a room carry, at the host's word: it is no longer found, and the messages
     * carrying it keep only its name. Its blob is released when no other file uses it (on a shared store it is kept:
     * another server may be placing the same content). A file no room's message carries (only direct messages', or
     * none yet) is not the host's to see: it is left as it is, as if there were no such file. Blocks until stored.
     *
     * @return whether there was such a file in a room
     */
    boolean removeFromRooms(String id);

    /**
     * Whether other servers use the same files directory at the same time (a store shared by several servers): then
     * a server starting may not take what it finds unrecorded or arriving for left over by a crash.
     */
    default boolean shared() {
        return false;
    }

    /**
     * Who deletes released blobs' bytes (once; the file store). Called on the store's writer thread after the
     * transaction that released them committed; it must not block for long.
     */
    void onReleased(Consumer<List<Blob>> releaser);
}
