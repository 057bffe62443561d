package dev.hubbub.server.http;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.server.hub.Room;
import java.time.Duration;
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
     * @param allowedHosts names the server answers to besides its own ({@link AllowedHosts})
     * @param postsPerSecond sustained posts per client address
     * @param postBurst posts a client address may send at once
     * @param maxBodyBytes the largest POST body
     * @param maxStreamsPerAddress open event streams per client address
     * @param maxConnectionsPerAddress open TCP connections per client address
     * @param maxStreams open event streams in all; 0 for as many as the open-file limit allows
     * @param streamOpensPerSecond new event streams per client address, sustained
     * @param streamOpenBurst new event streams a client address may open at once
     * @param requestTimeout how long a connection may take to bring a whole request, headers and body
     */
    public record Limits(List<String> allowedOrigins, List<String> allowedHosts, double postsPerSecond,
                         int postBurst, int maxBodyBytes, int maxStreamsPerAddress, int maxConnectionsPerAddress,
                         int maxStreams, double streamOpensPerSecond, int streamOpenBurst,
                         Duration requestTimeout) {

        /** The documented defaults of {@code hubbub serve}. */
        public static Limits defaults() {
            return new Limits(List.of(), List.of(), 5, 20, 64 * 1024, 32, 64, 0, 1, 30, Duration.ofSeconds(20));
        }

        public Limits withAllowedOrigins(List<String> origins) {
            return new Limits(List.copyOf(origins), allowedHosts, postsPerSecond, postBurst, maxBodyBytes,
                    maxStreamsPerAddress, maxConnectionsPerAddress, maxStreams, streamOpensPerSecond,
                    streamOpenBurst, requestTimeout);
        }

        public Limits withAllowedHosts(List<String> hosts) {
            return new Limits(allowedOrigins, List.copyOf(hosts), postsPerSecond, postBurst, maxBodyBytes,
                    maxStreamsPerAddress, maxConnectionsPerAddress, maxStreams, streamOpensPerSecond,
                    streamOpenBurst, requestTimeout);
        }

        public Limits withPostRate(double perSecond, int burst) {
            return new Limits(allowedOrigins, allowedHosts, perSecond, burst, maxBodyBytes, maxStreamsPerAddress,
                    maxConnectionsPerAddress, maxStreams, streamOpensPerSecond, streamOpenBurst, requestTimeout);
        }

        public Limits withMaxBodyBytes(int bytes) {
            return new Limits(allowedOrigins, allowedHosts, postsPerSecond, postBurst, bytes, maxStreamsPerAddress,
                    maxConnectionsPerAddress, maxStreams, streamOpensPerSecond, streamOpenBurst, requestTimeout);
        }

        public Limits withMaxStreamsPerAddress(int streams) {
            return new Limits(allowedOrigins, allowedHosts, postsPerSecond, postBurst, maxBodyBytes, streams,
                    maxConnectionsPerAddress, maxStreams, streamOpensPerSecond, streamOpenBurst, requestTimeout);
        }

        public Limits withMaxConnectionsPerAddress(int connections) {
            return new Limits(allowedOrigins, allowedHosts, postsPerSecond, postBurst, maxBodyBytes,
                    maxStreamsPerAddress, connections, maxStreams, streamOpensPerSecond, streamOpenBurst,
                    requestTimeout);
        }

        /** @param streams open streams in all; 0 for as many as the open-file limit allows */
        public Limits withMaxStreams(int streams) {
            return new Limits(allowedOrigins, allowedHosts, postsPerSecond, postBurst, maxBodyBytes,
                    maxStreamsPerAddress, maxConnectionsPerAddress, streams, streamOpensPerSecond, streamOpenBurst,
                    requestTimeout);
        }

        /** @param timeout how long a connection may take to bring a whole request (headers and body) */
        public Limits withRequestTimeout(Duration timeout) {
            return new Limits(allowedOrigins, allowedHosts, postsPerSecond, postBurst, maxBodyBytes,
                    maxStreamsPerAddress, maxConnectionsPerAddress, maxStreams, streamOpensPerSecond, streamOpenBurst,
                    timeout);
        }

        public Limits withStreamOpenRate(double perSecond, int burst) {
            return new Limits(allowedOrigins, allowedHosts, postsPerSecond, postBurst, maxBodyBytes,
                    maxStreamsPerAddress, maxConnectionsPerAddress, maxStreams, perSecond, burst, requestTimeout);
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

    /** @param maxStreams open streams in all, as {@link dev.hubbub.server.Capacity} worked out */
    public ChatRoutes(Room room, Limits limits, int maxStreams, Executor executor, Handler assets) {
        super(assets);
        this.room = room;
        this.origins = new OriginPolicy(limits.allowedOrigins());
        this.streams = new StreamHandler(room, new StreamLimiter(limits.maxStreamsPerAddress(), maxStreams),
                new RateLimiter(limits.streamOpensPerSecond(), limits.streamOpenBurst(), System::nanoTime));
        this.posts = new PostHandler(room,
                new RateLimiter(limits.postsPerSecond(), limits.postBurst(), System::nanoTime),
                limits.maxBodyBytes(), limits.requestTimeout(), executor);
        this.history = new HistoryHandler(room, executor);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        if (isApi(path)) {
            allowListedCors(request, response);
            String refusal = request.getMethod().equals("OPTIONS") ? null : origins.refusal(request);
            if (refusal != null) {
                Replies.text(response, callback, HttpStatus.FORBIDDEN_403, refusal);
                return true;
            }
        }
        if (path.equals("/chat")) {
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

    /** The room's API, which only the room's own pages (and allow-listed origins) may use; the rest is the page. */
    private static boolean isApi(String path) {
        return path.equals("/chat") || path.startsWith("/chat/") || path.equals("/status");
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
