package dev.hubbub.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;

/**
 * The JSON form of the chat model, through one shared, thread-safe Jackson mapper. Times are ISO-8601 strings in UTC
 * ({@code "2026-11-24T08:49:33.123Z"}); unknown properties are ignored, so newer peers can add fields.
 */
public final class ChatJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    private ChatJson() {
    }

    /** The mapper itself, for callers that stream JSON; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Reads a value that came from outside, turning every problem into a reason a person can read.
     *
     * @throws InvalidMessageException for malformed JSON, a missing or mistyped property, or a value that breaks a
     *     rule of the model
     */
    public static <T> T read(String json, Class<T> type) {
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new InvalidMessageException(Sentence.of("server.expectedAJsonObjectGot"));
            }
            return value;
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof InvalidMessageException reason) {
                throw reason;
            }
            throw new InvalidMessageException(Sentence.of("server.invalid", "simpleName", type.getSimpleName(), "originalMessage", e.getOriginalMessage()));
        } catch (MismatchedInputException e) {
            throw new InvalidMessageException(Sentence.of("server.invalidJsonForAt", "simpleName", type.getSimpleName(), "value", describePath(e), "originalMessage", e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new InvalidMessageException(Sentence.of("server.malformedJson", "originalMessage", e.getOriginalMessage()));
        }
    }

    public static <T> T read(byte[] json, Class<T> type) {
        return read(new String(json, StandardCharsets.UTF_8), type);
    }

    private static String describePath(JsonMappingException e) {
        String path = e.getPathReference();
        return path == null || path.isEmpty() ? "the top level" : path;
    }
}
