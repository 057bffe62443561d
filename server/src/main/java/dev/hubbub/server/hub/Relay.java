package dev.hubbub.server.hub;

import dev.hubbub.chat.ChatMessage;
import java.util.function.Consumer;

/**
 * Carries stored messages to every node serving the room, this one included, in the order of their ids. With one
 * node it is a direct call ({@link LocalRelay}); a room spread over several nodes puts a shared log such as Redis
 * Streams behind it, and the hub does not change.
 */
public interface Relay extends AutoCloseable {

    /** Sets the one listener that receives every published message, in id order. Called once, before publishing. */
    void deliverTo(Consumer<ChatMessage> listener);

    /** Publishes a message that is already stored. */
    void publish(ChatMessage message);

    @Override
    default void close() {
    }
}
