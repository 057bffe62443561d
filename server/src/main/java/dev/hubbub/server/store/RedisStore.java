package dev.hubbub.server.store;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The store of several servers sharing one Redis: the history on Redis Streams ({@link RedisEventLog}), names and
 * rooms ({@link RedisDirectory}), what is known of uploaded files ({@link RedisFileIndex}; their bytes are in a
 * directory the servers share), who is online on each server ({@link RedisPresenceBoard}), and a search index of
 * this server's own, fed from the history ({@link TailedSearchIndex}).
 *
 * <p>A message is acknowledged once Redis has answered the append; it survives a crash of Redis as far as Redis's
 * own persistence goes (append-only file with {@code appendfsync always} for nothing acknowledged to be lost).
 */
public final class RedisStore implements Store {
    /** How long a command may take before Redis counts as out of reach. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisEventLog events;
    private final RedisDirectory directory;
    private final RedisFileIndex files;
    private final RedisPresenceBoard presence;
    private final TailedSearchIndex search;
    private final RedisReadState reading;

    private RedisStore(RedisClient client, StatefulRedisConnection<String, String> connection, String prefix,
                       Path searchIndex, int keep) {
        this.client = client;
        this.connection = connection;
        this.events = new RedisEventLog(client, connection, prefix, keep);
        this.directory = new RedisDirectory(client, connection, prefix);
        this.files = new RedisFileIndex(connection, prefix);
        this.presence = new RedisPresenceBoard(client, prefix);
        this.search = new TailedSearchIndex(searchIndex, events);
        this.reading = new RedisReadState(connection, prefix);
    }

    /**
     * Connects to the Redis at {@code uri} ({@code redis://host:port[/db]}) and keeps this history under
     * {@code prefix} there; this server's search index goes in the file {@code searchIndex}.
     *
     * @param keep how many of the newest events the history keeps; 0 keeps all
     * @throws StoreException when Redis cannot be reached
     */
    public static RedisStore open(String uri, String prefix, Path searchIndex, int keep) {
        RedisClient client = RedisClient.create(RedisURI.create(uri));
        // While Redis is unreachable a command fails at once (the default would queue it until Redis is back, and
        // keep the poster waiting a minute): the poster hears 503, nothing half-done.
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT)).build());
        try {
            return new RedisStore(client, client.connect(), prefix, searchIndex, keep);
        } catch (RuntimeException e) {
            client.shutdown();
            throw new StoreException("cannot reach Redis at " + redacted(uri) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Health health() {
        try {
            var redis = connection.sync();
            redis.ping();
            java.util.regex.Matcher used = java.util.regex.Pattern.compile("used_memory:(\\d+)")
                    .matcher(redis.info("memory"));
            return new Health("Redis", true, used.find() ? Long.parseLong(used.group(1)) : -1, null);
        } catch (RuntimeException e) {
            return new Health("Redis", false, -1, e.getMessage());
        }
    }

    /** The address without its password, to print or log. */
    public static String redacted(String uri) {
        return uri.replaceFirst("^(rediss?://)[^@/]*@", "$1***@");
    }

    @Override
    public RedisEventLog events() {
        return events;
    }

    @Override
    public Directory directory() {
        return directory;
    }

    @Override
    public MessageSearch search() {
        return search;
    }

    @Override
    public FileIndex files() {
        return files;
    }

    @Override
    public ReadState reading() {
        return reading;
    }

    @Override
    public PresenceBoard presence() {
        return presence;
    }

    static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /**
     * What a failed command means for whoever asked: Redis answering with an error is a refusal; any other failure
     * of the client is Redis out of reach (the connection refused, closed under the command, rejected while
     * reconnecting, or timed out), which the HTTP layer answers with 503 and a Retry-After.
     */
    static StoreException failure(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof StoreException store) {
            return store;
        }
        if (cause instanceof RedisException && !(cause instanceof RedisCommandExecutionException)) {
            return new StoreUnavailableException("the message store (Redis) cannot be reached right now", cause);
        }
        return new StoreException("Redis could not take it: " + cause.getMessage(), cause);
    }

    /** Runs a command, its failure as {@link #failure} says. */
    static <T> T call(Supplier<T> command) {
        try {
            return command.get();
        } catch (RedisException | CompletionException e) {
            throw failure(e);
        }
    }

    @Override
    public void close() {
        search.close();
        presence.close();
        directory.close();
        events.close();
        connection.close();
        client.shutdown();
    }
}
