package dev.hubbub.chat;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * A message the server stored, as the structured stream and history pages carry it.
 *
 * @param id its place in the server's history: opaque (compare it with nothing, do no arithmetic on it), and the SSE
 *     event id, so it is what {@code Last-Event-ID} names; it carries the history's epoch
 * @param room the conversation it belongs to: a room's id ({@code general}, {@code design}), or a direct message's
 *     ({@code dm:ann:bob})
 * @param author who sent it
 * @param verified whether the author was signed in as that name; false for a tutorial client's post under a name
 *     nobody has claimed
 * @param text what they said (line breaks are LF)
 * @param sentAt when the server accepted it
 * @param clientId the sender's idempotency key, when it gave one
 * @param to for a direct message, the name it was sent to; null in a room
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatMessage(String id, String room, String author, boolean verified, String text,
                          java.time.Instant sentAt, String clientId, String to) {
    public ChatMessage {
        if (id == null || id.isEmpty()) {
            throw new InvalidMessageException("a message needs its id");
        }
        if (room == null || room.isEmpty()) {
            throw new InvalidMessageException("a message needs its room");
        }
        Rules.checkAuthor(author);
        Rules.checkText(text);
        Objects.requireNonNull(sentAt, "sentAt");
    }

    /** Whether it is a direct message between two people, rather than a message in a room. */
    @JsonIgnore
    public boolean isDirect() {
        return to != null;
    }

    /** The line a tutorial client shows: {@code author: text}. */
    public String displayLine() {
        return author + ": " + text;
    }
}
