package dev.hubbub.server.hub;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.Content;
import dev.hubbub.chat.Mentions;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.store.LogEvent;
import dev.hubbub.server.store.Logged;
import dev.hubbub.server.store.Overwrite;
import dev.hubbub.server.store.Position;
import dev.hubbub.sse.Frame;
import dev.hubbub.sse.FrameWriter;
import java.util.List;
import java.util.function.Function;

/**
 * An event encoded once for each view that shows it: as a {@code chat} or {@code room} event for the structured
 * stream, and (a message) as the tutorial line {@code author: text}. A direct message's bytes are the same for its
 * two people, so they are shared too.
 *
 * @param plain the tutorial frame; null for what tutorial streams do not show (a new room; an edit, deletion or
 *     reaction, which the line {@code author: text} cannot express: those streams show a message as it was sent, or
 *     as its last edit left it when replayed later; a deleted message)
 * @param json the structured frame; null only for a message encoded for a tutorial replay alone ({@link #plainOf})
 */
record EncodedEvent(Logged logged, String id, byte[] plain, byte[] json) {

    /** What a message's text means, as the hub decides it once for every reader ({@link FormattingCache}). */
    interface Formatter {
        List<Content.Block> contentOf(Logged message, String text, Mentions.Found mentions);
    }

    /**
     * @param format how the log formats a position as an id
     * @param formatter what a message's text means
     */
    static EncodedEvent of(Logged logged, String id, Function<Position, String> format, Formatter formatter) {
        LogEvent event = logged.event();
        if (event.kind().isAction()) {
            String target = format.apply(event.target());
            // What the store says the message is right after this change: clients show it in place of theirs.
            ChatMessage message = logged.changed() == null ? null
                    : messageOf(logged.changed(), target, format, formatter);
            Object data;
            String type;
            switch (event.kind()) {
                case EDIT -> {
                    type = StreamEvents.EDIT;
                    data = new StreamEvents.Edit(id, target, event.conversation(), event.text(), event.at(),
                            event.mentions().names(), event.mentions().room(), message);
                }
                case PIN, UNPIN -> {
                    type = StreamEvents.PIN;
                    data = new StreamEvents.PinChange(id, target, event.conversation(), event.author(),
                            event.kind() == LogEvent.Kind.PIN, message);
                }
                case DELETE -> {
                    type = StreamEvents.DELETE;
                    data = new StreamEvents.Deletion(id, target, event.conversation(), event.at(),
                            LogEvent.REMOVED.equals(event.text()) ? event.author() : null, message);
                }
                default -> {
                    type = StreamEvents.REACTION;
                    data = new StreamEvents.ReactionChange(id, target, event.conversation(), event.author(),
                            event.text(), event.kind() == LogEvent.Kind.REACT, message);
                }
            }
            return new EncodedEvent(logged, id, null, FrameWriter.encode(Frame.event(type, ChatJson.write(data))
                    .withId(id)));
        }
        if (event.kind().isAboutARoom()) {
            byte[] json = FrameWriter.encode(Frame.event(StreamEvents.ROOM, ChatJson.write(roomOf(event)))
                    .withId(id));
            return new EncodedEvent(logged, id, null, json);
        }
        if (event.kind() == LogEvent.Kind.NOTICE) {
            byte[] json = FrameWriter.encode(Frame.event(StreamEvents.CHAT,
                    ChatJson.write(messageOf(logged, id, format, formatter))).withId(id));
            return new EncodedEvent(logged, id, null, json);
        }
        ChatMessage message = messageOf(logged, id, format, formatter);
        // A deleted message keeps neither words nor files (Overwrite): tutorial streams no longer replay it.
        byte[] plain = Overwrite.leftNothingOf(event) ? null
                : FrameWriter.encode(Frame.event(StreamEvents.CHAT, message.displayLine()).withId(id));
        byte[] json = FrameWriter.encode(Frame.event(StreamEvents.CHAT, ChatJson.write(message)).withId(id));
        return new EncodedEvent(logged, id, plain, json);
    }

