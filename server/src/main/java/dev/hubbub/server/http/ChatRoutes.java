package dev.hubbub.server.http;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.server.files.FileStore;
import dev.hubbub.server.hub.Hub;
import dev.hubbub.server.store.Directory;
import dev.hubbub.server.store.MessageSearch;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * Hubbub's HTTP surface: {@code /chat} (GET streams, POST sends), {@code /rooms/{id}/chat} (one room's tutorial
 * stream), {@code /chat/history} (pages of stored messages), {@code /session} (names and tokens), {@code /rooms},
 * {@code /files} (uploads and downloads), {@code /chat/{id}} (edits, deletions, reactions), {@code /search},
 * {@code /status}, and everything else from the
 * wrapped handler (the page and its assets).
 */
public final class ChatRoutes extends Handler.Wrapper {
    /** Attempts to sign in (claim a name, use a link code or a token) per client address: rate and burst. */
    static final double SIGN_INS_PER_SECOND = 1;
    static final int SIGN_IN_BURST = 10;
    private static final Pattern ROOM_STREAM = Pattern.compile("/rooms/([a-z0-9-]{1,64})/chat");

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
                         Duration requestTimeout, List<String> trustedProxies, int maxRooms) {

        /** Rooms in all, by default: every stream's {@code hello} lists them. */
        public static final int DEFAULT_MAX_ROOMS = 1_000;

        /** The documented defaults of {@code hubbub serve}. */
        public static Limits defaults() {
            return new Limits(List.of(), List.of(), 5, 20, 64 * 1024, 32, 64, 0, 1, 30, Duration.ofSeconds(20),
                    List.of(), DEFAULT_MAX_ROOMS);
        }

        public Limits withAllowedOrigins(List<String> origins) {
            return new Limits(List.copyOf(origins), allowedHosts, postsPerSecond, postBurst, maxBodyBytes,
                    maxStreamsPerAddress, maxConnectionsPerAddress, maxStreams, streamOpensPerSecond,
                    streamOpenBurst, requestTimeout, trustedProxies, maxRooms);
        }

        public Limits withAllowedHosts(List<String> hosts) {
            return new Limits(allowedOrigins, List.copyOf(hosts), postsPerSecond, postBurst, maxBodyBytes,
                    maxStreamsPerAddress, maxConnectionsPerAddress, maxStreams, streamOpensPerSecond,
                    streamOpenBurst, requestTimeout, trustedProxies, maxRooms);
        }

        public Limits withPostRate(double perSecond, int burst) {
            return new Limits(allowedOrigins, allowedHosts, perSecond, burst, maxBodyBytes, maxStreamsPerAddress,
                    maxConnectionsPerAddress, maxStreams, streamOpensPerSecond, streamOpenBurst, requestTimeout,
                    trustedProxies, maxRooms);
        }

        public Limits withMaxBodyBytes(int bytes) {
            return new Limits(allowedOrigins, allowedHosts, postsPerSecond, postBurst, bytes, maxStreamsPerAddress,
                    maxConnectionsPerAddress, maxStreams, streamOpensPerSecond, streamOpenBurst, requestTimeout,
                    trustedProxies, maxRooms);
        }

        public Limits withMaxStreamsPerAddress(int streams) {
            return new Limits(allowedOrigins, allowedHosts, postsPerSecond, postBurst, maxBodyBytes, streams,
                    maxConnectionsPerAddress, maxStreams, streamOpensPerSecond, streamOpenBurst, requestTimeout,
                    trustedProxies, maxRooms);
        }

        public Limits withMaxConnectionsPerAddress(int connections) {
            return new Limits(allowedOrigins, allowedHosts, postsPerSecond, postBurst, maxBodyBytes,
                    maxStreamsPerAddress, connections, maxStreams, streamOpensPerSecond, streamOpenBurst,
                    requestTimeout, trustedProxies, maxRooms);
        }

        /** @param streams open streams in all; 0 for as many as the open-file limit allows */
        public Limits withMaxStreams(int streams) {
            return new Limits(allowedOrigins, allowedHosts, postsPerSecond, postBurst, maxBodyBytes,
                    maxStreamsPerAddress, maxConnectionsPerAddress, streams, streamOpensPerSecond, streamOpenBurst,
                    requestTimeout, trustedProxies, maxRooms);
        }

        /** @param timeout how long a connection may take to bring a whole request (headers and body) */
        public Limits withRequestTimeout(Duration timeout) {
            return new Limits(allowedOrigins, allowedHosts, postsPerSecond, postBurst, maxBodyBytes,
                    maxStreamsPerAddress, maxConnectionsPerAddress, maxStreams, streamOpensPerSecond, streamOpenBurst,
                    timeout, trustedProxies, maxRooms);
        }

        public Limits withStreamOpenRate(double perSecond, int burst) {
            return new Limits(allowedOrigins, allowedHosts, postsPerSecond, postBurst, maxBodyBytes,
                    maxStreamsPerAddress, maxConnectionsPerAddress, maxStreams, perSecond, burst, requestTimeout,
                    trustedProxies, maxRooms);
        }

        /**
         * Load balancers (such as nginx) in front of the server: their connections are not limited per address,
         * and the client address they send ({@code X-Forwarded-For}) is the one per-address limits count.
         */
        public Limits withTrustedProxies(List<String> proxies) {
            return new Limits(allowedOrigins, allowedHosts, postsPerSecond, postBurst, maxBodyBytes,
                    maxStreamsPerAddress, maxConnectionsPerAddress, maxStreams, streamOpensPerSecond,
                    streamOpenBurst, requestTimeout, List.copyOf(proxies), maxRooms);
        }

        /** @param rooms rooms in all, {@code general} included */
        public Limits withMaxRooms(int rooms) {
            return new Limits(allowedOrigins, allowedHosts, postsPerSecond, postBurst, maxBodyBytes,
                    maxStreamsPerAddress, maxConnectionsPerAddress, maxStreams, streamOpensPerSecond,
                    streamOpenBurst, requestTimeout, trustedProxies, rooms);
        }
    }

    /** What {@code GET /status} answers. */
    record Status(String room, String epoch, List<String> online, int streams, long maxFileBytes) {
    }

    private final Hub hub;
    private final OriginPolicy origins;
    private final StreamHandler streams;
    private final PostHandler posts;
    private final HistoryHandler history;
    private final SessionHandler sessions;
    private final RoomsHandler rooms;
    private final FilesHandler files;
    private final TypingHandler typing;
    private final MessageActionsHandler actions;
    private final SearchHandler search;
    private final HostHandler hosting;
    private final Authenticator auth;
    private final long maxFileBytes;

    /** @param maxStreams open streams in all, as {@link dev.hubbub.server.Capacity} worked out */
    /**
     * @param hostToken what makes a signed-in person a host ({@code POST /host/claim})
     */
    public ChatRoutes(Hub hub, Directory directory, MessageSearch search, FileStore fileStore, Limits limits,
                      int maxStreams, Executor executor, Clock clock, Handler assets, String hostToken,
                      java.util.function.Supplier<List<java.net.URI>> joinUris) {
        super(assets);
        this.hub = hub;
        this.origins = new OriginPolicy(limits.allowedOrigins());
        Authenticator auth = new Authenticator(directory);
        this.auth = auth;
        RateLimiter postRate = new RateLimiter(limits.postsPerSecond(), limits.postBurst(), System::nanoTime);
        JsonBodies bodies = new JsonBodies(limits.requestTimeout(), executor);
        Moderation rules = new Moderation(directory, clock);
        this.streams = new StreamHandler(hub, auth, new StreamLimiter(limits.maxStreamsPerAddress(), maxStreams),
                new RateLimiter(limits.streamOpensPerSecond(), limits.streamOpenBurst(), System::nanoTime));
        this.posts = new PostHandler(hub, auth, rules, fileStore, postRate, limits.maxBodyBytes(),
                limits.requestTimeout(), executor, clock);
        this.maxFileBytes = fileStore.limits().maxFileBytes();
        int perMinute = fileStore.limits().uploadsPerMinute();
        this.files = new FilesHandler(fileStore, auth, rules, new RateLimiter(perMinute / 60.0, perMinute, System::nanoTime),
                limits.requestTimeout(), executor);
        this.history = new HistoryHandler(hub, auth, executor);
        // Claims and link codes have a rate of their own: a code cannot be guessed at, nor posts starved by claims.
        this.sessions = new SessionHandler(auth, bodies, new RateLimiter(SIGN_INS_PER_SECOND, SIGN_IN_BURST,
                System::nanoTime), clock);
        this.rooms = new RoomsHandler(hub, auth, rules, bodies, limits.maxRooms(), clock);
        this.typing = new TypingHandler(hub, auth, rules, bodies);
        this.actions = new MessageActionsHandler(hub, auth, rules, bodies, postRate, clock);
        this.search = new SearchHandler(hub, search, auth, executor);
        this.hosting = new HostHandler(hub, auth, bodies, hostToken, joinUris, clock);
    }

    /** What a browser without the key of an invite-only room gets instead of the page. */
    private static final String ASK_FOR_THE_LINK = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1"><title>Hubbub: invite only</title></head>
            <body><h1>This room is invite-only</h1>
            <p>Ask the host for the link: it carries the room's key. Once you have joined with it, this browser stays
            in.</p></body></html>
            """;

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        try {
            return route(request, response, callback);
        } catch (dev.hubbub.server.store.StoreUnavailableException e) {
            // A shared store out of reach while asking who someone is (the handlers answer their own failures).
            if (response.isCommitted()) {
                throw e;
            }
            Replies.unavailable(response, callback, e);
            return true;
        }
    }

    private boolean route(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        String removed = auth.removedRefusal(request);
        if (removed != null && isApi(path) && !(path.equals("/session") && method.equals("DELETE"))) {
            Replies.text(response, callback, HttpStatus.FORBIDDEN_403, removed + "; only the host can let you back");
            return true;
        }
        if (auth.lacksKey(request) && auth.identify(request).isEmpty()
                && !(path.equals("/session") && (method.equals("POST") || method.equals("OPTIONS")))) {
            // Invite-only: nobody comes further without the room's key or a token it gave (SessionHandler checks
            // the key a sign-in brings in its body).
            if (method.equals("GET") && (path.equals("/") || path.equals("/index.html"))) {
                response.setStatus(HttpStatus.UNAUTHORIZED_401);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
                response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
                response.write(true, java.nio.ByteBuffer.wrap(ASK_FOR_THE_LINK.getBytes(
                        java.nio.charset.StandardCharsets.UTF_8)), callback);
            } else {
                Replies.text(response, callback, HttpStatus.UNAUTHORIZED_401,
                        "this room is invite-only: ask the host for the link (it carries the room's key)");
            }
            return true;
        }
        String key = Request.extractQueryParameters(request).getValue("key");
        if (key != null && !auth.lacksKey(request) && auth.directory().inviteKey().isPresent()) {
            // Came by the link: the page's own requests (its scripts, its sign-in) carry the key from here on.
            Authenticator.setInviteCookie(request, response, key);
        }
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
                case "GET" -> streams.handle(null, request, response, callback);
                case "POST" -> posts.handle(request, response, callback);
                case "OPTIONS" -> preflight(request, response, callback);
                default -> SessionHandler.notAllowed(request, response, callback,
                        "/chat takes GET (the event stream) and POST (a message)", "GET, POST, OPTIONS");
            };
        }
        if (path.equals("/chat/history")) {
            return request.getMethod().equals("GET") ? history.handle(request, response, callback)
                    : SessionHandler.notAllowed(request, response, callback, "/chat/history takes GET", "GET");
        }
        if (path.equals("/host") || path.startsWith("/host/")) {
            return hosting.handle(path, request, response, callback);
        }
        Matcher action = MessageActionsHandler.PATH.matcher(path);
        if (action.matches()) {
            return request.getMethod().equals("OPTIONS") ? preflight(request, response, callback)
                    : actions.handle(action, request, response, callback);
        }
        if (path.equals("/search")) {
            return request.getMethod().equals("GET") ? search.handle(request, response, callback)
                    : SessionHandler.notAllowed(request, response, callback, "/search takes GET", "GET");
        }
        if (path.equals("/session") || path.equals("/session/link")) {
            return sessions.handle(path, request, response, callback);
        }
        if (path.equals("/rooms")) {
            return rooms.handle(request, response, callback);
        }
        Matcher roomStream = ROOM_STREAM.matcher(path);
        if (roomStream.matches()) {
            return request.getMethod().equals("GET") ? streams.handle(roomStream.group(1), request, response, callback)
                    : SessionHandler.notAllowed(request, response, callback, path + " takes GET", "GET");
        }
        if (path.equals("/typing")) {
            return request.getMethod().equals("POST") ? typing.handle(request, response, callback)
                    : SessionHandler.notAllowed(request, response, callback, "/typing takes POST", "POST");
        }
        if (path.equals("/files")) {
            return request.getMethod().equals("POST") ? files.upload(request, response, callback)
                    : SessionHandler.notAllowed(request, response, callback,
                            "/files takes POST (a file's bytes, with ?name=FILENAME)", "POST");
        }
        Matcher file = FilesHandler.FILE_PATH.matcher(path);
        if (file.matches()) {
            return request.getMethod().equals("GET") || request.getMethod().equals("HEAD")
                    ? files.download(file, request, response, callback)
                    : SessionHandler.notAllowed(request, response, callback, path + " takes GET", "GET, HEAD");
        }
        if (path.equals("/status") && request.getMethod().equals("GET")) {
            Replies.json(response, callback, HttpStatus.OK_200,
                    ChatJson.write(new Status(hub.name(), hub.epoch(), hub.online(), hub.streamCount(),
                            maxFileBytes)));
            return true;
        }
        return super.handle(request, response, callback);
    }

    /** The API, which only the server's own pages (and allow-listed origins) may use; the rest is the page. */
    private static boolean isApi(String path) {
        return path.equals("/chat") || path.startsWith("/chat/") || path.equals("/status")
                || path.startsWith("/session") || path.equals("/rooms") || path.startsWith("/rooms/")
                || path.equals("/files") || path.startsWith("/files/") || path.equals("/typing")
                || path.equals("/search") || path.equals("/host") || path.startsWith("/host/");
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
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, PATCH, DELETE");
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS,
                "Content-Type, Last-Event-ID, Authorization");
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_MAX_AGE, "600");
        response.setStatus(HttpStatus.NO_CONTENT_204);
        callback.succeeded();
        return true;
    }
}
