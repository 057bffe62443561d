package dev.hubbub.server.store;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The server's durable, ordered record of everything said, in every room and between every two people: the port a
 * store implements. {@link SqliteEventLog} keeps it in one file; a store shared by several servers (Redis Streams)
 * implements it as it stands, because the hub only ever:
 *
 * <ul>
 *   <li>{@linkplain #append appends} an event, asynchronously, and hears back once it is durable (or that its client id
 *       was stored before);</li>
 *   <li>{@linkplain #tail tails} the log from a position: the only way the hub learns of new events, its own and
 *       other servers' alike;</li>
 *   <li>reads {@linkplain #range ranges} (for replays) and {@linkplain #page pages of one conversation} (for clients
 *       that scroll back).</li>
 * </ul>
 *
 * <p>Edits, deletions and reactions are events too ({@link LogEvent.Kind#isAction}), appended and tailed like
 * messages, so a replay carries them in order and a client folds them into the messages they target. A range gives
 * events as they were appended; a page and {@link #message} give each message as it stands now
 * ({@link Logged#state}), which the store keeps up to date as it appends actions (SQLite: columns of the message's row
 * and a table of reactions, in the same transaction; a Redis store would keep a hash per message).
 *
 * Positions are the store's; clients see them only {@linkplain #format formatted}, as opaque ids that name the
 * history's epoch too, so an id from a history that was reset is never taken for a place in this one.
 *
 * <p>Thread-safe. What answers with a future never blocks its caller, and never throws: a failure is a future
 * failed with {@link StoreException} ({@link StoreUnavailableException} when a shared store is out of reach). Futures
 * complete on the store's own threads; their callbacks must not block.
 */
public interface EventLog extends AutoCloseable {

    /** A stored event, and whether its client id had been stored before (then it is the earlier event). */
    record Appended(Logged logged, boolean duplicate) {
    }

    /**
     * Which events a reader may see: one room's messages; or every public event and one person's direct ones; or, for
     * the hub itself, all.
     */
    record Scope(String room, String personKey, boolean all) {
        /** Every event, direct ones included: what the hub keeps, never what a client is sent. */
        public static final Scope ALL = new Scope(null, null, true);

        public static Scope room(String id) {
            return new Scope(id, null, false);
        }

        /** Everything public, and the direct messages of {@code personKey} (null: none). */
        public static Scope everything(String personKey) {
            return new Scope(null, personKey, false);
        }

        public boolean includes(LogEvent event) {
            if (all) {
                return true;
            }
            if (room != null) {
                return event.kind() == LogEvent.Kind.MESSAGE && event.conversation().equals(room);
            }
            return event.visibleTo(personKey);
        }
    }

    /** A page of one conversation: its events oldest first, and whether there are more in the direction read. */
    record Page(List<Logged> events, boolean more) {
        public Page {
            events = List.copyOf(events);
        }
    }

    /** What the tail is told; called in log order, one batch at a time, never concurrently. */
    interface TailListener extends Consumer<List<Logged>> {
    }

    /** An open tail; closing it stops the deliveries. */
    interface Tail extends AutoCloseable {
        @Override
        void close();
    }

    /** Names this history: a new store (a new file, a reset database) gets a new epoch. */
    String epoch();

    /** The opaque id clients see for a position. */
    String format(Position position);

    /**
     * The position an id names, if it is one of this history's: an id from another epoch, or that is not an id at
     * all, names none.
     */
    Optional<Position> parse(String id);

    /**
     * The newest position stored now, by any server sharing the store; {@link Position#START} for an empty log. May
     * block: a shared store is asked (never call it holding a lock, nor on a request thread).
     */
    Position head();

    /**
     * Appends an event and completes once it is durable. An event whose client id was stored before is not stored
     * again: the earlier one comes back, marked as a duplicate. Fails with {@link StoreException} when the store
     * cannot take it.
     */
    CompletableFuture<Appended> append(LogEvent event);

    /**
     * The events in {@code scope} with {@code after < position <= upTo}, oldest first; when there are more than
     * {@code limit}, the newest {@code limit} of them.
     */
    CompletableFuture<List<Logged>> range(Position after, Position upTo, Scope scope, int limit);

    /**
     * A page of one conversation's messages, each as it stands now (with its {@link Logged#state}): with {@code before}, the newest {@code limit} events before it; with
     * {@code after}, the oldest {@code limit} after it; with neither, the newest {@code limit}.
     */
    CompletableFuture<Page> page(String conversation, Position before, Position after, int limit);

    /**
     * A page of the thread whose root is at {@code root}: its replies (not the root), each as it stands now, paged as
     * {@link #page} pages a conversation. A conversation's pages leave out the replies in its threads, but for those
     * also sent to it ({@link LogEvent#alsoInRoom}).
     */
    CompletableFuture<Page> thread(Position root, Position before, Position after, int limit);

    /** How many messages a conversation keeps pinned at most ({@link #pinned} gives no more). */
    int MAX_PINNED = 100;

    /**
     * The messages pinned to a conversation, each as it stands now, the newest pin first; at most
     * {@value #MAX_PINNED}.
     */
    CompletableFuture<List<Logged>> pinned(String conversation);

    /**
     * The message at {@code position} as it stands now (with its {@link Logged#state}), or empty when there is no
     * message there (never was, or deleted by the retention limit; one its author deleted comes back, so marked).
     */
    CompletableFuture<Optional<Logged>> message(Position position);

    /**
     * Where the event sent with this client id is stored, if one is (and the history still holds it): what
     * {@link #append} would answer as a duplicate, asked without appending. For an importer that must not store a
     * message's files again when the message is there already.
     */
    CompletableFuture<Optional<Position>> storedAs(String clientId);

    /**
     * A room's own retention: deletes its events stored before {@code before} (null: none for their age) and all but
     * its {@code keepNewest} newest (0: none for their number), with their reactions, search rows and hold on files,
     * as the room's deletion does. Other rooms are untouched. Blocks (a batch at a time on a shared store); returns how
     * many events went.
     */
    long forgetInRoom(String room, java.time.Instant before, int keepNewest);

    /**
     * The newest position the retention limit deleted ({@link Position#START} when none was): a replay from before it
     * has a hole. Blocks: it asks the store (call it off request threads).
     */
    Position trimmedUpTo();

    /**
     * Delivers every event after {@code after}, in order, to {@code listener}, on a thread of the tail's own: first
     * those stored already, then each as it is stored, by this server or (in a shared store) any other. The tail's
     * position moves only once the listener returned: a listener that throws gets the same batch again a moment
     * later (so it must take a batch again without harm), and nothing is skipped.
     */
    Tail tail(Position after, TailListener listener);

    @Override
    void close();
}
