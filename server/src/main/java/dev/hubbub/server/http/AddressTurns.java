package dev.hubbub.server.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One turn at a time per client address ({@link AddressKey}), given in the order asked: a request waits for the
 * ones from its address before it, up to a deadline. An address has an entry only while a request of its own holds
 * or waits for its turn, so there are at most as many as waiting threads. Thread-safe; {@link #take} blocks.
 */
final class AddressTurns {
    /** The turn of one address, and how many requests hold it or wait for it (changed only inside the map's compute). */
    private static final class Line {
        final Semaphore turn = new Semaphore(1, true);
        int users;
    }

    private final ConcurrentHashMap<String, Line> lines = new ConcurrentHashMap<>();

    /**
     * Waits for {@code address}'s turn until {@code deadlineNanos} ({@link System#nanoTime}); true when it came
     * (then {@link #give} it back), false when the deadline passed first.
     */
    boolean take(String address, long deadlineNanos) throws InterruptedException {
        Line line = lines.compute(address, (key, found) -> {
            Line joined = found == null ? new Line() : found;
            joined.users++;
            return joined;
        });
        boolean taken = false;
        try {
            taken = line.turn.tryAcquire(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
            return taken;
        } finally {
            if (!taken) {
                leave(address);
            }
        }
    }

    /** Gives back {@code address}'s turn, which {@link #take} gave this thread. */
    void give(String address) {
        lines.get(address).turn.release();
        leave(address);
    }

    private void leave(String address) {
        lines.computeIfPresent(address, (key, line) -> --line.users == 0 ? null : line);
    }
}
