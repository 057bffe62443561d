package dev.hubbub.server.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.hubbub.chat.Attachment;
import dev.hubbub.chat.Mentions;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the log keeps, before it has a place: one of a closed family of kinds, each a record with the fields it has
 * and no others. A message (in a room, or between two people); a line from the room itself (what the host did); a
 * room made, changed or deleted; something done to a message (an edit, a deletion, a reaction added or taken back).
 * Every kind carries what a store needs to answer "who may see this" without reading the rest: an action on a direct
 * message is between the same two people.
 *
 * <p>The accessors every kind answers ({@link #to}, {@link #files}, {@link #target}…) say "none" for a kind that has
 * no such thing. As JSON (what a Redis store keeps), the kind is the property {@code kind}; {@link #of} builds an
 * event from the columns a SQLite row keeps.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = LogEvent.Message.class, name = "MESSAGE"),
    @JsonSubTypes.Type(value = LogEvent.Notice.class, name = "NOTICE"),
    @JsonSubTypes.Type(value = LogEvent.RoomMade.class, name = "ROOM"),
    @JsonSubTypes.Type(value = LogEvent.RoomChanged.class, name = "ROOM_RULES"),
    @JsonSubTypes.Type(value = LogEvent.RoomDeleted.class, name = "ROOM_DELETED"),
    @JsonSubTypes.Type(value = LogEvent.Edit.class, name = "EDIT"),
    @JsonSubTypes.Type(value = LogEvent.Delete.class, name = "DELETE"),
    @JsonSubTypes.Type(value = LogEvent.React.class, name = "REACT"),
    @JsonSubTypes.Type(value = LogEvent.Unreact.class, name = "UNREACT"),
    @JsonSubTypes.Type(value = LogEvent.Pin.class, name = "PIN"),
    @JsonSubTypes.Type(value = LogEvent.Unpin.class, name = "UNPIN")})
