package dev.hubbub.server.http;

import dev.hubbub.chat.Sentence;
import dev.hubbub.chat.Draft;
import dev.hubbub.chat.Names;
import dev.hubbub.server.Refused;
import dev.hubbub.server.hub.Hub;
import dev.hubbub.server.hub.HubClosedException;
import dev.hubbub.server.hub.StreamRequest;
import dev.hubbub.server.hub.Subscription;
import dev.hubbub.server.hub.View;
import dev.hubbub.server.store.Conversations;
import dev.hubbub.server.store.Directory;
import java.util.Optional;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The event streams: {@code GET /chat} (room {@code general}'s tutorial stream, or with {@code view=json} the
 * structured stream of everything the client may see) and {@code GET /rooms/{id}/chat} (one room's tutorial stream).
 * The request's thread returns at once; from then on the hub's fan-out writes to the response, and no thread waits
 * on it.
 *
 * <p>A signed-in structured stream carries its person's direct messages and counts them as online. Without a token,
 * {@code name=} counts someone online under a name nobody has claimed. {@code lastEventId=} stands in for the
 * {@code Last-Event-ID} header on a first connection.
 */
final class StreamHandler {
    /** What a client refused because the server holds as many streams as it can is told to wait. */
    static final int FULL_RETRY_SECONDS = 30;

    /** A stream's own headers, shared by every stream (each holds its response's headers while it is open). */
    private static final HttpField EVENT_STREAM = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE,
            "text/event-stream; charset=utf-8");
    private static final HttpField NO_CACHE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-cache");
    private static final HttpField NO_PROXY_BUFFERING = new PreEncodedHttpField("X-Accel-Buffering", "no");

    private final Hub hub;
    private final Authenticator auth;
    private final StreamLimiter streams;
    private final RateLimiter opens;

    StreamHandler(Hub hub, Authenticator auth, StreamLimiter streams, RateLimiter opens) {
        this.hub = hub;
        this.auth = auth;
        this.streams = streams;
        this.opens = opens;
    }

    /** @param room the room of a tutorial stream ({@code /rooms/{id}/chat}); null for {@code /chat} */
    boolean handle(Caller caller, String room, Request request, Response response, Callback callback) {
        String address = caller.address();
        StreamRequest streamRequest;
        try {
            streamRequest = parse(caller, room, request, address);
        } catch (IllegalArgumentException e) {
            Replies.text(response, callback, HttpStatus.BAD_REQUEST_400, Replies.reason(response, e));
            return true;
        }
        String key = AddressKey.of(address);
        long waitMillis = opens.acquire(key);
        if (waitMillis > 0) {
            long seconds = Math.max(1, (waitMillis + 999) / 1000);
            response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(seconds));
            Replies.text(response, closingAfter(request, response, callback), HttpStatus.TOO_MANY_REQUESTS_429, Sentence.of("server.tooManyNewStreamsFrom", "address", address, "describe", opens.describe(), "seconds", seconds));
            return true;
        }
        switch (streams.tryOpen(key)) {
            case ADDRESS_FULL -> {
                Replies.text(response, closingAfter(request, response, callback), HttpStatus.TOO_MANY_REQUESTS_429, Sentence.of("server.tooManyOpenStreamsFrom", "address", address, "maxPerAddress", streams.maxPerAddress()));
                return true;
            }
            case SERVER_FULL -> {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(FULL_RETRY_SECONDS));
                Replies.text(response, closingAfter(request, response, callback), HttpStatus.SERVICE_UNAVAILABLE_503, Sentence.of("server.theRoomIsFullIt", "maxTotal", streams.maxTotal()));
                return true;
            }
            case OPEN -> {
                // counted; uncounted when the exchange completes
            }
        }
        Request.addCompletionListener(request, failure -> streams.closed(key));
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(EVENT_STREAM);
        response.getHeaders().put(NO_CACHE);
        response.getHeaders().put(NO_PROXY_BUFFERING);
        // Keep-alives keep a healthy stream busy; an idle timeout only fails a write that is stuck.
        request.addIdleTimeoutListener(timeout -> false);
        // The handler returns now; the stream opens once its history is read (on the store's threads). A client gone
        // before then cancels it as soon as it is open.
        Opening opening = new Opening();
        request.addFailureListener(opening);
        hub.subscribe(streamRequest, new ResponseSink(response, callback)).whenComplete((subscription, failure) -> {
            if (failure != null) {
                refuse(response, callback, failure instanceof java.util.concurrent.CompletionException
                        && failure.getCause() != null ? failure.getCause() : failure);
                return;
            }
            opening.opened(subscription);
        });
        return true;
    }

    /**
     * A stream's request while its stream opens: the client may go before the hub has opened it, or after. Each side
     * sets its field and then looks at the other's (both volatile), so whichever comes second cancels the stream.
     * One object instead of two references and a lambda, for every stream for as long as it is open.
     */
    private static final class Opening implements java.util.function.Consumer<Throwable> {
        private volatile Subscription open;
        private volatile Throwable gone;

        /** The client went (the request failed). */
        @Override
        public void accept(Throwable failure) {
            gone = failure;
            Subscription subscription = open;
            if (subscription != null) {
                subscription.cancel(failure);
            }
        }

        void opened(Subscription subscription) {
            open = subscription;
            Throwable failure = gone;
            if (failure != null) {
                subscription.cancel(failure);
            }
        }
    }

    /** A stream that could not open: why, while nothing of it was sent yet; else the connection just ends. */
    private static void refuse(Response response, Callback callback, Throwable why) {
        if (response.isCommitted()) {
            callback.failed(why);
        } else if (why instanceof HubClosedException) {
            Replies.text(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, why.getMessage());
        } else if (why instanceof IllegalArgumentException) {
            Replies.text(response, callback, HttpStatus.NOT_FOUND_404, why.getMessage());
        } else {
            Replies.unexpected(response, callback, why);
        }
    }

    private StreamRequest parse(Caller caller, String room, Request request, String address) {
        Fields query = Query.of(request);
        View view;
        String viewName = query.getValue("view");
        if (room != null || viewName == null || viewName.equals("plain")) {
            view = View.PLAIN;
        } else if (viewName.equals("json")) {
            view = View.JSON;
        } else {
            throw new IllegalArgumentException("view must be 'json' or 'plain', not '" + viewName + "'");
        }
        String roomId = room == null ? Conversations.GENERAL : room;
        if (view == View.PLAIN && auth.directory().room(roomId).isEmpty()) {
            throw new Refused(HttpStatus.NOT_FOUND_404, Sentence.of("server.thereIsNoRoom3", "roomId", roomId));
        }
        Optional<Directory.Identity> who = caller.identity();
        String name = query.getValue("name");
        String onlineName = null;
        if (who.isPresent()) {
            if (name != null && !Names.key(name).equals(Names.key(who.get().name()))) {
                throw new Refused(HttpStatus.FORBIDDEN_403, Sentence.of("server.thisStreamIsSignedIn", "name", who.get().name(), "value", name.strip()));
            }
            onlineName = view == View.JSON || name != null ? who.get().name() : null;
            auth.directory().seen(caller.token(), java.time.Instant.now());
        } else if (name != null) {
            onlineName = dev.hubbub.server.unicode.Lookalikes.checked("name", name);
            Optional<Directory.Identity> holder = auth.directory().claimedLookalike(onlineName);
            if (holder.isPresent()) {
                throw new Refused(HttpStatus.FORBIDDEN_403, Names.key(holder.get().name()).equals(Names.key(onlineName)) ? Sentence.of("server.nameClaimedOnline", "name", holder.get().name()) : Sentence.of("server.nameLooksClaimedOnline", "name", holder.get().name(), "online", onlineName));
            }
        }
        String lastEventId = request.getHeaders().get("Last-Event-ID");
        if (lastEventId == null || lastEventId.isEmpty()) {
            lastEventId = query.getValue("lastEventId");
        }
        if (lastEventId != null && (lastEventId.isEmpty() || lastEventId.length() > 100)) {
            throw new IllegalArgumentException("Last-Event-ID must be an event id this server sent");
        }
        return new StreamRequest(view, roomId, who.map(Directory.Identity::key).orElse(null), onlineName,
                lastEventId, address, caller.isHost());
    }

    /**
     * A stream refused for want of room closes its connection: an event source tries again on a new one, and a
     * connection kept after its refusal would hold a file the server keeps for posts (a reconnect storm of refused
     * streams would otherwise fill that reserve, and a post then waits for no answer). Saying {@code Connection:
     * close} is not enough: the server would then wait for the client to close its side, and a client that never
     * does would hold the file all the same. So once the answer is written, the server closes the connection itself
     * (the answer's bytes still reach the client; the socket's file is released at once). Over HTTP/2 a refused
     * stream is one stream of a connection that holds others, and only that stream ends.
     *
     * @return the callback to answer the refusal with
     */
    private static Callback closingAfter(Request request, Response response, Callback callback) {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        org.eclipse.jetty.server.ConnectionMetaData connection = request.getConnectionMetaData();
        if (connection.getHttpVersion().getVersion() >= org.eclipse.jetty.http.HttpVersion.HTTP_2.getVersion()) {
            return callback;
        }
        org.eclipse.jetty.io.EndPoint endPoint = connection.getConnection().getEndPoint();
        return new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                super.succeeded();
                endPoint.close();
            }
        };
    }
}
