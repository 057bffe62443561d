package dev.hubbub.server.store;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Full-text search over messages as they stand now (edited text, deleted ones gone): the port {@code GET /search}
 * uses. SQLite keeps an FTS5 index in the same transaction as the log; a store without one (Redis) would feed an
 * index of its own from its tail, which carries every message and every edit.
 */
public interface MessageSearch {

    /**
     * The newest messages (at most {@code limit}) whose text has every word of {@code query}, the last as a prefix
     * too, among those the person with name key {@code personKey} may read (every room, their own direct messages);
     * with {@code conversation}, in that conversation only. Each with its {@link Logged#state}; newest first.
     */
    CompletableFuture<List<Logged>> search(String query, String personKey, String conversation, int limit);
}
