package dev.hubbub.server.http;

import dev.hubbub.chat.Draft;
import dev.hubbub.server.hub.Room;
import dev.hubbub.server.hub.RoomClosedException;
import dev.hubbub.server.hub.StreamRequest;
import dev.hubbub.server.hub.Subscription;
import dev.hubbub.server.hub.View;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * {@code GET /chat}: opens an event stream on the room. The request's thread returns at once; from then on the
 * room's fan-out writes to the response, and no thread waits on it.
 *
 * <p>Query: {@code view=json} for the structured stream (default: the tutorial stream); {@code name=} to count as
 * someone online; {@code lastEventId=} as a first connection's stand-in for the {@code Last-Event-ID} header.
 */
final class StreamHandler {
    private final Room room;
    /** What a client refused because the server holds as many streams as it can is told to wait. */
    static final int FULL_RETRY_SECONDS = 30;

    private final StreamLimiter streams;
    private final RateLimiter opens;

    StreamHandler(Room room, StreamLimiter streams, RateLimiter opens) {
        this.room = room;
        this.streams = streams;
        this.opens = opens;
    }

    boolean handle(Request request, Response response, Callback callback) {
        String address = Request.getRemoteAddr(request);
        StreamRequest streamRequest;
        try {
            streamRequest = parse(request, address);
        } catch (IllegalArgumentException e) {
            Replies.text(response, callback, HttpStatus.BAD_REQUEST_400, e.getMessage());
            return true;
        }
        String key = AddressKey.of(address);
        long waitMillis = opens.acquire(key);
        if (waitMillis > 0) {
            long seconds = Math.max(1, (waitMillis + 999) / 1000);
            response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(seconds));
            Replies.text(response, callback, HttpStatus.TOO_MANY_REQUESTS_429, "too many new streams from " + address
                    + " (" + opens.describe() + "); try again in " + seconds + " s");
            return true;
        }
        switch (streams.tryOpen(key)) {
            case ADDRESS_FULL -> {
                Replies.text(response, callback, HttpStatus.TOO_MANY_REQUESTS_429, "too many open streams from "
                        + address + " (at most " + streams.maxPerAddress() + "); close some tabs or apps and try again");
                return true;
            }
            case SERVER_FULL -> {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(FULL_RETRY_SECONDS));
                Replies.text(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "the room is full: it serves "
                        + streams.maxTotal() + " streams, as many as this server can hold; try again in a minute");
                return true;
            }
            case OPEN -> {
                // counted; uncounted when the exchange completes
            }
        }
        Request.addCompletionListener(request, failure -> streams.closed(key));
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put("X-Accel-Buffering", "no");
        Subscription subscription;
        try {
            subscription = room.subscribe(streamRequest, new ResponseSink(response, callback));
        } catch (RoomClosedException e) {
            Replies.text(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, e.getMessage());
            return true;
        }
        // Keep-alives keep a healthy stream busy; an idle timeout only fails a write that is stuck.
        request.addIdleTimeoutListener(timeout -> false);
        request.addFailureListener(subscription::cancel);
        return true;
    }

    private static StreamRequest parse(Request request, String address) {
        Fields query = Request.extractQueryParameters(request);
        String viewName = query.getValue("view");
        View view;
        if (viewName == null || viewName.equals("plain")) {
            view = View.PLAIN;
        } else if (viewName.equals("json")) {
            view = View.JSON;
        } else {
            throw new IllegalArgumentException("view must be 'json' or 'plain', not '" + viewName + "'");
        }
        String name = query.getValue("name");
        if (name != null) {
            name = Draft.checkedName("name", name);
        }
        String lastEventId = request.getHeaders().get("Last-Event-ID");
        if (lastEventId == null || lastEventId.isEmpty()) {
            lastEventId = query.getValue("lastEventId");
        }
        return new StreamRequest(view, name, parseId(lastEventId), address);
    }

    private static Long parseId(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!value.matches("[0-9]{1,18}")) {
            throw new IllegalArgumentException("Last-Event-ID must be a message id (digits), not '" + value + "'");
        }
        return Long.parseLong(value);
    }
}
