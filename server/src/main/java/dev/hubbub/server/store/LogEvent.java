package dev.hubbub.server.store;

import java.time.Instant;
import dev.hubbub.chat.Attachment;
import dev.hubbub.chat.Mentions;
import java.util.List;
import java.util.Objects;

/**
 * What the log keeps, before it has a place: a message (in a room, or between two people), or a room that was
 * created. Every field a store needs to answer "who may see this" without reading the rest.
 *
 * @param kind what happened
 * @param conversation the room's id, or the direct conversation's ({@link Conversations#direct})
 * @param author the name of who did it, as shown
 * @param authorKey the author's name key ({@link dev.hubbub.chat.Names#key})
 * @param verified whether the author was signed in as that name
 * @param text the message's text; for a new room, its name
 * @param at when the server accepted it
 * @param clientId the sender's idempotency key, or null
 * @param to for a direct message, the recipient's name as shown; else null
 * @param toKey for a direct message, the recipient's name key; else null
 * @param files the files a message carries (their ids are what the store records as referenced); empty when none
 * @param mentions who the message mentions, as it was when it was posted
 */
public record LogEvent(Kind kind, String conversation, String author, String authorKey, boolean verified,
                       String text, Instant at, String clientId, String to, String toKey, List<Attachment> files,
                       Mentions.Found mentions) {

    public enum Kind { MESSAGE, ROOM }

    public LogEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(at, "at");
        files = files == null ? List.of() : List.copyOf(files);
        mentions = mentions == null ? Mentions.Found.NONE : mentions;
        if ((to == null) != (toKey == null)) {
            throw new IllegalArgumentException("a direct message names its recipient and the recipient's key");
        }
    }

    /** An event without files. */
    public LogEvent(Kind kind, String conversation, String author, String authorKey, boolean verified, String text,
                    Instant at, String clientId, String to, String toKey) {
        this(kind, conversation, author, authorKey, verified, text, at, clientId, to, toKey, List.of(), null);
    }

    public boolean isDirect() {
        return toKey != null;
    }

    /** Whether the person with name key {@code key} (null: someone not signed in) may see this event. */
    public boolean visibleTo(String key) {
        return !isDirect() || key != null && (key.equals(authorKey) || key.equals(toKey));
    }

    /** The same event at another time (the log stamps what it stores). */
    public LogEvent at(Instant time) {
        return new LogEvent(kind, conversation, author, authorKey, verified, text, time, clientId, to, toKey, files,
                mentions);
    }
}
