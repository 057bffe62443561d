package dev.hubbub.server.hub;

import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.store.EventLog;
import dev.hubbub.server.store.Position;
import java.util.ArrayList;
import java.util.Collections;
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
        boolean capped = found.size() > settings.replayMax();
        List<EncodedEvent> replayed = capped ? found.subList(found.size() - settings.replayMax(), found.size())
                : found;
        Fitting fitting = fitting(replayed, settings, view);
        boolean hole = capped || !fitting.reachedAll() || trimmedUpTo.isAfter(after);
        StreamEvents.Gap gap = hole && !fitting.events().isEmpty()
                ? new StreamEvents.Gap(afterId, fitting.events().get(0).id()) : null;
        return new Replay(fitting.events(), gap);
    }

    /** The newest events, for a stream without a last event id. */
    static Replay latest(List<EncodedEvent> found, HubSettings settings, View view) {
        return new Replay(fitting(found, settings, view).events(), null);
    }

    /** The events a replay keeps, oldest first; whether every older event was reached (none left out for size). */
    private record Fitting(List<EncodedEvent> events, boolean reachedAll) {
    }

    /**
     * The newest of {@code events} whose bytes in {@code view} fit in half the lag limit, leaving out what the view
     * does not show (a tutorial stream no deleted message). Walks newest first and asks each event for its bytes only
     * when it reaches it, so a list encoded as it is read ({@code Replays}) encodes only what the replay keeps, and one
     * more.
     */
    private static Fitting fitting(List<EncodedEvent> events, HubSettings settings, View view) {
        long budget = settings.maxLagBytes() / 2;
        List<EncodedEvent> newestFirst = new ArrayList<>();
        for (int i = events.size() - 1; i >= 0; i--) {
            byte[] bytes = events.get(i).bytes(view);
            if (bytes == null) {
                continue;
            }
            if (budget - bytes.length < 0) {
                return new Fitting(oldestFirst(newestFirst), false);
            }
            budget -= bytes.length;
            newestFirst.add(events.get(i));
        }
        return new Fitting(oldestFirst(newestFirst), true);
    }

    private static List<EncodedEvent> oldestFirst(List<EncodedEvent> newestFirst) {
        List<EncodedEvent> copy = new ArrayList<>(newestFirst);
        Collections.reverse(copy);
        return List.copyOf(copy);
    }

    static EventLog.Scope scopeOf(StreamRequest request) {
        return request.view() == View.PLAIN ? EventLog.Scope.room(request.room())
                : EventLog.Scope.everything(request.personKey());
    }
}
