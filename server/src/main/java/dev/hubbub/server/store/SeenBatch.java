package dev.hubbub.server.store;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When devices were last seen, stored in batches off the requests' threads: noting one never waits for the store, so a
 * reconnect storm (every device at once after a restart) costs one write every {@link #EVERY_SECONDS} seconds, not one
 * per device on the path of each stream. What was noted in the last few seconds before a crash is lost: it is a label
 * for people, nothing depends on it.
 */
final class SeenBatch implements AutoCloseable {
    static final int EVERY_SECONDS = 1;
    private static final Logger LOG = LoggerFactory.getLogger(SeenBatch.class);
    private final Map<String, Instant> pending = new ConcurrentHashMap<>();
    private final Consumer<Map<String, Instant>> store;
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "hubbub-seen");
        thread.setDaemon(true);
        return thread;
    });

    /** @param store stores a batch (token hash → when seen); called on this batch's own thread. */
    SeenBatch(Consumer<Map<String, Instant>> store) {
        this.store = store;
        flusher.scheduleWithFixedDelay(this::flush, EVERY_SECONDS, EVERY_SECONDS, TimeUnit.SECONDS);
    }

    /** Notes that the device with this token hash was seen; stored within {@link #EVERY_SECONDS} seconds. */
    void note(String tokenHash, Instant at) {
        pending.put(tokenHash, at);
    }

    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Map<String, Instant> batch = new HashMap<>();
        for (String hash : pending.keySet()) {
            Instant at = pending.remove(hash);
            if (at != null) {
                batch.put(hash, at);
            }
        }
        try {
            store.accept(batch);
        } catch (RuntimeException e) {
            LOG.warn("could not store when {} devices were last seen: {}", batch.size(), e.toString());
        }
    }

    /** Stores what is noted, then stops. Call before the store closes. */
    @Override
    public void close() {
        flusher.shutdownNow();
        flush();
    }
}
