package dev.hubbub.server.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What each person follows and how far they read: the threads they follow (chosen, or because they took part), and
 * their read position in each place (a conversation, or a thread: {@link #threadPlace}). The port a store implements:
 * {@link SqliteReadState} in the server's database, {@link RedisReadState} for servers sharing one Redis.
 *
 * <p>Bounded: a person follows at most {@value #MAX_FOLLOWED} threads (past that, taking part follows nothing more
 * and choosing to follow is refused), and has one position per place they read, in at most {@value #MAX_PLACES}
 * places (past that, the place whose position is furthest back is forgotten: read there long ago).
 *
 * <p>Thread-safe. Every method may block (a disk, a network): call none holding a lock, nor on a thread that must
 * not wait.
 */
public interface ReadState extends AutoCloseable {
    /** How many threads a person follows at most. */
    int MAX_FOLLOWED = 1_000;
    /**
     * In how many places a person's position is kept at most: rooms they are in, people they write with and threads
     * they read, with room to spare for a long-lived name.
     */
    int MAX_PLACES = 5_000;

    /** Someone's read position in a place, with the name they had when they read. */
    record Reader(String name, Position upTo) {
    }

    /** A thread someone follows: its root, and the conversation it is in. */
    record Followed(Position root, String conversation) {
    }

    /** Whether a follow was taken: newly following, following already, or refused (too many). */
    enum Follow { STARTED, ALREADY, TOO_MANY, DECLINED }

    /** The place of a thread, for {@link #markRead}: distinct from every conversation's id. */
    static String threadPlace(Position root) {
        return "thread:" + root.major() + "-" + root.minor();
    }

    /**
     * The person follows the thread of {@code root}. {@code chosen}: they asked to (following it again after they
     * had stopped); otherwise they took part in it (wrote it or in it, or were mentioned), which follows it only
     * when they never chose to stop ({@link Follow#DECLINED}).
     */
    Follow follow(String person, Position root, String conversation, boolean chosen);

    /** The person stops following the thread, and taking part in it later does not follow it again. */
    void unfollow(String person, Position root, String conversation);

    /** Whether the person follows the thread now. */
    boolean follows(String person, Position root);

    /** The threads the person follows, those followed most recently first. */
    List<Followed> followed(String person);

    /**
     * The person has read {@code place} up to {@code upTo}: their position there moves on to it, never back. It may
     * be kept a moment before it is stored (many arrive at once in a busy room): {@link #readUpTo} on this server sees
     * it at once, other servers sharing the store a moment later. Does not wait for the store. A place past
     * {@link #MAX_PLACES} makes the store forget the person's place furthest back.
     */
    void markRead(String person, String name, String place, Position upTo);

    /** How far the person has read in {@code place}; empty when never. */
    Optional<Position> readUpTo(String person, String place);

    /** How far each of {@code persons} has read in {@code place}: only those who have. */
    Map<String, Position> readUpTo(String place, Collection<String> persons);

    /**
     * Who has read in {@code place} and how far (by person), at most {@code limit} of them: those who read furthest
     * on SQLite; on a shared store, any {@code limit} of them when there are more.
     */
    Map<String, Reader> readers(String place, int limit);

    /** Whether the person shares where they read (the default); one who does not sees nobody's either. */
    boolean shares(String person);

    /** The person shares where they read, or stops. */
    void share(String person, boolean share);

    @Override
    void close();
}
