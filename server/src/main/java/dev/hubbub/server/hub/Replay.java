package dev.hubbub.server.hub;

import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.store.History;
import java.util.List;

/**
 * Which stored messages a new stream starts with: the newest {@code replayOnConnect} without a last event id;
 * otherwise every message after it, up to {@code replayMax}, with a {@link StreamEvents.Gap} when some were not
 * replayed. A last event id above the newest message (an id from a history that was reset) counts as none.
 */
record Replay(List<Encoded> messages, StreamEvents.Gap gap) {

    /** The replay from memory, or null when memory does not hold all of it. Called under the room's lock. */
    static Replay fromMemory(RecentMessages recent, Long lastEventId, long upTo, RoomSettings settings) {
        if (lastEventId == null || lastEventId > upTo) {
            List<Encoded> latest = recent.latest(upTo, settings.replayOnConnect());
            return latest == null ? null : new Replay(latest, null);
        }
        List<Encoded> after = recent.between(lastEventId, upTo, settings.replayMax() + 1);
        return after == null ? null : trimmed(after, lastEventId, settings, null);
    }

    /** The replay read from the history. */
    static Replay fromHistory(History history, Long lastEventId, long upTo, RoomSettings settings) {
        if (lastEventId == null || lastEventId > upTo) {
            return new Replay(encode(history.between(0, upTo, settings.replayOnConnect())), null);
        }
        List<Encoded> after = encode(history.between(lastEventId, upTo, settings.replayMax() + 1));
        return trimmed(after, lastEventId, settings, history);
    }

    private static Replay trimmed(List<Encoded> after, long lastEventId, RoomSettings settings, History history) {
        boolean capped = after.size() > settings.replayMax();
        List<Encoded> replayed = capped ? after.subList(1, after.size()) : after;
        boolean hole = capped;
        if (!hole && !replayed.isEmpty() && replayed.get(0).id() > lastEventId + 1) {
            // The ids in between were deleted by the retention limit, or never existed.
            hole = history == null || history.oldestId() > lastEventId + 1;
        }
        StreamEvents.Gap gap = hole ? new StreamEvents.Gap(lastEventId, replayed.get(0).id()) : null;
        return new Replay(List.copyOf(replayed), gap);
    }

    private static List<Encoded> encode(List<ChatMessage> messages) {
        return messages.stream().map(Encoded::of).toList();
    }
}