    /**
     * A message encoded for the tutorial streams alone, with no {@code json}: what a tutorial stream's replay from the
     * log needs, which never decides what the text means (those streams show it as typed).
     */
    static EncodedEvent plainOf(Logged logged, String id, Function<Position, String> format) {
        if (Overwrite.leftNothingOf(logged.event())) {
            return new EncodedEvent(logged, id, null, null);
        }
        ChatMessage message = messageOf(logged, id, format, (m, text, mentions) -> List.of());
        return new EncodedEvent(logged, id, FrameWriter.encode(Frame.event(StreamEvents.CHAT, message.displayLine())
                .withId(id)), null);
    }

    /** The room an event {@linkplain LogEvent.Kind#isAboutARoom about a room} is about, as clients see it. */
    static StreamEvents.RoomInfo roomOf(LogEvent event) {
        return switch (event.kind()) {
            case ROOM_RULES -> ChatJson.read(event.text(), StreamEvents.RoomInfo.class);
            case ROOM_DELETED -> new StreamEvents.RoomInfo(event.conversation(), event.text()).asDeleted();
            default -> new StreamEvents.RoomInfo(event.conversation(), event.text());
        };
    }

    /**
     * A logged message as clients see it: as it was sent, or (read with its {@link Logged#state}) as it is now, with
     * what its text means ({@link dev.hubbub.server.text.Formatting}).
     *
     * @param format how the log formats a position as an id (for the message a reply quotes)
     * @param formatter what a message's text means
     */
    static ChatMessage messageOf(Logged logged, String id, Function<Position, String> format, Formatter formatter) {
        LogEvent event = logged.event();
        ChatMessage.Quote quote = event.quote() == null ? null
                : new ChatMessage.Quote(format.apply(event.target()), event.quote().author(), event.quote().text());
        Logged.State state = logged.state();
        boolean notice = event.kind() == LogEvent.Kind.NOTICE;
        ChatMessage.Thread thread = threadOf(logged, id, format);
        if (state == null || notice) {
            // A notice kept as a sentence: its English as the text, the sentence for clients to say in their language.
            dev.hubbub.chat.Sentence said = notice ? dev.hubbub.chat.Sentence.inNotice(event.text()).orElse(null) : null;
            return new ChatMessage(id, event.conversation(), event.author(), event.verified(),
                    said != null ? said.english() : event.text(),
                    event.at(), event.clientId(), event.to(), event.files(), event.mentions().names(),
                    event.mentions().room(), quote, null, Overwrite.leftNothingOf(event), List.of(), null, notice,
                    notice ? List.of() : formatter.contentOf(logged, event.text(), event.mentions()), thread,
                    event.alsoInRoom(), null, said, event.app());
        }
        List<ChatMessage.Reactions> reactions = state.reactions().stream()
                .map(r -> new ChatMessage.Reactions(r.emoji(), r.names())).toList();
        return new ChatMessage(id, event.conversation(), event.author(), event.verified(), state.text(), event.at(),
                event.clientId(), event.to(), state.deleted() ? List.of() : event.files(), state.mentions().names(),
                state.mentions().room(), quote, state.editedAt(), state.deleted(), reactions, state.removedBy(), false,
                state.deleted() ? List.of() : formatter.contentOf(logged, state.text(), state.mentions()), thread,
                event.alsoInRoom(), state.pinned() == null ? null
                : new ChatMessage.Pinned(state.pinned().by(), state.pinned().at()), null, event.app());
    }

    /**
     * The thread a message belongs to, as clients see it: a reply's root, with the thread as the store handed it
     * right after the reply (on the stream; a reply read from a page knows only its root); a root's own thread as it
     * is now; null for any other message.
     */
    private static ChatMessage.Thread threadOf(Logged logged, String id, Function<Position, String> format) {
        LogEvent event = logged.event();
        if (event.thread() != null) {
            Logged.Replies replies = logged.changed() == null || logged.changed().state() == null ? null
                    : logged.changed().state().replies();
            String root = format.apply(event.thread());
            return replies == null ? new ChatMessage.Thread(root, 0, null, List.of())
                    : new ChatMessage.Thread(root, replies.count(), replies.lastAt(), replies.people());
        }
        Logged.Replies replies = logged.state() == null ? null : logged.state().replies();
        return replies == null ? null
                : new ChatMessage.Thread(id, replies.count(), replies.lastAt(), replies.people());
    }

    Position position() {
        return logged.position();
    }

    LogEvent event() {
        return logged.event();
    }

    byte[] bytes(View view) {
        return view == View.PLAIN ? plain : json;
    }
}
