package dev.hubbub.server.store;

import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.Draft;
import java.time.Instant;
import java.util.List;

/**
 * The room's durable, ordered record of messages; the source of message ids. {@link SqliteHistory} keeps it in one
 * file; a shared store (Redis Streams) can take its place for a room served by several nodes, because the hub only
 * speaks to this interface.
 *
 * <p>Thread-safe.
 */
public interface History extends AutoCloseable {

    /** A stored message, and whether it had been stored before under the same client id. */
    record Stored(ChatMessage message, boolean duplicate) {
    }

    /**
     * Stores a draft as the next message, with the next id, and returns once it is durable. A draft whose client id
     * was stored before is not stored again: the earlier message is returned, marked as a duplicate.
     */
    Stored append(Draft draft, Instant sentAt);

    /**
     * Messages with {@code afterId < id <= upToId}, oldest first; when there are more than {@code limit}, the newest
     * {@code limit} of them.
     */
    List<ChatMessage> between(long afterId, long upToId, int limit);

    /** The oldest {@code limit} messages with an id above {@code afterId}, oldest first. */
    List<ChatMessage> after(long afterId, int limit);

    /** The id of the newest message, 0 when there is none. */
    long latestId();

    /** The id of the oldest message still kept, 0 when there is none. */
    long oldestId();

    /**
     * Names this history: a new store (a new file, a reset database) gets a new epoch, so a client can tell that
     * ids it remembers belong to an earlier life of the room.
     */
    String epoch();

    @Override
    void close();
}
