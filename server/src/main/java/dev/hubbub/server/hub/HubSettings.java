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

    /** These settings with what {@code change} sets: {@code settings.with(h -> h.keepAlive(Duration.ofSeconds(5)))}. */
    public HubSettings with(java.util.function.Consumer<Builder> change) {
        Builder builder = new Builder(this);
        change.accept(builder);
        return builder.build();
    }

    /** Sets the hub's settings one by one; what it is not told stays as it was. */
    public static final class Builder {
        private String name;
        private Duration retry;
        private Duration keepAlive;
        private int replayOnConnect;
        private int replayMax;
        private int recentCache;
        private long maxLagBytes;
        private Duration presenceGrace;
        private int fanOutThreads;

        private Builder(HubSettings from) {
            name = from.name;
            retry = from.retry;
            keepAlive = from.keepAlive;
            replayOnConnect = from.replayOnConnect;
            replayMax = from.replayMax;
            recentCache = from.recentCache;
            maxLagBytes = from.maxLagBytes;
            presenceGrace = from.presenceGrace;
            fanOutThreads = from.fanOutThreads;
        }

        public Builder keepAlive(Duration interval) {
            keepAlive = interval;
            return this;
        }

        public Builder presenceGrace(Duration grace) {
            presenceGrace = grace;
            return this;
        }

        public Builder maxLagBytes(long bytes) {
            maxLagBytes = bytes;
            return this;
        }

        public Builder replay(int onConnect, int max, int cache) {
            replayOnConnect = onConnect;
            replayMax = max;
            recentCache = cache;
            return this;
        }

        public Builder fanOutThreads(int threads) {
            fanOutThreads = threads;
            return this;
        }

        HubSettings build() {
            return new HubSettings(name, retry, keepAlive, replayOnConnect, replayMax, recentCache, maxLagBytes,
                    presenceGrace, fanOutThreads);
        }
    }
}
