package dev.hubbub.server.store;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PresenceBoard} on Redis, over connections of its own (which it closes). Each server keeps its list of
 * who is online in a key of its own, {@code presence:<server>}, which expires {@link #TTL} after it was last
 * written, and names itself in the set {@code presence-servers}. It writes the list when it changes and again every
 * {@link #REFRESH}; it reads the others' every {@link #POLL}. A server that dies stops writing: its key expires (by Redis's clock, so the servers' clocks
 * need not agree), and the others drop its people within {@code TTL + POLL}.
 *
 * <p>Signals go over Redis pub/sub (channel {@code signals}), each marked with the server that sent it, so that a
 * server does not act on its own twice. A signal sent while Redis is unreachable is lost: typing is a moment's news,
 * and a removed person's streams on a server that missed it end at its next restart (their token no longer works
 * anywhere, so they cannot come back).
 *
 * <p>Its own thread does all the talking to Redis; {@link #post} and {@link #signal} only hand over.
 */
final class RedisPresenceBoard implements PresenceBoard {
    private static final Logger LOG = LoggerFactory.getLogger(RedisPresenceBoard.class);
    static final Duration TTL = Duration.ofSeconds(6);
    static final Duration REFRESH = Duration.ofSeconds(2);
    static final Duration POLL = Duration.ofMillis(500);
    /** KEYS: this server's key, the set of servers. ARGV: the list, its TTL (ms), this server's name. */
    private static final String POST = """
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            redis.call('SADD', KEYS[2], ARGV[3])
            return 1
            """;

    private final StatefulRedisConnection<String, String> connection;
    private final io.lettuce.core.pubsub.StatefulRedisPubSubConnection<String, String> signals;
    private final String prefix;
    private final String server = UUID.randomUUID().toString().substring(0, 13);
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hubbub-presence");
        t.setDaemon(true);
        return t;
    });
    private volatile List<String> here = List.of();
    private List<String> heard;

    RedisPresenceBoard(io.lettuce.core.RedisClient client, String prefix) {
        this.connection = client.connect();
        this.signals = client.connectPubSub();
        this.prefix = prefix;
        thread.scheduleWithFixedDelay(this::write, 0, REFRESH.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void post(List<String> online) {
        here = List.copyOf(online);
        thread.execute(this::write);
    }

    private void write() {
        try {
            connection.sync().eval(POST, ScriptOutputType.INTEGER,
                    new String[] {prefix + "presence:" + server, prefix + "presence-servers"},
                    String.join("\n", here), String.valueOf(TTL.toMillis()), server);
        } catch (RuntimeException e) {
            LOG.debug("could not post who is online here: {}", e.toString());
        }
    }

    @Override
    public void listen(Consumer<List<String>> others) {
        thread.scheduleWithFixedDelay(() -> read(others), 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void read(Consumer<List<String>> others) {
        try {
            List<String> servers = new ArrayList<>(connection.sync().smembers(prefix + "presence-servers"));
            servers.remove(server);
            servers.sort(null);
            List<String> names = new ArrayList<>();
            if (!servers.isEmpty()) {
                String[] keys = servers.stream().map(s -> prefix + "presence:" + s).toArray(String[]::new);
                var lists = connection.sync().mget(keys);
                for (int i = 0; i < lists.size(); i++) {
                    var list = lists.get(i);
                    if (list.hasValue()) {
                        if (!list.getValue().isEmpty()) {
                            names.addAll(List.of(list.getValue().split("\n")));
                        }
                    } else {
                        // Its key expired: that server is gone (it names itself again if it comes back).
                        connection.sync().srem(prefix + "presence-servers", servers.get(i));
                    }
                }
            }
            if (!Objects.equals(names, heard)) {
                heard = names;
                others.accept(List.copyOf(names));
            }
        } catch (RuntimeException e) {
            LOG.debug("could not read who is online elsewhere: {}", e.toString());
        }
    }

    @Override
    public void signal(Signal signal) {
        // JSON written by ChatJson has no line breaks of its own (those in strings are escaped), so a line each.
        String message = server + "\n" + (signal instanceof Signal.Typing t
                ? "typing\n" + t.name() + "\n" + t.conversation() + "\n" + (t.toName() == null ? "" : t.toName())
                        + "\n" + (t.toKey() == null ? "" : t.toKey())
                : signal instanceof Signal.ToPerson p ? "person\n" + p.key() + "\n" + p.type() + "\n" + p.json()
                : signal instanceof Signal.ToEveryone e ? "everyone\n" + e.type() + "\n" + e.json()
                : signal instanceof Signal.Read r ? "read\n" + r.conversation() + "\n" + r.personKey() + "\n" + r.name()
                        + "\n" + r.id() + "\n" + (r.shares() ? "1" : "0")
                : "end\n" + ((Signal.EndStreams) signal).key());
        thread.execute(() -> {
            try {
                connection.sync().publish(prefix + "signals", message);
            } catch (RuntimeException e) {
                LOG.debug("could not tell the other servers: {}", e.toString());
            }
        });
    }

    @Override
    public void onSignal(Consumer<Signal> listener) {
        signals.addListener(new io.lettuce.core.pubsub.RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                String[] parts = message.split("\n", -1);
                if (parts[0].equals(server)) {
                    return;
                }
                Signal signal = switch (parts[1]) {
                    case "typing" -> new Signal.Typing(parts[2], parts[3], parts[4].isEmpty() ? null : parts[4],
                            parts[5].isEmpty() ? null : parts[5]);
                    case "end" -> new Signal.EndStreams(parts[2]);
                    case "person" -> new Signal.ToPerson(parts[2], parts[3], parts[4]);
                    case "everyone" -> new Signal.ToEveryone(parts[2], parts[3]);
                    case "read" -> new Signal.Read(parts[2], parts[3], parts[4], parts[5], "1".equals(parts[6]));
                    default -> null;
                };
                if (signal != null) {
                    thread.execute(() -> listener.accept(signal));
                }
            }
        });
        signals.sync().subscribe(prefix + "signals");
    }

    @Override
    public Duration expiresWithin() {
        return TTL.plus(POLL);
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
            connection.sync().del(prefix + "presence:" + server);
            connection.sync().srem(prefix + "presence-servers", server);
            connection.close();
            signals.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debug("could not take this server off the presence board: {}", e.toString());
        }
    }
}
