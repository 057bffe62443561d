package dev.hubbub.server.hub;

import dev.hubbub.server.store.EventLog;
import dev.hubbub.server.store.Overwrite;
import dev.hubbub.server.store.Position;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The newest events, already encoded, so that most connects and reconnects replay from memory: at most
 * {@code capacity} of them, and at most {@code maxBytes} of encoded frames and texts, so a backlog of long messages
 * cannot make the hub hold a thousand of them (each can be tens of kilobytes once encoded in both views).
 *
 * <p>Not thread-safe: the hub uses it under its lock.
 */
final class RecentEvents {
    /** What the hub keeps at most, in bytes: a busy room's thousand ordinary events take a fraction of it. */
    static final long MAX_BYTES = 32L * 1024 * 1024;

    private final int capacity;
    private final long maxBytes;
    private final ArrayDeque<EncodedEvent> events;
    private long bytes;
    /** Whether these are all the events the log holds, so that nothing older is missing from memory. */
    private boolean complete;

    RecentEvents(int capacity, List<EncodedEvent> newest, boolean complete) {
        this(capacity, MAX_BYTES, newest, complete);
    }

    RecentEvents(int capacity, long maxBytes, List<EncodedEvent> newest, boolean complete) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.events = new ArrayDeque<>(Math.max(capacity, 1));
        this.complete = complete;
        newest.forEach(this::add);
    }

    void add(EncodedEvent event) {
        if (capacity == 0) {
            complete = false;
            return;
        }
        if (events.size() == capacity) {
            bytes -= weight(events.removeFirst());
            complete = false;
        }
        events.addLast(event);
        bytes += weight(event);
        while (bytes > maxBytes && events.size() > 1) {
            bytes -= weight(events.removeFirst());
            complete = false;
        }
    }

    /** What an event holds in memory, near enough: its frames in both views and its text. */
    private static long weight(EncodedEvent e) {
        String text = e.event().text();
        return (e.plain() == null ? 0 : e.plain().length) + (e.json() == null ? 0 : e.json().length)
                + 2L * (text == null ? 0 : text.length());
    }

    /** The events before {@code at} that keep the words {@code overwrite} changes, oldest first. */
    List<EncodedEvent> touchedBy(Overwrite overwrite, Position at) {
        return events.stream().filter(e -> at.isAfter(e.position()) && overwrite.touches(e.logged())).toList();
    }

    /**
     * Puts each event in {@code replacements} (by identity; a null replacement: nothing) in the place of the one it
     * replaces, where that one still is.
     */
    void replace(Map<EncodedEvent, EncodedEvent> replacements) {
        if (replacements.isEmpty()) {
            return;
        }
        List<EncodedEvent> kept = new ArrayList<>(events.size());
        for (EncodedEvent e : events) {
            EncodedEvent now = replacements.containsKey(e) ? replacements.get(e) : e;
            if (now != null) {
                kept.add(now);
            }
        }
        events.clear();
        events.addAll(kept);
        bytes = kept.stream().mapToLong(RecentEvents::weight).sum();
    }

    /** Drops every event of a conversation (a room the host deleted, which the store forgot too). */
    void forget(String conversation) {
        events.removeIf(e -> e.event().conversation().equals(conversation));
        bytes = events.stream().mapToLong(RecentEvents::weight).sum();
    }

    /**
     * The newest {@code limit} events in {@code scope} with {@code after < position <= upTo}, oldest first, when
     * memory holds every event after {@code after}; null when only the log can tell.
     */
    List<EncodedEvent> between(Position after, Position upTo, EventLog.Scope scope, int limit) {
        boolean covered = complete || (!events.isEmpty() && !events.peekFirst().position().isAfter(after));
        return covered ? collect(after, upTo, scope, limit) : null;
    }

    /** The newest {@code limit} events in scope up to {@code upTo}, when memory holds enough; null otherwise. */
    List<EncodedEvent> latest(Position upTo, EventLog.Scope scope, int limit) {
        List<EncodedEvent> found = collect(Position.START, upTo, scope, limit);
        return complete || found.size() >= limit ? found : null;
    }

    private List<EncodedEvent> collect(Position after, Position upTo, EventLog.Scope scope, int limit) {
        List<EncodedEvent> newestFirst = new ArrayList<>();
        for (Iterator<EncodedEvent> it = events.descendingIterator(); it.hasNext() && newestFirst.size() < limit; ) {
            EncodedEvent e = it.next();
            if (!e.position().isAfter(after)) {
                break;
            }
            if (!e.position().isAfter(upTo) && scope.includes(e.event())) {
                newestFirst.add(e);
            }
        }
        List<EncodedEvent> oldestFirst = new ArrayList<>(newestFirst.size());
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            oldestFirst.add(newestFirst.get(i));
        }
        return oldestFirst;
    }
}
