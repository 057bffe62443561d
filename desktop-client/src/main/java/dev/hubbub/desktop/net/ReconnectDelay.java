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
     * @param base the server's reconnection time (or the default before it said one)
     * @param attempt 1 for the first reconnect after a healthy connection, then 2, 3, ...
     */
    Duration next(Duration base, int attempt);

    /** Doubles from {@code base} each attempt up to {@code max}, then waits a random time in [half of it, all of it]. */
    static ReconnectDelay backoffWithJitter(Duration max, DoubleSupplier random) {
        return (base, attempt) -> {
            double ceiling = Math.min(max.toMillis(), base.toMillis() * Math.pow(2, Math.max(0, attempt - 1)));
            long millis = (long) (ceiling / 2 + random.getAsDouble() * ceiling / 2);
            return Duration.ofMillis(Math.max(1, millis));
        };
    }
}
