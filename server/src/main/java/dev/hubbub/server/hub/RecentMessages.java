package dev.hubbub.server.hub;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The newest messages, already encoded, so that most connects and reconnects replay from memory.
 *
 * <p>Not thread-safe: the room uses it under its lock.
 */
final class RecentMessages {
    private final int capacity;
    private final ArrayDeque<Encoded> messages;
    /** Whether these are all the messages the history holds, so that an id before the first is not in history. */
    private boolean complete;

    RecentMessages(int capacity, List<Encoded> newest, boolean complete) {
        this.capacity = capacity;
        this.messages = new ArrayDeque<>(Math.max(capacity, 1));
        newest.forEach(this::add);
        this.complete = complete;
    }

    void add(Encoded message) {
        if (capacity == 0) {
            complete = false;
            return;
        }
        if (messages.size() == capacity) {
            messages.removeFirst();
            complete = false;
        }
        messages.addLast(message);
    }

    /**
     * The newest {@code limit} messages with {@code after < id <= upTo} when memory holds every such message that
     * history holds; null when only the history can tell.
     */
    List<Encoded> between(long after, long upTo, int limit) {
        boolean covered = complete || (!messages.isEmpty() && messages.peekFirst().id() <= after + 1);
        return covered ? collect(after, upTo, limit) : null;
    }

    /** The newest {@code limit} messages up to {@code upTo}, when memory holds enough of them; null otherwise. */
    List<Encoded> latest(long upTo, int limit) {
        return complete || messages.size() >= limit ? collect(Long.MIN_VALUE, upTo, limit) : null;
    }

    private List<Encoded> collect(long after, long upTo, int limit) {
        List<Encoded> newestFirst = new ArrayList<>();
        for (Iterator<Encoded> it = messages.descendingIterator(); it.hasNext() && newestFirst.size() < limit; ) {
            Encoded m = it.next();
            if (m.id() <= after) {
                break;
            }
            if (m.id() <= upTo) {
                newestFirst.add(m);
            }
        }
        List<Encoded> oldestFirst = new ArrayList<>(newestFirst.size());
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            oldestFirst.add(newestFirst.get(i));
        }
        return oldestFirst;
    }
}
