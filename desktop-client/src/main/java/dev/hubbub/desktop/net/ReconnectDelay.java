package dev.hubbub.desktop.net;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before reconnecting: exponential backoff from the server's {@code retry} value, with jitter so
 * that a room full of clients does not reconnect in lockstep after a server restart.
 */
@FunctionalInterface
public interface ReconnectDelay {
    /**
     * Never sooner than this, whatever the server's {@code retry} says: a server (or a room posing as one on the LAN)
     * sending {@code retry: 0} must not make the app reconnect in a loop.
     */
    Duration FLOOR = Duration.ofSeconds(1);

    /**
     * @param base the server's reconnection time (or the default before it said one)
     * @param attempt 1 for the first reconnect after a healthy connection, then 2, 3, ...
     */
    Duration next(Duration base, int attempt);

    /**
     * Doubles from {@code base} (at least {@link #FLOOR}) each attempt up to {@code max}, then waits a random time in
     * [half of it, all of it], and never less than {@link #FLOOR}.
     */
    static ReconnectDelay backoffWithJitter(Duration max, DoubleSupplier random) {
        return (base, attempt) -> {
            long from = Math.max(FLOOR.toMillis(), base.toMillis());
            double ceiling = Math.min(max.toMillis(), from * Math.pow(2, Math.max(0, attempt - 1)));
            long millis = (long) (ceiling / 2 + random.getAsDouble() * ceiling / 2);
            return Duration.ofMillis(Math.max(FLOOR.toMillis(), millis));
        };
    }
}
