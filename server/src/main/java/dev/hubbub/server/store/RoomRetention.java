package dev.hubbub.server.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each room's own retention ({@link Directory#retention}) once a minute, on a thread of its own, as the
 * server-wide {@code --keep-messages} is applied after appends: what a room keeps no longer is deleted with its
 * reactions, search rows and files ({@link EventLog#forgetInRoom}). Several servers sharing a store may each apply
 * it: each deletes what is still too old.
 */
public final class RoomRetention implements AutoCloseable {
    static final Duration EVERY = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(RoomRetention.class);
    private final Directory directory;
    private final EventLog events;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "hubbub-retention");
        thread.setDaemon(true);
        return thread;
    });

    private RoomRetention(Directory directory, EventLog events, Clock clock) {
        this.directory = directory;
        this.events = events;
        this.clock = clock;
    }

    public static RoomRetention start(Directory directory, EventLog events, Clock clock) {
        RoomRetention retention = new RoomRetention(directory, events, clock);
        retention.timer.scheduleWithFixedDelay(() -> {
            try {
                retention.applyNow();
            } catch (RuntimeException e) {
                LOG.warn("could not apply the rooms' retention: {}", e.toString());
            }
        }, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return retention;
    }

    /** Applies every room's retention now, on the caller's thread (it blocks); how many events went. */
    public long applyNow() {
        long forgotten = 0;
        Instant now = clock.instant();
        for (Map.Entry<String, Directory.Retention> room : directory.retention().entrySet()) {
            Directory.Retention kept = room.getValue();
            forgotten += events.forgetInRoom(room.getKey(),
                    kept.days() == 0 ? null : now.minus(Duration.ofDays(kept.days())), kept.messages());
        }
        return forgotten;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
