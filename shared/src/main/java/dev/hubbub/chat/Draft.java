package dev.hubbub.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A message someone wants to send, checked and normalized, before the server gives it an id and a time: the JSON a
 * client posts to {@code /chat}.
 *
 * <p>Build one with {@link #of}; the canonical constructor checks the same rules, so a draft read from JSON is
 * validated too.
 *
 * @param author who sends it: 1 to {@value #MAX_AUTHOR} characters, no control characters; may be left out when
 *     the post is signed in (the name then comes from the token)
 * @param text what they say: 1 to {@value #MAX_TEXT} characters; line breaks are LF; tab is the one other control
 *     character allowed
 * @param clientId an optional key the sender chose to make a retried send idempotent (at most
 *     {@value #MAX_CLIENT_ID} characters of {@code [A-Za-z0-9._:-]}); {@code null} when none
 * @param room the room to post in, by id; null for {@code general}
 * @param to the name to send a direct message to; null for a message in a room
 * @param files ids of files the sender uploaded ({@code POST /files}) that go with the text, at most
 *     {@value #MAX_FILES}; with files the text may be empty; never null (none: empty)
 * @param replyTo the id of the message this answers, in the same conversation; null when it answers none
 * @param thread the id of the message whose thread this is a reply in (the thread's root, in the same conversation);
 *     null for a message in the conversation itself
 * @param alsoInRoom with {@code thread}: whether the reply is sent to the conversation too ("also send to #room")
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Draft(String author, String text, String clientId, String room, String to,
                    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> files, String replyTo, String thread,
                    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean alsoInRoom) {
    public static final int MAX_AUTHOR = 40;
    public static final int MAX_TEXT = 4000;
    public static final int MAX_CLIENT_ID = 64;
    public static final int MAX_FILES = 10;
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_CLIENT_ID + "}");
    private static final Pattern FILE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern LINE_BREAK = Pattern.compile("\r\n?");

    public Draft {
        if (author != null) {
            Rules.checkAuthor(author);
        }
        files = files == null ? List.of() : List.copyOf(files);
        if (files.size() > MAX_FILES) {
            throw new InvalidMessageException(Sentence.of("server.aMessageCarriesAtMost", "files", MAX_FILES, "size", files.size()));
        }
        for (String file : files) {
            if (file == null || !FILE_ID.matcher(file).matches()) {
                throw new InvalidMessageException(Sentence.of("server.filesMustBeIdsThat"));
            }
        }
        if (text == null && !files.isEmpty()) {
            text = "";
        }
        Rules.checkText(text, !files.isEmpty());
        if (clientId != null && !CLIENT_ID.matcher(clientId).matches()) {
            throw new InvalidMessageException(Sentence.of("server.clientidMustBeToCharacters", "id", MAX_CLIENT_ID));
        }
        if (room != null && to != null) {
            throw new InvalidMessageException(Sentence.of("server.aMessageGoesToA"));
        }
        if (room != null && (room.isEmpty() || room.length() > 100)) {
            throw new InvalidMessageException(Sentence.of("server.roomMustBeARoom"));
        }
        if (to != null) {
            Rules.checkName("to", to);
        }
        if (replyTo != null && (replyTo.isEmpty() || replyTo.length() > 100)) {
            throw new InvalidMessageException(Sentence.of("server.replytoMustBeAMessage"));
        }
        if (thread != null && (thread.isEmpty() || thread.length() > 100)) {
            throw new InvalidMessageException(Sentence.of("server.threadMustBeAMessage"));
        }
        if (alsoInRoom && thread == null) {
            throw new InvalidMessageException(Sentence.of("server.alsoinroomGoesWithThreadOnly"));
        }
    }

    /** A draft in no thread. */
    public Draft(String author, String text, String clientId, String room, String to, List<String> files,
                 String replyTo) {
        this(author, text, clientId, room, to, files, replyTo, null, false);
    }

    /** A draft that answers no message. */
    public Draft(String author, String text, String clientId, String room, String to, List<String> files) {
        this(author, text, clientId, room, to, files, null);
    }

    /**
     * Normalizes what a person typed and checks it: the author is trimmed; in the text, CRLF and CR become LF, and
     * leading line breaks and trailing white space are removed.
     *
     * @throws InvalidMessageException with a readable reason when the result breaks a rule
     */
    public static Draft of(String author, String text, String clientId) {
        return of(author, text, clientId, List.of());
    }

    /** The same, with files (ids from {@code POST /files}); with files the text may be empty. */
    public static Draft of(String author, String text, String clientId, List<String> files) {
        return new Draft(author == null ? null : author.strip(), normalizeText(text), clientId, null, null, files);
    }

    public static Draft of(String author, String text) {
        return of(author, text, null);
    }

    /** A copy for a room. */
    public Draft inRoom(String roomId) {
        return new Draft(author, text, clientId, roomId, null, files, replyTo, thread, alsoInRoom);
    }

    /** A copy as a direct message to {@code name}. */
    public Draft toPerson(String name) {
        return new Draft(author, text, clientId, null, name, files, replyTo, thread, alsoInRoom);
    }

    /** A copy carrying the files with these ids. */
    public Draft withFiles(List<String> ids) {
        return new Draft(author, text == null ? "" : text, clientId, room, to, ids, replyTo, thread, alsoInRoom);
    }

    /** A copy that answers the message with id {@code id}. */
    public Draft replyingTo(String id) {
        return new Draft(author, text, clientId, room, to, files, id, thread, alsoInRoom);
    }

    /** A copy as a reply in the thread of the message {@code root}; also sent to the conversation when asked. */
    public Draft inThread(String root, boolean alsoToRoom) {
        return new Draft(author, text, clientId, room, to, files, replyTo, root, alsoToRoom);
    }

    /**
     * A person's name as the author rules accept it, trimmed.
     *
     * @param field what the reason calls the value, such as {@code "name"}
     * @throws InvalidMessageException with a readable reason
     */
    public static String checkedName(String field, String name) {
        String trimmed = name == null ? null : name.strip();
        Rules.checkName(field, trimmed);
        return trimmed;
    }

    /**
     * A message's new text, normalized as {@link #of} does and checked by the same rules.
     *
     * @param withFiles whether the message carries files (then the text may be empty)
     * @throws InvalidMessageException with a readable reason
     */
    public static String checkedText(String text, boolean withFiles) {
        String normalized = normalizeText(text);
        Rules.checkText(normalized, withFiles);
        return normalized;
    }

    /** Text as {@link #of} normalizes it (line breaks, leading and trailing white space), for edits. */
    public static String normalizeText(String text) {
        if (text == null) {
            return null;
        }
        String unified = LINE_BREAK.matcher(text).replaceAll("\n").stripTrailing();
        int start = 0;
        while (start < unified.length() && unified.charAt(start) == '\n') {
            start++;
        }
        return unified.substring(start);
    }

    /** The line a tutorial client shows: {@code author: text}. */
    public String displayLine() {
        return author + ": " + text;
    }
}
