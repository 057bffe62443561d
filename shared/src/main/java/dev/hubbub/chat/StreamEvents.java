package dev.hubbub.chat;

import java.util.List;

/**
 * The vocabulary of Hubbub's structured stream ({@code GET /chat?view=json}): the event types and the JSON records
 * their data carries. The tutorial stream uses only {@link #CHAT}, with the line {@code author: text} as data.
 */
public final class StreamEvents {
    /** A message; data is a {@link ChatMessage}, and the event id is its id. */
    public static final String CHAT = "chat";
    /** First on every structured stream; data is a {@link Hello}. */
    public static final String HELLO = "hello";
    /** Who is online when the stream opens; data is an {@link Online}. */
    public static final String PRESENCE = "presence";
    /** Someone came online; data is a {@link Person}. */
    public static final String JOIN = "join";
    /** Someone went offline; data is a {@link Person}. */
    public static final String LEAVE = "leave";
    /** Replayed history has a hole (too much missed, or no longer kept); data is a {@link Gap}. */
    public static final String GAP = "gap";
    /**
     * A room was created, or the host changed it (its rules, archived or not) or deleted it; data is a
     * {@link RoomInfo}, the room as it is now, and the event id is its place in the history.
     */
    public static final String ROOM = "room";
    /**
     * Someone is typing in a room or to this stream's person; data is a {@link Typing}. Never stored, never replayed,
     * without an id; clients show it for a few seconds, or until that person's message arrives.
     */
    public static final String TYPING = "typing";
    /** Its author edited a message; data is an {@link Edit}, and the event id is the edit's own place in history. */
    public static final String EDIT = "edit";
    /** Its author deleted a message; data is a {@link Deletion}, with an id of its own. */
    public static final String DELETE = "delete";
    /** Someone added or took back a reaction; data is a {@link ReactionChange}, with an id of its own. */
    public static final String REACTION = "reaction";
    /**
     * Where people read a conversation this stream's person is reading, as they move on; data is a {@link Reads}. To
     * those reading it who share where they read; coalesced (a few a second at most), no id, never replayed.
     */
    public static final String READ = "read";
    /** Someone pinned a message or took its pin away; data is a {@link PinChange}, with an id of its own. */
    public static final String PIN = "pin";
    /**
     * To this stream's person alone: they now follow a thread, or no longer do (on another device too); data is a
     * {@link Following}. Never stored, without an id: a client that was away asks {@code GET /threads}.
     */
    public static final String THREAD = "thread";
    /**
     * Someone set their status (or their do-not-disturb ended early, or their client marked them away when idle);
     * data is a {@link StatusChange}. To every structured stream, never stored, without an id: a client that connects
     * asks {@code GET /statuses} for those online.
     */
    public static final String STATUS = "status";
    /**
     * To this stream's person alone: they joined a room, left it, or changed its marks (on another device too); data
     * is an {@link Api.Membership}. Never stored, without an id: a client that was away asks
     * {@code GET /profile/rooms}.
     */
    public static final String MEMBERSHIP = "membership";
    /**
     * A room's topic changed; data is an {@link Api.Topic}. To every structured stream, never stored, without an id
     * (the room's history has a line saying so): a client that was away reads topics with {@code GET /rooms}.
     */
    public static final String TOPIC = "topic";

    private StreamEvents() {
    }

    /**
     * @param room the server's name, as people call the place ("Hubbub on studio")
     * @param epoch changes when the server's history starts over; ids from another epoch mean nothing here
     * @param server the server's name and version
     * @param you the name this stream is signed in as; null when it is not
     * @param rooms the rooms there are, {@code general} first
     * @param host whether {@code you} is the room's host (who may keep order: remove messages, mute, …)
     */
    public record Hello(String room, String epoch, String server, String you, List<RoomInfo> rooms, boolean host) {
        public Hello {
            if (room == null || room.isBlank()) {
                throw new InvalidMessageException(Sentence.of("server.helloNeedsTheRoomS"));
            }
            if (epoch == null || epoch.isEmpty()) {
                throw new InvalidMessageException(Sentence.of("server.helloNeedsAnEpoch"));
            }
            rooms = rooms == null ? List.of() : List.copyOf(rooms);
        }

        public Hello(String room, String epoch, String server, String you, List<RoomInfo> rooms) {
            this(room, epoch, server, you, rooms, false);
        }
    }

