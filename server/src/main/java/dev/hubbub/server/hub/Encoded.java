package dev.hubbub.server.hub;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.sse.Frame;
import dev.hubbub.sse.FrameWriter;

/** A message encoded once for each view, as its {@code chat} event. */
record Encoded(ChatMessage message, byte[] plain, byte[] json) {

    static Encoded of(ChatMessage message) {
        byte[] plain = FrameWriter.encode(Frame.event(StreamEvents.CHAT, message.displayLine()).withId(message.id()));
        byte[] json = FrameWriter.encode(Frame.event(StreamEvents.CHAT, ChatJson.write(message)).withId(message.id()));
        return new Encoded(message, plain, json);
    }

    long id() {
        return message.id();
    }

    byte[] bytes(View view) {
        return view == View.PLAIN ? plain : json;
    }
}
