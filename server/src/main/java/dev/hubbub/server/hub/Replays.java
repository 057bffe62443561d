package dev.hubbub.server.hub;

import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.store.EventLog;
import dev.hubbub.server.store.Logged;
import dev.hubbub.server.store.Position;
import dev.hubbub.sse.Frame;
import dev.hubbub.sse.FrameWriter;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;

/**
 * What a new stream starts with: its own header (retry, hello, presence, gap) and the stored events it replays
 * ({@link Replay}), read from the hub's memory of recent events when it holds them, else from the log. Never blocks
 * its caller: a read of the log completes on the store's threads, and what asks the store and blocks
 * ({@link EventLog#trimmedUpTo}) runs on {@code io}.
 */
final class Replays {
    private final HubSettings settings;
    private final EventLog events;
    private final String serverName;
    private final Executor io;
    private final BiFunction<Logged, View, EncodedEvent> encode;

    /** @param encode an event as a view shows it (a tutorial view's alone needs no formatting decided) */
    Replays(HubSettings settings, EventLog events, String serverName, Executor io,
            BiFunction<Logged, View, EncodedEvent> encode) {
        this.settings = settings;
        this.events = events;
        this.serverName = serverName;
        this.io = io;
        this.encode = encode;
    }

    /**
     * The events a stream replays: after {@code after} (null: the newest few), up to {@code upTo}, in {@code scope};
     * {@code fromMemory} when the hub's memory held them all (null when only the log can tell).
     */
    CompletableFuture<Replay> replay(Position after, String afterId, Position upTo, EventLog.Scope scope,
                                     List<EncodedEvent> fromMemory, View view) {
        if (after == null) {
            CompletableFuture<List<EncodedEvent>> found = fromMemory != null
                    ? CompletableFuture.completedFuture(fromMemory)
                    : events.range(Position.START, upTo, scope, settings.replayOnConnect())
                            .thenApply(logged -> encodedAsReached(logged, view));
            return found.thenApply(events -> Replay.latest(events, settings, view));
        }
        CompletableFuture<List<EncodedEvent>> found = fromMemory != null
                ? CompletableFuture.completedFuture(fromMemory)
                : newest(after, upTo, scope, new ArrayList<>(), 0, FIRST_READ)
                        .thenApply(logged -> encodedAsReached(logged, view));
        return found.thenApplyAsync(events -> Replay.after(after, afterId, events, settings, view,
                this.events.trimmedUpTo()), io);
    }

    /** How many events a replay first reads from the log; each further read asks for twice as many. */
    static final int FIRST_READ = 64;

    /**
     * The newest events in {@code scope} after {@code after}, oldest first, read back from the log a few at a time
     * (from {@code upTo}, the oldest already held in {@code newestFirst}, exclusive, once it holds any): at most
     * {@code replayMax + 1}, and none older once the texts of the messages read fill half the lag limit. A message's
     * bytes in a stream hold at least its text, so those could not all fit: the replay keeps the newest and announces
     * a gap, and a stream far behind a backlog of long messages reads a replay's worth of the log, not a thousand
     * rows.
     */
    private CompletableFuture<List<Logged>> newest(Position after, Position upTo, EventLog.Scope scope,
                                                   List<Logged> newestFirst, long texts, int ask) {
        int limit = settings.replayMax() + 1;
        boolean holdsUpTo = !newestFirst.isEmpty();
        int asked = Math.min(ask, limit - newestFirst.size()) + (holdsUpTo ? 1 : 0);
        return events.range(after, upTo, scope, asked).thenCompose(read -> {
            int end = holdsUpTo && !read.isEmpty() && read.get(read.size() - 1).position().equals(upTo)
                    ? read.size() - 1 : read.size();
            long filled = texts;
            for (int i = end - 1; i >= 0 && newestFirst.size() < limit && filled <= settings.maxLagBytes() / 2; i--) {
                newestFirst.add(read.get(i));
                filled += textLength(read.get(i));
            }
            if (read.size() < asked || newestFirst.size() >= limit || filled > settings.maxLagBytes() / 2) {
                List<Logged> oldestFirst = new ArrayList<>(newestFirst);
                java.util.Collections.reverse(oldestFirst);
                return CompletableFuture.completedFuture(oldestFirst);
            }
            return newest(after, newestFirst.get(newestFirst.size() - 1).position(), scope, newestFirst, filled,
                    ask * 2);
        });
    }

    /** A message's text, which its bytes in either view hold whole; nothing for other events. */
    private static long textLength(Logged logged) {
        if (logged.event().kind() != dev.hubbub.server.store.LogEvent.Kind.MESSAGE) {
            return 0;
        }
        String text = logged.state() == null ? logged.event().text() : logged.state().text();
        return text == null ? 0 : text.length();
    }

    /**
     * The events read from the log, each encoded only once the replay reaches it: a replay takes the newest that fit
     * its bytes ({@link Replay}) and stops at the first that does not, so a stream far behind has a replay's worth
     * encoded, never the whole backlog it missed. Read by one thread at a time (the replay's).
     */
    private List<EncodedEvent> encodedAsReached(List<Logged> logged, View view) {
        EncodedEvent[] encoded = new EncodedEvent[logged.size()];
        return new AbstractList<>() {
            @Override
            public EncodedEvent get(int index) {
                if (encoded[index] == null) {
                    encoded[index] = encode.apply(logged.get(index), view);
                }
                return encoded[index];
            }

            @Override
            public int size() {
                return encoded.length;
            }
        };
    }

    /** The stream's own header (retry, hello, presence, gap), then the replayed events' shared bytes. */
    List<ByteBuffer> preamble(StreamRequest request, List<String> online, List<StreamEvents.RoomInfo> rooms,
                              Replay replay) {
        ByteArrayOutputStream head = new ByteArrayOutputStream(256);
        head.writeBytes(FrameWriter.encode(Frame.retry(settings.retry().toMillis())));
        if (request.view() == View.JSON) {
            head.writeBytes(Hub.encodeEvent(StreamEvents.HELLO, new StreamEvents.Hello(settings.name(),
                    events.epoch(), serverName, request.onlineName() == null || request.personKey() == null ? null
                    : request.onlineName(), rooms, request.host())));
            head.writeBytes(Hub.encodeEvent(StreamEvents.PRESENCE, new StreamEvents.Online(online)));
            if (replay.gap() != null) {
                head.writeBytes(Hub.encodeEvent(StreamEvents.GAP, replay.gap()));
            }
        }
        List<ByteBuffer> parts = new ArrayList<>(1 + replay.events().size());
        parts.add(ByteBuffer.wrap(head.toByteArray()));
        for (EncodedEvent event : replay.events()) {
            parts.add(ByteBuffer.wrap(event.bytes(request.view())));
        }
        return parts;
    }
}
