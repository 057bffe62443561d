package dev.hubbub.server.store;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@link FileIndex} in Redis, for servers that share one files directory (its bytes) and one Redis (what is
 * known of them). Keys (under the store's prefix): {@code f:<id>}, a file's record; {@code b:<blob>}, the ids of the
 * files that use a blob; {@code fr:<id>}, the messages that carry a file (message id → conversation), which the
 * event log's append script writes with the message and its deletion removes.
 *
 * <p>What it does not do: forget files. A blob could be released on one server while another starts using it, and
 * there is no writer thread shared by the servers to order the two; so on Redis every uploaded file stays, and a
 * full storage refuses new uploads (413 with its reason) until the host allows more. {@code blobs} names every blob
 * in use.
 */
final class RedisFileIndex implements FileIndex {
    /** KEYS: the old blob's set, the new blob's set. ARGV: the prefix, the new blob's name. */
    private static final String RENAME = """
            local ids = redis.call('SMEMBERS', KEYS[1])
            for _, id in ipairs(ids) do
              redis.call('HSET', ARGV[1] .. 'f:' .. id, 'blob', ARGV[2])
              redis.call('SADD', KEYS[2], id)
            end
            redis.call('DEL', KEYS[1])
            return #ids
            """;

    private final RedisCommands<String, String> redis;
    private final String prefix;

    RedisFileIndex(StatefulRedisConnection<String, String> connection, String prefix) {
        this.redis = connection.sync();
        this.prefix = prefix;
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public boolean add(StoredFile file, BlobPlacer placer) {
        boolean placed = placer.place(file.blob());
        Map<String, String> record = new HashMap<>();
        record.put("blob", file.blob().name());
        record.put("size", String.valueOf(file.blob().size()));
        record.put("name", file.name());
        record.put("type", file.type());
        if (file.width() != null) {
            record.put("width", String.valueOf(file.width()));
        }
        if (file.height() != null) {
            record.put("height", String.valueOf(file.height()));
        }
        record.put("thumbnail", file.thumbnail() ? "1" : "0");
        record.put("uploader", file.uploaderKey());
        record.put("at", String.valueOf(SqliteStore.micros(file.uploadedAt())));
        RedisStore.call(() -> {
            redis.hset(prefix + "f:" + file.id(), record);
            return redis.sadd(prefix + "b:" + file.blob().name(), file.id());
        });
        RedisStore.call(() -> redis.sadd(prefix + "blobs", file.blob().name()));
        return placed;
    }

    @Override
    public Optional<StoredFile> find(String id) {
        Map<String, String> f = RedisStore.call(() -> redis.hgetall(prefix + "f:" + id));
        if (f.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StoredFile(id, new Blob(f.get("blob"), Long.parseLong(f.get("size"))), f.get("name"),
                f.get("type"), integer(f.get("width")), integer(f.get("height")), "1".equals(f.get("thumbnail")),
                f.get("uploader"), SqliteStore.instant(Long.parseLong(f.get("at")))));
    }

    private static Integer integer(String value) {
        return value == null ? null : Integer.valueOf(value);
    }

    @Override
    public Renamed rename(Blob from, Blob to, BlobRenamer renamer, Consumer<Renamed> committed) {
        Renamed renamed = renamer.rename(from, to);
        if (renamed != Renamed.GONE) {
            RedisStore.call(() -> {
                redis.eval(RENAME, ScriptOutputType.INTEGER,
                        new String[] {prefix + "b:" + from.name(), prefix + "b:" + to.name()}, prefix, to.name());
                redis.srem(prefix + "blobs", from.name());
                return redis.sadd(prefix + "blobs", to.name());
            });
        }
        committed.accept(renamed);
        return renamed;
    }

    @Override
    public List<String> carriedIn(String id) {
        return RedisStore.call(() -> redis.hvals(prefix + "fr:" + id)).stream().distinct().toList();
    }

    /** Never forgets a file on Redis: see the class's comment. */
    @Override
    public List<Blob> forgetUnsent(Instant before, long bytes) {
        return List.of();
    }

    @Override
    public List<Blob> blobs() {
        List<Blob> found = new ArrayList<>();
        for (String blob : RedisStore.call(() -> redis.smembers(prefix + "blobs"))) {
            String ids = RedisStore.call(() -> redis.srandmember(prefix + "b:" + blob));
            if (ids != null) {
                find(ids).ifPresent(f -> found.add(f.blob()));
            }
        }
        return found;
    }

    @Override
    public List<InRooms> largestInRooms(int limit) {
        List<InRooms> all = new ArrayList<>();
        for (String blob : RedisStore.call(() -> redis.smembers(prefix + "blobs"))) {
            for (String id : RedisStore.call(() -> redis.smembers(prefix + "b:" + blob))) {
                List<String> rooms = roomsCarrying(id);
                if (!rooms.isEmpty()) {
                    find(id).ifPresent(file -> all.add(new InRooms(file, rooms)));
                }
            }
        }
        all.sort(java.util.Comparator.comparingLong((InRooms f) -> f.file().blob().size()).reversed()
                .thenComparing(f -> f.file().uploadedAt()));
        return all.subList(0, Math.min(limit, all.size()));
    }

    /** The rooms whose kept messages carry the file (never a direct conversation), in order. */
    private List<String> roomsCarrying(String id) {
        return carriedIn(id).stream().filter(conversation -> !Conversations.isDirect(conversation)).sorted()
                .toList();
    }

    /** Forgets the file's record and where it is carried; its blob stays (see the class's comment). */
    @Override
    public boolean removeFromRooms(String id) {
        Optional<StoredFile> file = find(id);
        if (file.isEmpty() || roomsCarrying(id).isEmpty()) {
            return false;
        }
        RedisStore.call(() -> {
            redis.del(prefix + "f:" + id, prefix + "fr:" + id);
            return redis.srem(prefix + "b:" + file.get().blob().name(), id);
        });
        return true;
    }

    @Override
    public void onReleased(Consumer<List<Blob>> releaser) {
        // nothing is ever released (see the class's comment)
    }
}
