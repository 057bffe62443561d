package dev.hubbub.server.hub;

import java.time.Duration;

/**
 * How the hub behaves. {@link #defaults(String)} gives the documented defaults.
 *
 * @param name the server's name, shown to clients ("Hubbub on studio")
 * @param retry the reconnection delay sent to clients in the {@code retry} field
 * @param keepAlive how often a comment is sent to every stream, so idle streams stay open through proxies and
 *     dead clients are noticed
 * @param replayOnConnect how many recent messages a stream without {@code Last-Event-ID} starts with
 * @param replayMax the most messages replayed after a {@code Last-Event-ID}; beyond that, a gap is announced
 * @param recentCache how many recent messages are kept encoded in memory, so most replays need no database read
 * @param maxLagBytes how far, in bytes, a subscriber may fall behind before it is cut off to catch up on reconnect
 * @param presenceGrace how long someone whose last stream closed stays online, so a reload is not a leave and a join
 * @param fanOutThreads how many threads write to subscribers
 */
public record HubSettings(String name, Duration retry, Duration keepAlive, int replayOnConnect, int replayMax,
                           int recentCache, long maxLagBytes, Duration presenceGrace, int fanOutThreads) {

    public HubSettings {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the server needs a name");
        }
        if (keepAlive.isZero() || keepAlive.isNegative()) {
            throw new IllegalArgumentException("the keep-alive interval must be positive");
        }
        if (replayOnConnect < 0 || replayMax < 1 || recentCache < 0 || maxLagBytes < 1 || fanOutThreads < 1) {
            throw new IllegalArgumentException("the hub's limits must be positive");
        }
    }

    public static HubSettings defaults(String name) {
        return new HubSettings(name, Duration.ofSeconds(2), Duration.ofSeconds(15), 100, 1000, 1000, 1 << 20,
                Duration.ofSeconds(5), Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    public HubSettings withKeepAlive(Duration interval) {
        return new HubSettings(name, retry, interval, replayOnConnect, replayMax, recentCache, maxLagBytes,
                presenceGrace, fanOutThreads);
    }

    public HubSettings withPresenceGrace(Duration grace) {
        return new HubSettings(name, retry, keepAlive, replayOnConnect, replayMax, recentCache, maxLagBytes, grace,
                fanOutThreads);
    }

    public HubSettings withMaxLagBytes(long bytes) {
        return new HubSettings(name, retry, keepAlive, replayOnConnect, replayMax, recentCache, bytes,
                presenceGrace, fanOutThreads);
    }

    public HubSettings withReplay(int onConnect, int max, int cache) {
        return new HubSettings(name, retry, keepAlive, onConnect, max, cache, maxLagBytes, presenceGrace,
                fanOutThreads);
    }
}
