package dev.hubbub.chat;

import java.util.List;

/**
 * A page of a room's stored messages, what {@code GET /chat/history} answers: the messages oldest first, and whether
 * there are more in the direction that was read (older for {@code before} and for the newest page, newer for
 * {@code after}).
 *
 * @param epoch the history's epoch, as in the stream's {@code hello}: ids from another epoch mean nothing here
 */
public record HistoryPage(String epoch, List<ChatMessage> messages, boolean more) {
    public HistoryPage {
        messages = List.copyOf(messages);
    }

    /** Which page: before an id, after one, or (both null) the newest. */
    public record Query(Long before, Long after, int limit) {
        public Query {
            if (before != null && after != null) {
                throw new IllegalArgumentException("ask for messages before an id or after one, not both");
            }
        }
    }
}
