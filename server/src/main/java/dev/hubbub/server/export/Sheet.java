package dev.hubbub.server.export;

import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.StreamEvents;
import java.io.IOException;

/**
 * One format's writer, told the export piece by piece in the order it is read, and writing each piece at once: it
 * keeps nothing of what it has written. Called on one thread, the exporter's.
 */
sealed interface Sheet permits JsonSheet, HtmlSheet {
    void begin(Export export) throws IOException;

    void beginConversation(StreamEvents.RoomInfo conversation) throws IOException;

    void message(ChatMessage message) throws IOException;

    void endConversation() throws IOException;

    /** Ends the export and flushes what it buffered; the stream is the caller's to close. */
    void end() throws IOException;
}
