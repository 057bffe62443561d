package dev.hubbub.desktop.ui;

import dev.hubbub.chat.ChatJson;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the app had read on one server when it last left: the history's epoch, the id of the last message it had, the
 * unread count of each place and the direct conversations listed. Kept in the settings as JSON.
 */
record ReadState(String epoch, String lastMessageId, Map<String, Integer> unread, Map<String, String> directs) {
    private static final Logger LOG = LoggerFactory.getLogger(ReadState.class);

    ReadState {
        unread = unread == null ? Map.of() : Map.copyOf(unread);
        directs = directs == null ? Map.of() : Map.copyOf(directs);
    }

    String toJson() {
        return ChatJson.write(this);
    }

    /** The state in {@code json}, or empty when there is none or it cannot be read (then the app starts afresh). */
    static Optional<ReadState> parse(String json) {
        if (json == null) {
            return Optional.empty();
        }
        try {
            ReadState state = ChatJson.read(json, ReadState.class);
            return state.epoch() == null || state.lastMessageId() == null ? Optional.empty() : Optional.of(state);
        } catch (RuntimeException e) {
            LOG.warn("ignored what was kept of the last visit, which could not be read: {}", e.getMessage());
            return Optional.empty();
        }
    }
}
