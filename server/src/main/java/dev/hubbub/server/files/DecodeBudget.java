package dev.hubbub.server.files;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The memory pictures may take while they are decoded for thumbnails, all together: a quarter of the heap (at least
 * 32 MiB), and at most {@link #AT_ONCE} pictures at a time. A decode takes its cost before it starts and gives it back
 * when it ends; one that costs more than the whole budget, or that cannot have it within {@link #WAIT_SECONDS}, is
 * not decoded. Thread-safe; {@link #take} blocks the uploading request's thread (never a Jetty selector's).
 */
final class DecodeBudget {
    /** Pictures decoded at the same time, whatever their size. */
    static final int AT_ONCE = Math.max(2, Runtime.getRuntime().availableProcessors());
    static final int WAIT_SECONDS = 30;
    private static final int UNIT = 1 << 16;

    private final int units;
    private final Semaphore memory;
    private final Semaphore turns = new Semaphore(AT_ONCE, true);

    DecodeBudget(long bytes) {
        this.units = (int) Math.min(Integer.MAX_VALUE, bytes / UNIT);
        this.memory = new Semaphore(units, true);
    }

    static DecodeBudget ofHeap() {
        return new DecodeBudget(Math.max(32L << 20, Runtime.getRuntime().maxMemory() / 4));
    }

    /** What one decode holds; closing it gives it back. */
    final class Held implements AutoCloseable {
        private final int taken;

        private Held(int taken) {
            this.taken = taken;
        }

        @Override
        public void close() {
            memory.release(taken);
            turns.release();
        }
    }

    /**
     * Takes {@code bytes} of the budget and a turn, waiting for them if others hold them.
     *
     * @return what was taken, or null when the budget could never hold it or it did not come free in time
     */
    Held take(long bytes) throws InterruptedException {
        long wanted = (bytes + UNIT - 1) / UNIT;
        if (wanted > units) {
            return null;
        }
        if (!turns.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
            return null;
        }
        if (!memory.tryAcquire((int) wanted, WAIT_SECONDS, TimeUnit.SECONDS)) {
            turns.release();
            return null;
        }
        return new Held((int) wanted);
    }
}