public sealed interface LogEvent permits LogEvent.Message, LogEvent.Notice, LogEvent.RoomMade, LogEvent.RoomChanged,
        LogEvent.RoomDeleted, LogEvent.Edit, LogEvent.Delete, LogEvent.React, LogEvent.Unreact, LogEvent.Pin,
        LogEvent.Unpin {

    /** The kinds, as stores name them. */
    enum Kind {
        MESSAGE, ROOM, EDIT, DELETE, REACT, UNREACT, NOTICE, ROOM_RULES, ROOM_DELETED, PIN, UNPIN;

        /** Whether it acts on an earlier message (then the event's {@code target} names it). */
        public boolean isAction() {
            return this == EDIT || this == DELETE || this == REACT || this == UNREACT || this == PIN
                    || this == UNPIN;
        }

        /** Whether it tells of a room (made, changed or deleted) rather than of what was said in it. */
        public boolean isAboutARoom() {
            return this == ROOM || this == ROOM_RULES || this == ROOM_DELETED;
        }
    }

    /** A deletion's text when the host removed the message. */
    String REMOVED = "removed";

    /** The start of a message a reply answers, and who wrote it. */
    record Quote(String author, String text) {
    }

    @JsonIgnore
    Kind kind();

    /** The room's id, or the direct conversation's ({@link Conversations#direct}). */
    String conversation();

    /** The name of who did it, as shown. */
    String author();

    /** The author's person key (for someone not signed in, their name's key: {@link dev.hubbub.chat.Names#key}). */
    String authorKey();

    /**
     * A message's text; a notice's sentence; a new or deleted room's name; a changed room as JSON
     * ({@link dev.hubbub.chat.StreamEvents.RoomInfo}); an edit's new text; a reaction's emoji; a deletion's empty
     * text, or {@value #REMOVED} when the host (its author, then) removed someone else's message.
     */
    String text();

    /** When the server accepted it. */
    Instant at();

    /** The same event at another time (the log stamps what it stores). */
    LogEvent at(Instant time);

    /** Whether the author was signed in as that name: only a message may come from someone who was not. */
    default boolean verified() {
        return true;
    }

    /** Whether an app wrote it rather than a person: only a message may be by one. */
    default boolean app() {
        return false;
    }

    /** The sender's idempotency key; null when none. */
    default String clientId() {
        return null;
    }

    /** In a direct conversation, the other person's name as shown (for an action, the message's other person). */
    default String to() {
        return null;
    }

    /** In a direct conversation, the other person's key; null in a room. */
    default String toKey() {
        return null;
    }

    /** The files a message carries (their ids are what the store records as referenced). */
    default List<Attachment> files() {
        return List.of();
    }

    /** Who a message (or an edit's text) mentions, as it was when it was posted. */
    default Mentions.Found mentions() {
        return Mentions.Found.NONE;
    }

    /**
     * For an action, the message it acts on; for a reply, the message it answers; for a notice of a pin, the message
     * it quotes; else null.
     */
    default Position target() {
        return null;
    }

    /** For a reply, the start of the message it answers, as it was then; else null. */
    default Quote quote() {
        return null;
    }

    /** For a message in a thread, the thread's first message (its root); else null. */
    default Position thread() {
        return null;
    }

    /**
     * For a message in a thread, whether it was also sent to its conversation (then pages of the conversation show it
     * too); false for any other.
     */
    default boolean alsoInRoom() {
        return false;
    }

    @JsonIgnore
    default boolean isDirect() {
        return toKey() != null;
    }

    /** Whether the person with key {@code key} (null: someone not signed in) may see this event. */
    default boolean visibleTo(String key) {
        return !isDirect() || key != null && (key.equals(authorKey()) || key.equals(toKey()));
    }

    /**
     * An event from the columns a store keeps for every kind (SQLite's row), each kind taking the ones it has.
     *
     * @throws IllegalArgumentException when the columns do not make an event of that kind
     */
    static LogEvent of(Kind kind, String conversation, String author, String authorKey, boolean verified, String text,
                       Instant at, String clientId, String to, String toKey, List<Attachment> files,
                       Mentions.Found mentions, Position target, Quote quote, Position thread,
                       boolean alsoInRoom) {
        return of(kind, conversation, author, authorKey, verified, text, at, clientId, to, toKey, files, mentions,
                target, quote, thread, alsoInRoom, false);
    }

    /** An event from a row's columns, a message {@code app} when an app wrote it. */
    static LogEvent of(Kind kind, String conversation, String author, String authorKey, boolean verified, String text,
                       Instant at, String clientId, String to, String toKey, List<Attachment> files,
                       Mentions.Found mentions, Position target, Quote quote, Position thread,
                       boolean alsoInRoom, boolean app) {
        return switch (kind) {
            case MESSAGE -> new Message(conversation, author, authorKey, verified, text, at, clientId, to, toKey, files,
                    mentions, target, quote, thread, alsoInRoom, app);
            case NOTICE -> new Notice(conversation, author, authorKey, text, at, to, toKey, target);
            case ROOM -> new RoomMade(conversation, author, authorKey, text, at);
            case ROOM_RULES -> new RoomChanged(conversation, author, authorKey, text, at);
            case ROOM_DELETED -> new RoomDeleted(conversation, author, authorKey, text, at);
            case EDIT -> new Edit(conversation, author, authorKey, text, at, to, toKey, mentions, target);
            case DELETE -> new Delete(conversation, author, authorKey, text, at, to, toKey, target);
            case REACT -> new React(conversation, author, authorKey, text, at, to, toKey, target);
            case UNREACT -> new Unreact(conversation, author, authorKey, text, at, to, toKey, target);
            case PIN -> new Pin(conversation, author, authorKey, text, at, to, toKey, target);
            case UNPIN -> new Unpin(conversation, author, authorKey, text, at, to, toKey, target);
        };
    }

    private static void requireActionable(String conversation, Instant at, String to, String toKey,
                                          Position target) {
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(target, "an action needs the message it acts on");
        if ((to == null) != (toKey == null)) {
            throw new IllegalArgumentException("a direct conversation names the other person and their key");
        }
    }

    /**
     * A message, in a room or (with {@code to} and {@code toKey}) between two people; a reply when it has a
     * {@code target} (the message it answers) and its {@code quote}; in a thread when it has a {@code thread} (the
     * thread's root, a message of the same conversation that is in no thread itself), and then also in the
     * conversation itself when {@code alsoInRoom}; by an app rather than a person when {@code app} (a bot or an
     * integration, so far only ones an import brought in).
     */
    record Message(String conversation, String author, String authorKey, boolean verified, String text, Instant at,
                   String clientId, String to, String toKey, List<Attachment> files, Mentions.Found mentions,
                   Position target, Quote quote, Position thread, boolean alsoInRoom,
                   @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean app) implements LogEvent {
        public Message {
            Objects.requireNonNull(conversation, "conversation");
            Objects.requireNonNull(at, "at");
            files = files == null ? List.of() : List.copyOf(files);
            mentions = mentions == null ? Mentions.Found.NONE : mentions;
            if ((to == null) != (toKey == null)) {
                throw new IllegalArgumentException("a direct message names its recipient and the recipient's key");
            }
            if (quote != null && target == null) {
                throw new IllegalArgumentException("a reply quotes the message it names");
            }
            if (alsoInRoom && thread == null) {
                throw new IllegalArgumentException("only a message in a thread is also sent to its room");
            }
        }

        /** A message by a person. */
        public Message(String conversation, String author, String authorKey, boolean verified, String text,
                       Instant at, String clientId, String to, String toKey, List<Attachment> files,
                       Mentions.Found mentions, Position target, Quote quote, Position thread, boolean alsoInRoom) {
            this(conversation, author, authorKey, verified, text, at, clientId, to, toKey, files, mentions, target,
                    quote, thread, alsoInRoom, false);
        }

        /** A message in no thread. */
        public Message(String conversation, String author, String authorKey, boolean verified, String text,
                       Instant at, String clientId, String to, String toKey, List<Attachment> files,
                       Mentions.Found mentions, Position target, Quote quote) {
            this(conversation, author, authorKey, verified, text, at, clientId, to, toKey, files, mentions, target,
                    quote, null, false);
        }

        /** A message in a room, answering none. */
        public static Message inRoom(String room, String author, String authorKey, boolean verified, String text,
                                     Instant at, String clientId, List<Attachment> files, Mentions.Found mentions) {
            return new Message(room, author, authorKey, verified, text, at, clientId, null, null, files,
                    mentions, null, null);
        }

        /** A message between two people (both signed in), answering none. */
        public static Message direct(String conversation, String author, String authorKey, String text, Instant at,
                                     String clientId, String to, String toKey, List<Attachment> files,
                                     Mentions.Found mentions) {
            return new Message(conversation, author, authorKey, true, text, at, clientId, to, toKey, files, mentions,
                    null, null);
        }

        /** The same message as a reply to {@code answered}, quoting it. */
        public Message answering(Position answered, Quote quoted) {
            return new Message(conversation, author, authorKey, verified, text, at, clientId, to, toKey, files,
                    mentions, answered, quoted, thread, alsoInRoom, app);
        }

        /** The same message in the thread of {@code root}, and (when {@code alsoInRoom}) in its conversation too. */
        public Message inThread(Position root, boolean alsoInRoom) {
            return new Message(conversation, author, authorKey, verified, text, at, clientId, to, toKey, files,
                    mentions, target, quote, root, alsoInRoom, app);
        }

        /** The same message saying {@code words} with {@code attached} (an edit's new text; a deletion's nothing). */
        public Message withWords(String words, List<Attachment> attached, Mentions.Found mentioned) {
            return new Message(conversation, author, authorKey, verified, words, at, clientId, to, toKey, attached,
                    mentioned, target, quote, thread, alsoInRoom, app);
        }

        /** The same message under another client id. */
        public Message withClientId(String id) {
            return new Message(conversation, author, authorKey, verified, text, at, id, to, toKey, files, mentions,
                    target, quote, thread, alsoInRoom, app);
        }

        /** The same message, by an app. */
        public Message byApp() {
            return new Message(conversation, author, authorKey, verified, text, at, clientId, to, toKey, files,
                    mentions, target, quote, thread, alsoInRoom, true);
        }

        @Override
        public boolean app() {
            return app;
        }

        @Override
        public Kind kind() {
            return Kind.MESSAGE;
        }

        @Override
        public Message at(Instant time) {
            return new Message(conversation, author, authorKey, verified, text, time, clientId, to, toKey, files,
                    mentions, target, quote, thread, alsoInRoom, app);
        }
    }

    /**
     * A line from the conversation itself: what the host did ("Ann muted Bob for 10 minutes"), or someone pinned a
     * message; its author, who did it. In a direct conversation ({@code to}, {@code toKey}: the other person), it is
     * its two people's alone.
     */
    record Notice(String conversation, String author, String authorKey, String text, Instant at, String to,
                  String toKey, Position target) implements LogEvent {
        public Notice {
            Objects.requireNonNull(conversation, "conversation");
            Objects.requireNonNull(at, "at");
            if ((to == null) != (toKey == null)) {
                throw new IllegalArgumentException("a direct conversation names the other person and their key");
            }
        }

        /** A line about no message, in a room or (with {@code to} and {@code toKey}) to two people. */
        public Notice(String conversation, String author, String authorKey, String text, Instant at, String to,
                      String toKey) {
            this(conversation, author, authorKey, text, at, to, toKey, null);
        }

        /** A line in a room. */
        public Notice(String conversation, String author, String authorKey, String text, Instant at) {
            this(conversation, author, authorKey, text, at, null, null);
        }

        /** The same line saying {@code words}. */
        public Notice saying(String words) {
            return new Notice(conversation, author, authorKey, words, at, to, toKey, target);
        }

        @Override
        public Kind kind() {
            return Kind.NOTICE;
        }

        @Override
        public Notice at(Instant time) {
            return new Notice(conversation, author, authorKey, text, time, to, toKey, target);
        }
    }

    /** A room made; its {@code conversation} is the room's id, its {@code text} the room's name. */
    record RoomMade(String conversation, String author, String authorKey, String text, Instant at)
            implements LogEvent {
        public RoomMade {
            Objects.requireNonNull(conversation, "conversation");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public Kind kind() {
            return Kind.ROOM;
        }

        @Override
        public RoomMade at(Instant time) {
            return new RoomMade(conversation, author, authorKey, text, time);
        }
    }

    /** A room the host changed (rules, archived or not); its {@code text} is the room as it is now, as JSON. */
    record RoomChanged(String conversation, String author, String authorKey, String text, Instant at)
            implements LogEvent {
        public RoomChanged {
            Objects.requireNonNull(conversation, "conversation");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public Kind kind() {
            return Kind.ROOM_RULES;
        }

        @Override
        public RoomChanged at(Instant time) {
            return new RoomChanged(conversation, author, authorKey, text, time);
        }
    }

    /**
     * The host deleted a room; its {@code text} is the room's name. Storing it forgets every earlier event of the
     * room, in the same step (a shared store: before the deletion is answered).
     */
    record RoomDeleted(String conversation, String author, String authorKey, String text, Instant at)
            implements LogEvent {
        public RoomDeleted {
            Objects.requireNonNull(conversation, "conversation");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public Kind kind() {
            return Kind.ROOM_DELETED;
        }

        @Override
        public RoomDeleted at(Instant time) {
            return new RoomDeleted(conversation, author, authorKey, text, time);
        }
    }

    /** Its author edited a message: {@code text} is the new text, {@code mentions} whom it mentions. */
    record Edit(String conversation, String author, String authorKey, String text, Instant at, String to,
                String toKey, Mentions.Found mentions, Position target) implements LogEvent {
        public Edit {
            requireActionable(conversation, at, to, toKey, target);
            mentions = mentions == null ? Mentions.Found.NONE : mentions;
        }

        @Override
        public Kind kind() {
            return Kind.EDIT;
        }

        @Override
        public Edit at(Instant time) {
            return new Edit(conversation, author, authorKey, text, time, to, toKey, mentions, target);
        }
    }

    /** A message deleted by its author ({@code text} empty) or removed by the host ({@value #REMOVED}). */
    record Delete(String conversation, String author, String authorKey, String text, Instant at, String to,
                  String toKey, Position target) implements LogEvent {
        public Delete {
            requireActionable(conversation, at, to, toKey, target);
        }

        @Override
        public Kind kind() {
            return Kind.DELETE;
        }

        @Override
        public Delete at(Instant time) {
            return new Delete(conversation, author, authorKey, text, time, to, toKey, target);
        }
    }

    /** Someone reacted to a message with the emoji {@code text}. */
    record React(String conversation, String author, String authorKey, String text, Instant at, String to,
                 String toKey, Position target) implements LogEvent {
        public React {
            requireActionable(conversation, at, to, toKey, target);
        }

        @Override
        public Kind kind() {
            return Kind.REACT;
        }

        @Override
        public React at(Instant time) {
            return new React(conversation, author, authorKey, text, time, to, toKey, target);
        }
    }

    /** Someone took back their reaction {@code text} to a message. */
    record Unreact(String conversation, String author, String authorKey, String text, Instant at, String to,
                   String toKey, Position target) implements LogEvent {
        public Unreact {
            requireActionable(conversation, at, to, toKey, target);
        }

        @Override
        public Kind kind() {
            return Kind.UNREACT;
        }

        @Override
        public Unreact at(Instant time) {
            return new Unreact(conversation, author, authorKey, text, time, to, toKey, target);
        }
    }

    /** Someone pinned a message to its conversation. */
    record Pin(String conversation, String author, String authorKey, String text, Instant at, String to,
               String toKey, Position target) implements LogEvent {
        public Pin {
            requireActionable(conversation, at, to, toKey, target);
        }

        @Override
        public Kind kind() {
            return Kind.PIN;
        }

        @Override
        public Pin at(Instant time) {
            return new Pin(conversation, author, authorKey, text, time, to, toKey, target);
        }
    }

    /** Someone took a message's pin away. */
    record Unpin(String conversation, String author, String authorKey, String text, Instant at, String to,
                 String toKey, Position target) implements LogEvent {
        public Unpin {
            requireActionable(conversation, at, to, toKey, target);
        }

        @Override
        public Kind kind() {
            return Kind.UNPIN;
        }

        @Override
        public Unpin at(Instant time) {
            return new Unpin(conversation, author, authorKey, text, time, to, toKey, target);
        }
    }
}
