package dev.hubbub.server.store;

/**
 * A place in the event log, in the order the log gave: a sequence number in SQLite, a stream entry id
 * ({@code millis-sequence}) in Redis. The hub compares positions; clients only ever see them formatted by the
 * {@link EventLog}, as opaque ids that also name the history's epoch.
 */
public record Position(long major, long minor) implements Comparable<Position> {
    /** Before every event. */
    public static final Position START = new Position(0, 0);

    public static Position of(long sequence) {
        return new Position(sequence, 0);
    }

    @Override
    public int compareTo(Position other) {
        int major = Long.compare(this.major, other.major);
        return major != 0 ? major : Long.compare(minor, other.minor);
    }

    public boolean isAfter(Position other) {
        return compareTo(other) > 0;
    }

    public static Position max(Position a, Position b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
