package dev.hubbub.server.hub;

import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.store.EventLog;
import dev.hubbub.server.store.Position;
import java.util.List;

/**
 * Which stored events a new stream starts with: the newest {@code replayOnConnect} without a last event id;
 * otherwise every event after it that the stream may see, up to {@code replayMax}, with a {@link StreamEvents.Gap}
 * when some were not replayed. An id from another history counts as none.
 *
 * <p>A replay also fits in half of {@code maxLagBytes}: what a stream still owes of its replay counts toward its lag,
 * so a replay larger than the lag allows would cut the stream off before it began. Older events than fit are
 * announced as a gap; a client loads them from {@code /chat/history} when its reader scrolls up.
 */
record Replay(List<EncodedEvent> events, StreamEvents.Gap gap) {

    /** What to replay, given the events the scope holds after {@code after} ({@code replayMax + 1} at most). */
    static Replay after(Position after, String afterId, List<EncodedEvent> found, HubSettings settings, View view,
                        Position trimmedUpTo) {
        found = shown(found, view);
        boolean capped = found.size() > settings.replayMax();
        List<EncodedEvent> replayed = capped ? found.subList(found.size() - settings.replayMax(), found.size())
                : found;
        List<EncodedEvent> fitting = fitting(replayed, settings, view);
        boolean hole = capped || fitting.size() < replayed.size() || trimmedUpTo.isAfter(after);
        StreamEvents.Gap gap = hole && !fitting.isEmpty()
                ? new StreamEvents.Gap(afterId, fitting.get(0).id()) : null;
        return new Replay(List.copyOf(fitting), gap);
    }

    /** The newest events, for a stream without a last event id. */
    static Replay latest(List<EncodedEvent> found, HubSettings settings, View view) {
        return new Replay(List.copyOf(fitting(shown(found, view), settings, view)), null);
    }

    /** What {@code view} shows of {@code events} (a tutorial stream no deleted message). */
    private static List<EncodedEvent> shown(List<EncodedEvent> events, View view) {
        return events.stream().filter(e -> e.bytes(view) != null).toList();
    }

    /** The newest of {@code events} whose bytes in {@code view} fit in half the lag limit. */
    private static List<EncodedEvent> fitting(List<EncodedEvent> events, HubSettings settings, View view) {
        long budget = settings.maxLagBytes() / 2;
        int from = events.size();
        while (from > 0 && budget - events.get(from - 1).bytes(view).length >= 0) {
            budget -= events.get(from - 1).bytes(view).length;
            from--;
        }
        return events.subList(from, events.size());
    }

    static EventLog.Scope scopeOf(StreamRequest request) {
        return request.view() == View.PLAIN ? EventLog.Scope.room(request.room())
                : EventLog.Scope.everything(request.personKey());
    }
}
