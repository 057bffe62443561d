package dev.hubbub.server.hub;

import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.store.History;
import java.util.List;

/**
 * Which stored messages a new stream starts with: the newest {@code replayOnConnect} without a last event id;
 * otherwise every message after it, up to {@code replayMax}, with a {@link StreamEvents.Gap} when some were not
 * replayed. A last event id above the newest message (an id from a history that was reset) counts as none.
 *
 * <p>A replay also fits in half of {@code maxLagBytes}: what a stream still owes of its replay counts toward its lag,
 * so a replay larger than the lag allows would cut the stream off before it began. Older messages than fit are
 * announced as a gap; a client loads them from {@code /chat/history} when its reader scrolls up.
 */
record Replay(List<Encoded> messages, StreamEvents.Gap gap) {

    /** The replay from memory, or null when memory does not hold all of it. Called under the room's lock. */
    static Replay fromMemory(RecentMessages recent, Long lastEventId, long upTo, RoomSettings settings, View view) {
        if (lastEventId == null || lastEventId > upTo) {
            List<Encoded> latest = recent.latest(upTo, settings.replayOnConnect());
            return latest == null ? null : new Replay(fitting(latest, settings, view), null);
        }
        List<Encoded> after = recent.between(lastEventId, upTo, settings.replayMax() + 1);
        return after == null ? null : trimmed(after, lastEventId, settings, null, view);
    }

    /** The replay read from the history. */
    static Replay fromHistory(History history, Long lastEventId, long upTo, RoomSettings settings, View view) {
        if (lastEventId == null || lastEventId > upTo) {
            return new Replay(fitting(encode(history.between(0, upTo, settings.replayOnConnect())), settings, view),
                    null);
        }
        List<Encoded> after = encode(history.between(lastEventId, upTo, settings.replayMax() + 1));
        return trimmed(after, lastEventId, settings, history, view);
    }

    private static Replay trimmed(List<Encoded> after, long lastEventId, RoomSettings settings, History history,
                                  View view) {
        boolean capped = after.size() > settings.replayMax();
        List<Encoded> replayed = capped ? after.subList(1, after.size()) : after;
        List<Encoded> fitting = fitting(replayed, settings, view);
        boolean hole = capped || fitting.size() < replayed.size();
        if (!hole && !fitting.isEmpty() && fitting.get(0).id() > lastEventId + 1) {
            // The ids in between were deleted by the retention limit, or never existed.
            hole = history == null || history.oldestId() > lastEventId + 1;
        }
        StreamEvents.Gap gap = hole && !fitting.isEmpty() ? new StreamEvents.Gap(lastEventId, fitting.get(0).id())
                : null;
        return new Replay(List.copyOf(fitting), gap);
    }

    /** The newest of {@code messages} whose bytes in {@code view} fit in half the lag limit. */
    private static List<Encoded> fitting(List<Encoded> messages, RoomSettings settings, View view) {
        long budget = settings.maxLagBytes() / 2;
        int from = messages.size();
        while (from > 0 && budget - messages.get(from - 1).bytes(view).length >= 0) {
            budget -= messages.get(from - 1).bytes(view).length;
            from--;
        }
        return messages.subList(from, messages.size());
    }

    private static List<Encoded> encode(List<ChatMessage> messages) {
        return messages.stream().map(Encoded::of).toList();
    }
}
