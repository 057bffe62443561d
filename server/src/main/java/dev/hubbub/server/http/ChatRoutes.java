package dev.hubbub.server.http;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.server.hub.Room;
import java.util.List;
import java.util.concurrent.Executor;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Hubbub's HTTP surface: {@code /chat} (GET streams, POST sends), {@code /chat/history} (pages of stored
 * messages), {@code /status}, and everything else from the
 * wrapped handler (the page and its assets).
 */
public final class ChatRoutes extends Handler.Wrapper {

    /**
     * The limits the HTTP layer enforces.
     *
     * @param allowedOrigins pages from these origins may post and read, besides the room's own page
     * @param postsPerSecond sustained posts per client address
     * @param postBurst posts a client address may send at once
     * @param maxBodyBytes the largest POST body
     * @param maxStreamsPerAddress open event streams per client address
     * @param maxConnectionsPerAddress open TCP connections per client address
     */
    public record Limits(List<String> allowedOrigins, double postsPerSecond, int postBurst, int maxBodyBytes,
                         int maxStreamsPerAddress, int maxConnectionsPerAddress) {

        /** The documented defaults of {@code hubbub serve}. */
        public static Limits defaults() {
            return new Limits(List.of(), 5, 20, 64 * 1024, 32, 64);
        }

        public Limits withAllowedOrigins(List<String> origins) {
            return new Limits(List.copyOf(origins), postsPerSecond, postBurst, maxBodyBytes, maxStreamsPerAddress,
                    maxConnectionsPerAddress);
        }

        public Limits withPostRate(double perSecond, int burst) {
            return new Limits(allowedOrigins, perSecond, burst, maxBodyBytes, maxStreamsPerAddress,
                    maxConnectionsPerAddress);
        }

        public Limits withMaxBodyBytes(int bytes) {
            return new Limits(allowedOrigins, postsPerSecond, postBurst, bytes, maxStreamsPerAddress,
                    maxConnectionsPerAddress);
        }

        public Limits withMaxStreamsPerAddress(int streams) {
            return new Limits(allowedOrigins, postsPerSecond, postBurst, maxBodyBytes, streams,
                    maxConnectionsPerAddress);
        }

        public Limits withMaxConnectionsPerAddress(int connections) {
            return new Limits(allowedOrigins, postsPerSecond, postBurst, maxBodyBytes, maxStreamsPerAddress,
                    connections);
        }
    }

    /** What {@code GET /status} answers. */
    record Status(String room, String epoch, List<String> online, int streams) {
    }

    private final Room room;
    private final OriginPolicy origins;
    private final StreamHandler streams;
    private final PostHandler posts;
    private final HistoryHandler history;

    public ChatRoutes(Room room, Limits limits, Executor executor, Handler assets) {
        super(assets);
        this.room = room;
        this.origins = new OriginPolicy(limits.allowedOrigins());
        this.streams = new StreamHandler(room, new StreamLimiter(limits.maxStreamsPerAddress()));
        this.posts = new PostHandler(room, origins,
                new RateLimiter(limits.postsPerSecond(), limits.postBurst(), System::nanoTime),
                limits.maxBodyBytes(), executor);
        this.history = new HistoryHandler(room, executor);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        if (path.equals("/chat")) {
            allowListedCors(request, response);
            return switch (request.getMethod()) {
                case "GET" -> streams.handle(request, response, callback);
                case "POST" -> posts.handle(request, response, callback);
                case "OPTIONS" -> preflight(request, response, callback);
                default -> {
                    response.getHeaders().put(HttpHeader.ALLOW, "GET, POST, OPTIONS");
                    Replies.text(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405,
                            "/chat takes GET (the event stream) and POST (a message), not " + request.getMethod());
                    yield true;
                }
            };
        }
        if (path.equals("/chat/history")) {
            allowListedCors(request, response);
            if (!request.getMethod().equals("GET")) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET");
                Replies.text(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405,
                        "/chat/history takes GET, not " + request.getMethod());
                return true;
            }
            return history.handle(request, response, callback);
        }
        if (path.equals("/status") && request.getMethod().equals("GET")) {
            Replies.json(response, callback, HttpStatus.OK_200,
                    ChatJson.write(new Status(room.name(), room.epoch(), room.online(), room.streamCount())));
            return true;
        }
        return super.handle(request, response, callback);
    }

    private void allowListedCors(Request request, Response response) {
        String origin = origins.allowListed(request);
        if (origin != null) {
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            response.getHeaders().put(HttpHeader.VARY, "Origin");
        }
    }

    private boolean preflight(Request request, Response response, Callback callback) {
        if (origins.allowListed(request) == null) {
            Replies.text(response, callback, HttpStatus.FORBIDDEN_403, "this origin may not use the room");
            return true;
        }
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST");
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, "Content-Type, Last-Event-ID");
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_MAX_AGE, "600");
        response.setStatus(HttpStatus.NO_CONTENT_204);
        callback.succeeded();
        return true;
    }
}
