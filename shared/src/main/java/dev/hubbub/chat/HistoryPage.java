package dev.hubbub.chat;

import java.util.List;

/**
 * A page of one conversation's stored messages, what {@code GET /chat/history} answers: the messages oldest first,
 * and whether there are more in the direction that was read (older for {@code before} and for the newest page, newer
 * for {@code after}).
 *
 * @param epoch the history's epoch, as in the stream's {@code hello}: ids from another epoch mean nothing here
 * @param room the conversation
 */
public record HistoryPage(String epoch, String room, List<ChatMessage> messages, boolean more) {
    public HistoryPage {
        messages = List.copyOf(messages);
    }
}
