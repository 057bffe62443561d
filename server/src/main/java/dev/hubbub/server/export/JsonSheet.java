package dev.hubbub.server.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.StreamEvents;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The JSON export, {@code {"server","exportedAt","exportedBy","conversations":[{"id","name","messages":[…]}]}}, each
 * message written as the API gives it the moment it is read.
 */
final class JsonSheet implements Sheet {
    /** Flushing after each value would make every message a write of its own to the connection. */
    private static final ObjectWriter VALUES = ChatJson.mapper().writer()
            .without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

    private final JsonGenerator json;

    JsonSheet(OutputStream out) throws IOException {
        json = ChatJson.mapper().getFactory().createGenerator(out, JsonEncoding.UTF8)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    @Override
    public void begin(Export export) throws IOException {
        json.writeStartObject();
        json.writeStringField("server", export.server());
        json.writeFieldName("exportedAt");
        VALUES.writeValue(json, export.exportedAt());
        json.writeStringField("exportedBy", export.exportedBy());
        json.writeArrayFieldStart("conversations");
    }

    @Override
    public void beginConversation(StreamEvents.RoomInfo conversation) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", conversation.id());
        json.writeStringField("name", conversation.name());
        json.writeArrayFieldStart("messages");
    }

    @Override
    public void message(ChatMessage message) throws IOException {
        VALUES.writeValue(json, message);
    }

    @Override
    public void endConversation() throws IOException {
        json.writeEndArray();
        json.writeEndObject();
    }

    @Override
    public void end() throws IOException {
        json.writeEndArray();
        json.writeEndObject();
        json.close();
    }
}
