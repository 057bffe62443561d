package dev.hubbub.chat;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
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
 * @param files the files it carries, in the order sent; empty when none (then left out of the JSON); with files the
 *     text may be empty
 * @param mentions the people its text mentions ({@code @Ann}), as they spell their names; left out when none
 * @param mentionsRoom whether it mentions everyone in its conversation ({@code @room}); left out when not
 * @param replyTo when it answers another message: that message's id, author and the start of its text, as they
 *     were when the reply was sent; null otherwise
 * @param editedAt when its author last edited it (then {@code text} is the edited text); null when never. The
 *     stream sends a message as it was sent, then an {@code edit} event; history pages send it as it is now
 * @param deleted whether its author deleted it (then its text is empty and it carries no files or reactions)
 * @param reactions the emoji people reacted with, in the order first used, each with who; left out when none
 * @param removedBy when the host (not its author) removed it, the host's name; else null
 * @param notice whether this is a line from the room itself rather than a person's message: what the host did
 *     ("Ann muted Bob for 10 minutes"), with the host as its author; left out when not
 * @param content what the text means, as the server read it (formatting, links, mentions, room links): clients draw
 *     this instead of the text; left out when the text means nothing but itself, which is then drawn as it is
 * @param thread the thread it belongs to: on a reply in a thread, the root's id ({@link Thread#root}) and, on the
 *     stream, the thread as it stands right after this reply; on a message people replied to in a thread, its own
 *     id and the thread as it is now; null on any other message
 * @param alsoInRoom on a reply in a thread, whether it was sent to its conversation too (then the conversation shows
 *     it as well); left out when not
 * @param pinned who pinned it to its conversation, and when; null when it is not pinned (the stream sends a message
 *     as it was sent, then a {@code pin} event; history pages send it as it is now)
 * @param said on a notice, what it says as a sentence of Hubbub's catalogs, which clients say in their reader's
 *     language ({@code text} is the same in English); null on a message, and on notices kept before notices were
 *     sentences
 * @param app whether an app wrote it (a bot, an integration) rather than a person; clients mark it as an app's. Left
 *     out when not
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatMessage(String id, String room, String author, boolean verified, String text,
                          java.time.Instant sentAt, String clientId, String to,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Attachment> files,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> mentions,
                          @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean mentionsRoom, Quote replyTo,
                          java.time.Instant editedAt, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean deleted,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Reactions> reactions, String removedBy,
                          @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean notice,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Content.Block> content,
                          Thread thread, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean alsoInRoom,
                          Pinned pinned, Sentence said,
                          @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean app) {
    public ChatMessage {
        if (id == null || id.isEmpty()) {
            throw new InvalidMessageException(Sentence.of("server.aMessageNeedsItsId"));
        }
        if (room == null || room.isEmpty()) {
            throw new InvalidMessageException(Sentence.of("server.aMessageNeedsItsRoom"));
        }
        Rules.checkAuthor(author);
        files = files == null ? List.of() : List.copyOf(files);
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
        reactions = reactions == null ? List.of() : List.copyOf(reactions);
        content = content == null ? List.of() : List.copyOf(content);
        if (text == null && (!files.isEmpty() || deleted)) {
            text = "";
        }
        if (!deleted) {
            Rules.checkText(text, !files.isEmpty());
        }
        Objects.requireNonNull(sentAt, "sentAt");
    }

    /** A message by a person, or a notice. */
    public ChatMessage(String id, String room, String author, boolean verified, String text, java.time.Instant sentAt,
                       String clientId, String to, List<Attachment> files, List<String> mentions,
                       boolean mentionsRoom, Quote replyTo, java.time.Instant editedAt, boolean deleted,
                       List<Reactions> reactions, String removedBy, boolean notice, List<Content.Block> content,
                       Thread thread, boolean alsoInRoom, Pinned pinned, Sentence said) {
        this(id, room, author, verified, text, sentAt, clientId, to, files, mentions, mentionsRoom, replyTo, editedAt,
                deleted, reactions, removedBy, notice, content, thread, alsoInRoom, pinned, said, false);
    }

    /** A message or notice that is not a sentence. */
    public ChatMessage(String id, String room, String author, boolean verified, String text, java.time.Instant sentAt,
                       String clientId, String to, List<Attachment> files, List<String> mentions,
                       boolean mentionsRoom, Quote replyTo, java.time.Instant editedAt, boolean deleted,
                       List<Reactions> reactions, String removedBy, boolean notice, List<Content.Block> content,
                       Thread thread, boolean alsoInRoom, Pinned pinned) {
        this(id, room, author, verified, text, sentAt, clientId, to, files, mentions, mentionsRoom, replyTo, editedAt,
                deleted, reactions, removedBy, notice, content, thread, alsoInRoom, pinned, null);
    }

    /** A message not pinned. */
    public ChatMessage(String id, String room, String author, boolean verified, String text, java.time.Instant sentAt,
                       String clientId, String to, List<Attachment> files, List<String> mentions,
                       boolean mentionsRoom, Quote replyTo, java.time.Instant editedAt, boolean deleted,
                       List<Reactions> reactions, String removedBy, boolean notice, List<Content.Block> content,
                       Thread thread, boolean alsoInRoom) {
        this(id, room, author, verified, text, sentAt, clientId, to, files, mentions, mentionsRoom, replyTo, editedAt,
                deleted, reactions, removedBy, notice, content, thread, alsoInRoom, null);
    }

    /** A message in no thread. */
    public ChatMessage(String id, String room, String author, boolean verified, String text, java.time.Instant sentAt,
                       String clientId, String to, List<Attachment> files, List<String> mentions,
                       boolean mentionsRoom, Quote replyTo, java.time.Instant editedAt, boolean deleted,
                       List<Reactions> reactions, String removedBy, boolean notice, List<Content.Block> content) {
        this(id, room, author, verified, text, sentAt, clientId, to, files, mentions, mentionsRoom, replyTo, editedAt,
                deleted, reactions, removedBy, notice, content, null, false);
    }

    /** A message whose text is drawn as it is (no content read from it). */
    public ChatMessage(String id, String room, String author, boolean verified, String text, java.time.Instant sentAt,
                       String clientId, String to, List<Attachment> files, List<String> mentions,
                       boolean mentionsRoom, Quote replyTo, java.time.Instant editedAt, boolean deleted,
                       List<Reactions> reactions, String removedBy, boolean notice) {
        this(id, room, author, verified, text, sentAt, clientId, to, files, mentions, mentionsRoom, replyTo, editedAt,
                deleted, reactions, removedBy, notice, List.of());
    }

    /** A message without files or mentions. */
    public ChatMessage(String id, String room, String author, boolean verified, String text, java.time.Instant sentAt,
                       String clientId, String to, List<Attachment> files) {
        this(id, room, author, verified, text, sentAt, clientId, to, files, List.of(), false);
    }

    /** A message as it was sent: not a reply, never edited, deleted or reacted to. */
    public ChatMessage(String id, String room, String author, boolean verified, String text, java.time.Instant sentAt,
                       String clientId, String to, List<Attachment> files, List<String> mentions,
                       boolean mentionsRoom) {
        this(id, room, author, verified, text, sentAt, clientId, to, files, mentions, mentionsRoom, null, null, false,
                List.of(), null, false);
    }

    /** A message with what was done to it, not removed by the host, not a notice. */
    public ChatMessage(String id, String room, String author, boolean verified, String text, java.time.Instant sentAt,
                       String clientId, String to, List<Attachment> files, List<String> mentions,
                       boolean mentionsRoom, Quote replyTo, java.time.Instant editedAt, boolean deleted,
                       List<Reactions> reactions) {
        this(id, room, author, verified, text, sentAt, clientId, to, files, mentions, mentionsRoom, replyTo, editedAt,
                deleted, reactions, null, false);
    }

    /**
     * The message a reply answers, as a quote: its id (to find it), its author and the start of its text (at most
     * {@value #QUOTE_LENGTH} characters), as they were when the reply was sent.
     */
    public record Quote(String id, String author, String text) {
        public Quote {
            if (id == null || id.isEmpty()) {
                throw new InvalidMessageException(Sentence.of("server.aQuoteNeedsTheId"));
            }
            Rules.checkAuthor(author);
            text = text == null ? "" : text;
        }

        /** The start of {@code text} a quote keeps: its first {@value #QUOTE_LENGTH} characters, whole ones. */
        public static String excerpt(String text) {
            if (text.codePointCount(0, text.length()) <= QUOTE_LENGTH) {
                return text;
            }
            return text.substring(0, text.offsetByCodePoints(0, QUOTE_LENGTH)) + "\u2026";
        }
    }

    /**
     * A thread: its root's id, and what it holds (as of when the message carrying it was read or sent).
     *
     * @param root the id of the message the thread answers
     * @param replies how many replies it has had (a deleted one stays, as a placeholder, and counts)
     * @param lastReplyAt when the newest reply was sent; null when not known (a reply read from a history page)
     * @param people the first few people who replied, in the order they first did; left out when not known
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Thread(String root, int replies, java.time.Instant lastReplyAt,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> people) {
        public Thread {
            if (root == null || root.isEmpty()) {
                throw new InvalidMessageException(Sentence.of("server.aThreadNeedsTheId"));
            }
            people = people == null ? List.of() : List.copyOf(people);
        }
    }

    /** The same message with its thread as {@code now} says (a newer reply's news of it). */
    public ChatMessage withThread(Thread now) {
        return new ChatMessage(id, room, author, verified, text, sentAt, clientId, to, files, mentions, mentionsRoom,
                replyTo, editedAt, deleted, reactions, removedBy, notice, content, now, alsoInRoom, pinned, said, app);
    }

    /** Whether it is a reply in a thread (rather than a message in its conversation, or a thread's root). */
    @JsonIgnore
    public boolean isInThread() {
        return thread != null && !thread.root().equals(id);
    }

    /** Who pinned a message to its conversation (the name they had then), and when. */
    public record Pinned(String by, java.time.Instant at) {
    }

    /** How much of the quoted message's text a reply carries. */
    public static final int QUOTE_LENGTH = 160;

    /** One emoji under a message and who reacted with it, in the order they did. */
    public record Reactions(String emoji, List<String> names) {
        public Reactions {
            Rules.checkEmoji(emoji);
            names = names == null ? List.of() : List.copyOf(names);
        }
    }

    /** Whether it is a direct message between two people, rather than a message in a room. */
    @JsonIgnore
    public boolean isDirect() {
        return to != null;
    }

    /**
     * The line a tutorial client shows: {@code author: text}, and under it a line {@code 📎 name (size)} for each file
     * (those clients cannot show files; this tells their readers one was sent).
     */
    public String displayLine() {
        StringBuilder line = new StringBuilder(author).append(": ").append(text);
        for (Attachment file : files) {
            if (line.charAt(line.length() - 1) != ' ') {
                line.append('\n');
            }
            line.append("\uD83D\uDCCE ").append(file.describe());
        }
        return line.toString();
    }
}
