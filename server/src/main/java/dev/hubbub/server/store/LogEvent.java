package dev.hubbub.server.store;

import java.time.Instant;
import dev.hubbub.chat.Attachment;
import dev.hubbub.chat.Mentions;
import java.util.List;
import java.util.Objects;

/**
 * What the log keeps, before it has a place: a message (in a room, or between two people), a room that was created,
 * or something done to a message (an edit, a deletion, a reaction added or taken back). Every field a store needs to
 * answer "who may see this" without reading the rest: an action on a direct message is between the same two people.
 *
 * @param kind what happened
 * @param conversation the room's id, or the direct conversation's ({@link Conversations#direct})
 * @param author the name of who did it, as shown
 * @param authorKey the author's name key ({@link dev.hubbub.chat.Names#key})
 * @param verified whether the author was signed in as that name
 * @param text the message's text; for a new room, its name; for an edit, the new text; for a reaction, its emoji;
 *     for a deletion, empty, or {@value #REMOVED} when the host (its author, then) removed someone else's message
 * @param at when the server accepted it
 * @param clientId the sender's idempotency key, or null
 * @param to for a direct message, the recipient's name as shown; else null
 * @param toKey for a direct message, the recipient's name key; else null
 * @param files the files a message carries (their ids are what the store records as referenced); empty when none
 * @param mentions who the message (or the edit's text) mentions, as it was when it was posted
 * @param target for an action, the message it acts on; for a reply, the message it answers; else null
 * @param quote for a reply, the start of the message it answers, as it was then; else null
 */
public record LogEvent(Kind kind, String conversation, String author, String authorKey, boolean verified,
                       String text, Instant at, String clientId, String to, String toKey, List<Attachment> files,
                       Mentions.Found mentions, Position target, Quote quote) {

    public enum Kind {
        MESSAGE, ROOM, EDIT, DELETE, REACT, UNREACT,
        /** A line from the room itself: what the host did ("Ann muted Bob for 10 minutes"); its author, the host. */
        NOTICE,
        /**
         * A room changed by the host (rules, archived or not); its text is the room as JSON
         * ({@link dev.hubbub.chat.StreamEvents.RoomInfo}).
         */
        ROOM_RULES,
        /**
         * The host deleted a room; its text is the room's name. Storing it forgets every earlier event of the room,
         * in the same step (a shared store: before the deletion is answered).
         */
        ROOM_DELETED;

        /** Whether it tells of a room (made, changed or deleted) rather than of what was said in it. */
        public boolean isAboutARoom() {
            return this == ROOM || this == ROOM_RULES || this == ROOM_DELETED;
        }

        /** Whether it acts on an earlier message (then the event's {@code target} names it). */
        public boolean isAction() {
            return this == EDIT || this == DELETE || this == REACT || this == UNREACT;
        }
    }

    /** A deletion's text when the host removed the message. */
    public static final String REMOVED = "removed";

    /** The start of a message a reply answers, and who wrote it. */
    public record Quote(String author, String text) {
    }

    public LogEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(at, "at");
        files = files == null ? List.of() : List.copyOf(files);
        mentions = mentions == null ? Mentions.Found.NONE : mentions;
        if ((to == null) != (toKey == null)) {
            throw new IllegalArgumentException("a direct message names its recipient and the recipient's key");
        }
        if (kind.isAction() && target == null) {
            throw new IllegalArgumentException(kind + " needs the message it acts on");
        }
        if (quote != null && (kind != Kind.MESSAGE || target == null)) {
            throw new IllegalArgumentException("only a reply quotes, and it names what it answers");
        }
    }

    /** A message, with its files and mentions, that answers no other. */
    public LogEvent(Kind kind, String conversation, String author, String authorKey, boolean verified, String text,
                    Instant at, String clientId, String to, String toKey, List<Attachment> files,
                    Mentions.Found mentions) {
        this(kind, conversation, author, authorKey, verified, text, at, clientId, to, toKey, files, mentions, null,
                null);
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
                mentions, target, quote);
    }
}