    /**
     * A room.
     *
     * @param id what the protocol names it by ({@code general}, {@code design}): lower case, digits and '-'
     * @param name what people call it
     * @param readOnly whether only the host may post in it (left out when not)
     * @param slowModeSeconds at most one message per person this often (0, left out: no limit)
     * @param archived whether the host archived it: its history stays readable, and nobody posts, edits, reacts or
     *     types there until the host brings it back (left out when not)
     * @param deleted only in a {@link #ROOM} event: the host deleted the room and its messages; clients forget it
     *     (left out when not)
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_DEFAULT)
    public record RoomInfo(String id, String name, boolean readOnly, int slowModeSeconds, boolean archived,
                           boolean deleted) {
        public RoomInfo {
            if (id == null || id.isEmpty() || name == null || name.isBlank()) {
                throw new InvalidMessageException(Sentence.of("server.aRoomNeedsAnId"));
            }
            if (slowModeSeconds < 0) {
                throw new InvalidMessageException(Sentence.of("server.slowModeIsANumber"));
            }
        }

        public RoomInfo(String id, String name) {
            this(id, name, false, 0, false, false);
        }

        /** The same room under other rules. */
        public RoomInfo withRules(boolean isReadOnly, int slowSeconds) {
            return new RoomInfo(id, name, isReadOnly, slowSeconds, archived, deleted);
        }

        /** The same room, archived or brought back. */
        public RoomInfo withName(String newName) {
            return new RoomInfo(id, newName, readOnly, slowModeSeconds, archived, deleted);
        }

        public RoomInfo withArchived(boolean isArchived) {
            return new RoomInfo(id, name, readOnly, slowModeSeconds, isArchived, deleted);
        }

        /** What a {@link #ROOM} event says of a room the host deleted. */
        public RoomInfo asDeleted() {
            return new RoomInfo(id, name, readOnly, slowModeSeconds, archived, true);
        }
    }

    public record Online(List<String> names) {
        public Online {
            if (names == null) {
                throw new InvalidMessageException(Sentence.of("server.presenceNeedsItsNames"));
            }
            names.forEach(Rules::checkAuthor);
            names = List.copyOf(names);
        }
    }

    public record Person(String name) {
        public Person {
            Rules.checkAuthor(name);
        }
    }

    /**
     * @param room the conversation: a room's id, or a direct conversation's ({@code dm:ann:bob})
     * @param name who is typing
     * @param to in a direct conversation, to whom; else null
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Typing(String room, String name, String to) {
        public Typing {
            if (room == null || room.isEmpty()) {
                throw new InvalidMessageException(Sentence.of("server.typingNeedsItsRoom"));
            }
            Rules.checkAuthor(name);
        }
    }

    /**
     * What was done to a message: its own id, the id of the message it targets, and that message as it stands right
     * after it ({@code message}), so a client replaces what it holds of the message instead of working the change
     * out itself. The server decides what an edit, a deletion or a reaction does; {@code message} is null only for a
     * message the server no longer keeps (then a client holding it may drop it or keep it as it is).
     */
    public interface Change {
        String id();

        String target();

        ChatMessage message();
    }

    /**
     * A message's new text, as its author edited it.
     *
     * @param id this edit's own id (what {@code Last-Event-ID} names)
     * @param target the id of the message edited
     * @param room its conversation
     * @param message the message as it stands after the edit
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_DEFAULT)
    public record Edit(String id, String target, String room, String text, java.time.Instant editedAt,
                       List<String> mentions, boolean mentionsRoom, ChatMessage message) implements Change {
        public Edit {
            mentions = mentions == null ? List.of() : List.copyOf(mentions);
        }
    }

    /**
     * A message deleted by its author, or removed by the host ({@code by}, when it was not its author): a client
     * shows "message deleted" (or "removed by the host") in its place.
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Deletion(String id, String target, String room, java.time.Instant deletedAt, String by,
                           ChatMessage message) implements Change {
    }

    /** A reaction added ({@code added}) or taken back under a message. */
    public record ReactionChange(String id, String target, String room, String name, String emoji, boolean added,
                                 ChatMessage message) implements Change {
    }

    /**
     * Whether this stream's person follows a thread now.
     *
     * @param root the id of the thread's root
     * @param room its conversation
     * @param following whether they follow it now
     * @param because the reply that made them follow it (they wrote it, or it mentioned them, or answered their
     *     message); null when they chose
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Following(String root, String room, boolean following, String because) {
    }

    /** A message pinned ({@code pinned}) or unpinned by {@code name}; {@code message} as it stands right after. */
    public record PinChange(String id, String target, String room, String name, boolean pinned,
                            ChatMessage message) implements Change {
    }

    /**
     * Read positions that moved in a conversation.
     *
     * @param room the conversation (a room's id, or a direct conversation's)
     * @param readers each reader's name and the id of the newest message they have read there
     */
    public record Reads(String room, java.util.Map<String, String> readers) {
        public Reads {
            readers = java.util.Map.copyOf(readers);
        }
    }

    /** {@code name} set their status; {@code status} is what it is now ({@link PersonStatus#PLAIN} when cleared). */
    public record StatusChange(String name, PersonStatus status) {
        public StatusChange {
            Rules.checkAuthor(name);
            if (status == null) {
                throw new InvalidMessageException(Sentence.of("server.aStatusChangeNeedsIts"));
            }
        }
    }

    /** What a client posts to {@code /typing}: a room's id, or a person's name. */
    public record TypingIn(String room, String to) {
    }

    /**
     * @param after the last id the client had
     * @param resumesAt the first id replayed after the hole
     */
    public record Gap(String after, String resumesAt) {
    }
}
