package dev.hubbub.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * A message the room accepted and stored.
 *
 * @param id the room's sequence number for it, increasing by the order in which the room accepted messages; this is
 *     the SSE event id, so it is what {@code Last-Event-ID} names
 * @param author who sent it
 * @param text what they said (line breaks are LF)
 * @param sentAt when the server accepted it
 * @param clientId the sender's idempotency key, when it gave one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatMessage(long id, String author, String text, Instant sentAt, String clientId) {
    public ChatMessage {
        if (id < 1) {
            throw new IllegalArgumentException("message ids start at 1, got " + id);
        }
        Rules.checkAuthor(author);
        Rules.checkText(text);
        Objects.requireNonNull(sentAt, "sentAt");
    }

    public static ChatMessage accepted(long id, Draft draft, Instant sentAt) {
        return new ChatMessage(id, draft.author(), draft.text(), sentAt, draft.clientId());
    }

    /** The line a tutorial client shows: {@code author: text}. */
    public String displayLine() {
        return author + ": " + text;
    }
}
