package dev.hubbub.chat;

import java.util.List;

/**
 * A page of one conversation's stored messages, what {@code GET /chat/history} answers: the messages oldest first,
 * and whether there are more in the direction that was read (older for {@code before} and for the newest page, newer
 * for {@code after}).
 *
 * @param epoch the history's epoch, as in the stream's {@code hello}: ids from another epoch mean nothing here
 * @param room the conversation
 * @param root for a page of a thread ({@code GET /chat/history?thread=ID}), the message the thread answers, as it
 *     stands now (with its {@link ChatMessage#thread}); null for a page of a conversation
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record HistoryPage(String epoch, String room, List<ChatMessage> messages, boolean more, ChatMessage root) {
    public HistoryPage {
        messages = List.copyOf(messages);
    }

    /** A page of a conversation. */
    public HistoryPage(String epoch, String room, List<ChatMessage> messages, boolean more) {
        this(epoch, room, messages, more, null);
    }
}
