package dev.hubbub.desktop.ui;

import dev.hubbub.chat.Attachment;
import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.Content;
import java.util.List;
import java.time.Instant;

/**
 * One row of the message list: a message (from the room, or one of ours on its way) or a notice. Immutable: a
 * change of state replaces the row, which makes the list redraw it.
 *
 * @param id the server's id for it (opaque); null while unknown (pending, or a tutorial server's line)
 * @param clientId our key for a message we sent; null otherwise
 * @param author who wrote it; null for a tutorial server's line or a notice
 * @param time when the room accepted it; null while pending
 * @param files the files it carries; empty when none
 * @param content what the server read in its text (formatting, links, mentions): drawn instead of the text; empty
 *     when the text means only itself, or the server has not said yet (one of ours on its way)
 * @param forMe whether it mentions the reader, or everyone (and is not the reader's own)
 * @param replyTo the start of the message it answers; null when none
 * @param edited whether its author edited it
 * @param deleted whether its author deleted it (its text is then empty)
 * @param reactions its reactions, each emoji with who
 * @param removedBy when the host (not its author) deleted it, the host's name; else null
 * @param thread the thread it is the root of, or a reply in ({@link ChatMessage#thread}); null when none
 * @param alsoInRoom a reply in a thread that was sent to its conversation too
 * @param pinned who pinned it to its conversation, and when; null when it is not pinned
 * @param app whether an app wrote it (a bot, an integration) rather than a person
 */
public record MessageItem(Kind kind, String id, String clientId, String author, String text, Instant time,
                          boolean mine, Delivery delivery, String problem, boolean verified, List<Attachment> files,
                          List<Content.Block> content, boolean forMe, ChatMessage.Quote replyTo, boolean edited,
                          boolean deleted, List<ChatMessage.Reactions> reactions, String removedBy,
                          ChatMessage.Thread thread, boolean alsoInRoom, ChatMessage.Pinned pinned, boolean app) {

    public MessageItem {
        files = files == null ? List.of() : List.copyOf(files);
        content = content == null ? List.of() : List.copyOf(content);
        reactions = reactions == null ? List.of() : List.copyOf(reactions);
    }

    /** A row by a person. */
    public MessageItem(Kind kind, String id, String clientId, String author, String text, Instant time, boolean mine,
                       Delivery delivery, String problem, boolean verified, List<Attachment> files,
                       List<Content.Block> content, boolean forMe, ChatMessage.Quote replyTo, boolean edited,
                       boolean deleted, List<ChatMessage.Reactions> reactions, String removedBy,
                       ChatMessage.Thread thread, boolean alsoInRoom, ChatMessage.Pinned pinned) {
        this(kind, id, clientId, author, text, time, mine, delivery, problem, verified, files, content, forMe, replyTo,
                edited, deleted, reactions, removedBy, thread, alsoInRoom, pinned, false);
    }

    /** A row in no thread. */
    public MessageItem(Kind kind, String id, String clientId, String author, String text, Instant time, boolean mine,
                       Delivery delivery, String problem, boolean verified, List<Attachment> files,
                       List<Content.Block> content, boolean forMe, ChatMessage.Quote replyTo, boolean edited,
                       boolean deleted, List<ChatMessage.Reactions> reactions, String removedBy) {
        this(kind, id, clientId, author, text, time, mine, delivery, problem, verified, files, content, forMe, replyTo,
                edited, deleted, reactions, removedBy, null, false, null);
    }

    /** Whether it is a thread's root with replies. */
    boolean isThreadRoot() {
        return thread != null && thread.root().equals(id) && thread.replies() > 0;
    }

    /** Whether it is a reply in a thread. */
    boolean isInThread() {
        return thread != null && !thread.root().equals(id);
    }

    public MessageItem(Kind kind, String id, String clientId, String author, String text, Instant time, boolean mine,
                       Delivery delivery, String problem, boolean verified, List<Attachment> files,
                       List<Content.Block> content, boolean forMe) {
        this(kind, id, clientId, author, text, time, mine, delivery, problem, verified, files, content, forMe, null,
                false, false, List.of(), null);
    }

    /** Whether the reader may edit and delete it: their own, signed in, sent, and not deleted. */
    boolean changeable() {
        return kind == Kind.MESSAGE && mine && verified && id != null && !deleted
                && delivery == Delivery.SENT;
    }

    public enum Kind { MESSAGE, NOTICE }

    public enum Delivery { SENT, PENDING, FAILED }

    static MessageItem received(String id, String clientId, String author, String text, Instant time, boolean mine,
                                boolean verified, List<Attachment> files) {
        return received(id, clientId, author, text, time, mine, verified, files, List.of(), false);
    }

    static MessageItem received(String id, String clientId, String author, String text, Instant time, boolean mine,
                                boolean verified, List<Attachment> files, List<Content.Block> content, boolean forMe) {
        return new MessageItem(Kind.MESSAGE, id, clientId, author, text, time, mine, Delivery.SENT, null, verified,
                files, content, forMe);
    }

    static MessageItem pending(String clientId, String author, String text, List<Attachment> files) {
        return new MessageItem(Kind.MESSAGE, null, clientId, author, text, null, true, Delivery.PENDING, null, true,
                files, List.of(), false);
    }

    static MessageItem notice(String text) {
        return new MessageItem(Kind.NOTICE, null, null, null, text, null, false, Delivery.SENT, null, true, List.of(),
                List.of(), false);
    }

    MessageItem sent(String newId, Instant at) {
        return new MessageItem(kind, newId, clientId, author, text, at, mine, Delivery.SENT, null, verified, files,
                content, forMe);
    }

    MessageItem failed(String why) {
        return new MessageItem(kind, id, clientId, author, text, time, mine, Delivery.FAILED, why, verified, files,
                content, forMe);
    }

    MessageItem retrying() {
        return new MessageItem(kind, id, clientId, author, text, time, mine, Delivery.PENDING, null, verified,
                files, content, forMe);
    }

    /** Whether one of the names {@code isMe} accepts reacted to this message with {@code emoji}. */
    boolean reactedWith(String emoji, java.util.function.Predicate<String> isMe) {
        return reactions.stream().anyMatch(r -> r.emoji().equals(emoji) && r.names().stream().anyMatch(isMe));
    }
}
