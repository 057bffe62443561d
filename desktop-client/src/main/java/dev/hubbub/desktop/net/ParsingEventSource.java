package dev.hubbub.desktop.net;

import dev.hubbub.sse.EventStreamParser;
import dev.hubbub.sse.ParserLimits;
import dev.hubbub.sse.ServerSentEvent;
import java.io.IOException;
import java.util.Objects;
import java.util.OptionalLong;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okio.BufferedSource;
import org.jetbrains.annotations.NotNull;

/**
 * An {@link EventSource} with OkHttp's API whose body is read by Hubbub's {@link EventStreamParser} instead of
 * okhttp-sse's own reader, which departs from the WHATWG rules (it spins forever on a stream ending in a bare CR,
 * loses the first event after a BOM, accepts an id with NUL, and forgets an id sent in a block without data).
 *
 * <p>One ordinary OkHttp {@link Call}, enqueued: every listener callback runs on OkHttp's dispatcher thread, never
 * on the caller's (and so never on the JavaFX thread), as with okhttp-sse. Like okhttp-sse it does not reconnect:
 * after {@code onClosed} or {@code onFailure} a reconnecting caller reads {@link #lastEventId()} and
 * {@link #reconnectionTime()} and opens a new one.
 *
 * <p>{@code onEvent} gets the event's last event ID (null when empty), its type ({@code "message"} when the stream
 * named none) and its data.
 */
public final class ParsingEventSource implements EventSource, Callback {
    private static final MediaType EVENT_STREAM = MediaType.get("text/event-stream");

    private final Call call;
    private final EventSourceListener listener;
    private final ParserLimits limits;
    private volatile String lastEventId;
    private volatile long reconnectionTime = -1;
    private volatile boolean canceled;

    private ParsingEventSource(Call call, EventSourceListener listener, ParserLimits limits, String lastEventId) {
        this.call = call;
        this.listener = listener;
        this.limits = limits;
        this.lastEventId = lastEventId;
    }

    /** OkHttp's factory API: event sources that start with no last event id. */
    public static EventSource.Factory factory(Call.Factory client) {
        return (request, listener) -> connect(client, request, listener, "");
    }

    /**
     * Starts streaming {@code request}. With a non-empty {@code lastEventId}, sends it as {@code Last-Event-ID} (as a
     * reconnecting browser does) and keeps it until the stream sets another.
     */
    public static ParsingEventSource connect(Call.Factory client, Request request, EventSourceListener listener,
                                             String lastEventId) {
        Objects.requireNonNull(lastEventId, "lastEventId");
        Request.Builder builder = request.newBuilder().header("Accept", "text/event-stream")
                .header("Cache-Control", "no-cache");
        if (!lastEventId.isEmpty()) {
            builder.header("Last-Event-ID", lastEventId);
        }
        ParsingEventSource source = new ParsingEventSource(client.newCall(builder.build()), listener,
                ParserLimits.DEFAULT, lastEventId);
        source.call.enqueue(source);
        return source;
    }

    @Override
    public @NotNull Request request() {
        return call.request();
    }

    /** The last event ID as the parser keeps it: what a reconnect sends as {@code Last-Event-ID}. */
    public String lastEventId() {
        return lastEventId;
    }

    /** The reconnection time the stream asked for with {@code retry:}, if it did. */
    public OptionalLong reconnectionTime() {
        long millis = reconnectionTime;
        return millis < 0 ? OptionalLong.empty() : OptionalLong.of(millis);
    }

    @Override
    public void cancel() {
        canceled = true;
        call.cancel();
    }

    @Override
    public void onFailure(@NotNull Call failed, @NotNull IOException e) {
        if (!canceled) {
            listener.onFailure(this, e, null);
        }
    }

    @Override
    public void onResponse(@NotNull Call done, @NotNull Response response) {
        try (response) {
            ResponseBody body = response.body();
            if (!response.isSuccessful()) {
                listener.onFailure(this, null, response);
                return;
            }
            MediaType type = body.contentType();
            if (type == null || !type.type().equals(EVENT_STREAM.type())
                    || !type.subtype().equals(EVENT_STREAM.subtype())) {
                listener.onFailure(this, new IllegalStateException("Invalid content-type: " + type), response);
                return;
            }
            listener.onOpen(this, response);
            read(body.source());
            if (!canceled) {
                listener.onClosed(this);
            }
        } catch (IOException | RuntimeException e) {
            if (!canceled) {
                listener.onFailure(this, e, response);
            }
        }
    }

    private void read(BufferedSource source) throws IOException {
        EventStreamParser parser = new EventStreamParser(new EventStreamParser.Handler() {
            @Override
            public void onEvent(ServerSentEvent event) {
                lastEventId = event.lastEventId();
                listener.onEvent(ParsingEventSource.this,
                        event.lastEventId().isEmpty() ? null : event.lastEventId(), event.type(), event.data());
            }

            @Override
            public void onRetry(long millis) {
                reconnectionTime = millis;
            }
        }, limits, lastEventId);
        byte[] buffer = new byte[16 * 1024];
        for (int n; !canceled && (n = source.read(buffer)) != -1; ) {
            parser.feed(buffer, 0, n);
            lastEventId = parser.lastEventId();
        }
        parser.finish();
        lastEventId = parser.lastEventId();
    }
}
