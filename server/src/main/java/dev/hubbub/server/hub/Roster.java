package dev.hubbub.server.hub;

import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.store.PresenceBoard;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Who is online, on this server and on the others sharing the store, and what the streams were last told of it.
 * Someone comes online with their first stream anywhere and goes a grace period after their last one closed
 * ({@link Presence}); the streams hear of it in announcements of joins and leaves, at most one every
 * {@link #ANNOUNCE_EVERY}, so someone who comes and goes within it is not announced at all, and a crowd arriving at
 * once costs everyone one pass of the fan-out, not one per person. The other servers hear who is online here through
 * the {@link PresenceBoard} after each announcement.
 *
 * <p>Thread-safety: its state is the hub's, under the hub's lock. Methods whose names say "locked" expect the caller
 * to hold it; its timers take it themselves. Announcements are appended to the structured log under that lock, so a
 * stream registered at the log's end and told who is online at that moment hears every later change, once.
 */
final class Roster {
    /** Joins and leaves are announced together, at most this often. */
    static final Duration ANNOUNCE_EVERY = Duration.ofMillis(250);

    private final ReentrantLock lock;
    private final ScheduledExecutorService timers;
    private final Duration grace;
    private final PresenceBoard board;
    /** Appends a frame to every structured stream's log; called under the lock. */
    private final Consumer<byte[]> toEveryStream;
    /** Wakes the fan-out once frames were appended; called without the lock. */
    private final Runnable wake;
    private final Presence here = new Presence();
    /** Who the streams were last told is online, by presence key. */
    private final Map<String, String> announced = new LinkedHashMap<>();
    /** Who is online on the other servers sharing the store, by presence key; replaced whole. */
    private Map<String, String> elsewhere = Map.of();
    private boolean announcementDue;
    private boolean closed;

    Roster(ReentrantLock lock, ScheduledExecutorService timers, Duration grace, PresenceBoard board,
           Consumer<byte[]> toEveryStream, Runnable wake) {
        this.lock = lock;
        this.timers = timers;
        this.grace = grace;
        this.board = board;
        this.toEveryStream = toEveryStream;
        this.wake = wake;
    }

    static String keyOf(String name) {
        return Presence.keyOf(name);
    }

    /** Under the lock: a stream counting {@code name} as online opened. */
    void streamOpenedLocked(String name) {
        if (here.streamOpened(name)) {
            changedLocked();
        }
    }

    /** Under the lock: a stream counting the person with this presence key closed; they go after the grace period. */
    void streamClosedLocked(String key) {
        long generation = here.streamClosed(key);
        if (generation >= 0 && !closed) {
            timers.schedule(() -> graceExpired(key, generation), grace.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void graceExpired(String key, long generation) {
        lock.lock();
        try {
            if (here.graceExpired(key, generation) != null) {
                changedLocked();
            }
        } finally {
            lock.unlock();
        }
    }

    /** From the board's thread: who is online on the other servers now. */
    void elsewhere(List<String> names) {
        Map<String, String> byKey = new LinkedHashMap<>();
        names.forEach(name -> byKey.putIfAbsent(keyOf(name), name));
        lock.lock();
        try {
            elsewhere = byKey;
            changedLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: this server's people, then the others', each person once (the first spelling seen). */
    List<String> onlineLocked() {
        // Every new stream asks: alone (or with nobody online elsewhere), as cheap as it was for one server.
        return elsewhere.isEmpty() ? here.online() : List.copyOf(everyone().values());
    }

    private Map<String, String> everyone() {
        Map<String, String> all = new LinkedHashMap<>();
        here.addTo(all);
        elsewhere.forEach(all::putIfAbsent);
        return all;
    }

    /** Under the lock: someone came or went, here or elsewhere; the streams hear of it with the next announcement. */
    private void changedLocked() {
        if (!announcementDue && !closed) {
            announcementDue = true;
            timers.schedule(this::announce, ANNOUNCE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Tells the streams who joined and who left since they were last told, and the board who is online here. */
    private void announce() {
        boolean appended = false;
        List<String> online;
        lock.lock();
        try {
            announcementDue = false;
            Map<String, String> now = everyone();
            for (var gone : List.copyOf(announced.entrySet())) {
                if (!now.containsKey(gone.getKey())) {
                    toEveryStream.accept(Hub.encodeEvent(StreamEvents.LEAVE, new StreamEvents.Person(gone.getValue())));
                    announced.remove(gone.getKey());
                    appended = true;
                }
            }
            for (var came : now.entrySet()) {
                if (announced.putIfAbsent(came.getKey(), came.getValue()) == null) {
                    toEveryStream.accept(Hub.encodeEvent(StreamEvents.JOIN, new StreamEvents.Person(came.getValue())));
                    appended = true;
                }
            }
            online = here.online();
        } finally {
            lock.unlock();
        }
        board.post(online);
        if (appended) {
            wake.run();
        }
    }

    /** Under the lock: no more announcements. */
    void closeLocked() {
        closed = true;
    }
}
