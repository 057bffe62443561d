package dev.hubbub.server.hub;

import dev.hubbub.chat.ChatMessage;
import java.util.Objects;
import java.util.function.Consumer;

/** The relay of a room served by one process: a message is delivered on the publishing thread, in publishing order. */
public final class LocalRelay implements Relay {
    private volatile Consumer<ChatMessage> listener;

    @Override
    public void deliverTo(Consumer<ChatMessage> newListener) {
        this.listener = Objects.requireNonNull(newListener, "listener");
    }

    @Override
    public void publish(ChatMessage message) {
        Consumer<ChatMessage> current = listener;
        if (current == null) {
            throw new IllegalStateException("nobody listens to this relay yet");
        }
        current.accept(message);
    }
}
