package dev.hubbub.server.hub;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.store.LogEvent;
import dev.hubbub.server.store.Logged;
import dev.hubbub.server.store.Position;
import dev.hubbub.sse.Frame;
import dev.hubbub.sse.FrameWriter;

/**
 * An event encoded once for each view that shows it: as a {@code chat} or {@code room} event for the structured
 * stream, and (a message) as the tutorial line {@code author: text}. A direct message's bytes are the same for its
 * two people, so they are shared too.
 *
 * @param plain the tutorial frame; null for what tutorial streams do not show (a new room)
 */
record EncodedEvent(Logged logged, String id, byte[] plain, byte[] json) {

    static EncodedEvent of(Logged logged, String id) {
        LogEvent event = logged.event();
        if (event.kind() == LogEvent.Kind.ROOM) {
            byte[] json = FrameWriter.encode(Frame.event(StreamEvents.ROOM,
                    ChatJson.write(new StreamEvents.RoomInfo(event.conversation(), event.text()))).withId(id));
            return new EncodedEvent(logged, id, null, json);
        }
        ChatMessage message = messageOf(logged, id);
        byte[] plain = FrameWriter.encode(Frame.event(StreamEvents.CHAT, message.displayLine()).withId(id));
        byte[] json = FrameWriter.encode(Frame.event(StreamEvents.CHAT, ChatJson.write(message)).withId(id));
        return new EncodedEvent(logged, id, plain, json);
    }

    /** A logged message as clients see it. */
    static ChatMessage messageOf(Logged logged, String id) {
        LogEvent event = logged.event();
        return new ChatMessage(id, event.conversation(), event.author(), event.verified(), event.text(), event.at(),
                event.clientId(), event.to(), event.files(), event.mentions().names(), event.mentions().room());
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
