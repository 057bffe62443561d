package dev.hubbub.server.http;

import dev.hubbub.chat.Sentence;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.server.Refused;
import dev.hubbub.server.files.FileStore;
import dev.hubbub.server.hub.Hub;
import dev.hubbub.server.store.Directory;
import dev.hubbub.server.store.MessageSearch;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.pathmap.MatchedResource;
import org.eclipse.jetty.http.pathmap.PathMappings;
import org.eclipse.jetty.http.pathmap.PathSpec;
import org.eclipse.jetty.http.pathmap.ServletPathSpec;
import org.eclipse.jetty.http.pathmap.UriTemplatePathSpec;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.CrossOriginHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Hubbub's HTTP surface, as one table from path templates to endpoints (see the constructor): {@code /chat} (GET
 * streams, POST sends), {@code /rooms/{id}/chat} (one room's tutorial stream), {@code /chat/history} (pages of stored
 * messages), {@code /session} (names and tokens), {@code /rooms}, {@code /files} (uploads and downloads),
 * {@code /chat/{id}} (edits, deletions, reactions), {@code /search}, {@code /typing}, {@code /host}, {@code /status},
 * {@code /avatars/{name}} (a person's initials on their colour, {@link dev.hubbub.chat.Avatar}), {@code /emoji}
 * (every emoji, for the page's picker);
 * everything else is the page and its assets.
 *
 * <p>Every request passes, in order: Jetty's {@link CrossOriginHandler} (the CORS protocol for the origins on
 * {@code --allow-origin}), then one {@link Caller} worked out for it, then the gates (a removed person's token, an
 * invite-only room's key, and for the API, another site's page: {@link OriginPolicy}), then its endpoint.
 */
public final class ChatRoutes extends Handler.Wrapper {
    /** Attempts to sign in (claim a name, use a link code or a token) per client address: rate and burst. */
    static final double SIGN_INS_PER_SECOND = 1;
    static final int SIGN_IN_BURST = 10;

    /** What {@code GET /status} answers. */
    record Status(String room, String epoch, List<String> online, int streams, long maxFileBytes) {
    }

    /** How long a browser keeps an avatar: a new picture shows everywhere within this. */
    static final int AVATAR_MAX_AGE = 300;

    private final Hub hub;
    private final Directory directory;
    private final OriginPolicy origins;
    private final long maxFileBytes;
    /** The table: every path the server answers, as templates, each to its endpoint; the page is the rest. */
    private final PathMappings<Route> routes = new PathMappings<>();

    /**
     * @param maxStreams open streams in all, as {@link dev.hubbub.server.Capacity} worked out
     * @param assets the page and its files: what answers every path the table does not name
     * @param hostToken what makes a signed-in person a host ({@code POST /host/claim})
     */
    public ChatRoutes(Hub hub, Directory directory, MessageSearch search, dev.hubbub.server.store.ReadState reading,
                      FileStore fileStore, HttpLimits limits,
                      int maxStreams, Executor executor, Clock clock, Handler assets, String hostToken,
                      java.util.function.Supplier<List<java.net.URI>> joinUris,
                      java.util.function.Supplier<dev.hubbub.server.store.Store.Health> storeHealth) {
        super(crossOrigin(limits.allowedOrigins()));
        this.hub = hub;
        this.directory = directory;
        this.origins = new OriginPolicy(limits.allowedOrigins());
        this.maxFileBytes = fileStore.limits().maxFileBytes();
        Authenticator auth = new Authenticator(directory);
        RateLimiter postRate = new RateLimiter(limits.postsPerSecond(), limits.postBurst(), System::nanoTime);
        JsonBodies bodies = new JsonBodies(limits.requestTimeout(), executor);
        Moderation rules = new Moderation(directory, clock);
        StreamHandler streams = new StreamHandler(hub, auth, new StreamLimiter(limits.maxStreamsPerAddress(),
                maxStreams), new RateLimiter(limits.streamOpensPerSecond(), limits.streamOpenBurst(),
                System::nanoTime));
        ThreadsHandler threads = new ThreadsHandler(hub, auth, reading, bodies, executor);
        PostHandler posts = new PostHandler(hub, auth, rules, fileStore, postRate, limits.maxBodyBytes(),
                limits.requestTimeout(), executor, clock, threads);
        int perMinute = fileStore.limits().uploadsPerMinute();
        FilesHandler files = new FilesHandler(fileStore, auth, rules, new RateLimiter(perMinute / 60.0, perMinute,
                System::nanoTime), limits.requestTimeout(), executor);
        HistoryHandler history = new HistoryHandler(hub, auth, executor);
        // Claims and link codes have a rate of their own: a code cannot be guessed at, nor posts starved by claims.
        Passphrases passphrases = new Passphrases();
        SessionHandler sessions = new SessionHandler(auth, bodies, new RateLimiter(SIGN_INS_PER_SECOND,
                SIGN_IN_BURST, System::nanoTime), clock, passphrases);
        DevicesHandler devices = new DevicesHandler(hub, auth, bodies, passphrases);
        RoomsHandler rooms = new RoomsHandler(hub, auth, rules, bodies, limits.maxRooms(), clock, executor);
        TypingHandler typing = new TypingHandler(hub, auth, rules, bodies);
        MessageActionsHandler actions = new MessageActionsHandler(hub, auth, rules, bodies, postRate, clock);
        SearchHandler searches = new SearchHandler(hub, search, auth, executor);
        HostHandler hosting = new HostHandler(hub, auth, bodies, hostToken, joinUris, clock);

        // Read top to bottom: a path, what each method does there. Every route here is the API (only the room's
        // own page and allow-listed origins may use it); anything else is the page.
        route("/chat", "/chat takes GET (the event stream) and POST (a message)",
                "GET", (caller, path, request, response, callback) ->
                        streams.handle(caller, null, request, response, callback),
                "POST", ignoringPath(posts::handle));
        route("/chat/history", "/chat/history takes GET", "GET", ignoringPath(history::handle));
        route("/chat/pins", "/chat/pins takes GET", "GET", ignoringPath(history::pins));
        deciding("/chat/{id}", (caller, path, request, response, callback) ->
                actions.handle(caller, path.get("id"), false, null, request, response, callback), "PATCH", "DELETE");
        deciding("/chat/{id}/pin", (caller, path, request, response, callback) ->
                actions.pin(caller, path.get("id"), request, response, callback), "PUT", "DELETE");
        deciding("/chat/{id}/reactions", (caller, path, request, response, callback) ->
                actions.handle(caller, path.get("id"), true, null, request, response, callback), "POST");
        deciding("/chat/{id}/reactions/{emoji}", (caller, path, request, response, callback) ->
                actions.handle(caller, path.get("id"), true, path.get("emoji"), request, response, callback),
                "DELETE");
        route("/threads", "/threads takes GET", "GET", ignoringPath(threads::list));
        deciding("/threads/{id}/follow", (caller, path, request, response, callback) ->
                threads.follow(caller, path.get("id"), request, response, callback), "PUT", "DELETE");
        route("/read", "/read takes GET (where people read) and POST (where you read)", "GET",
                ignoringPath(threads::positions), "POST", ignoringPath(threads::read));
        route("/read/sharing", "/read/sharing takes PUT", "PUT", ignoringPath(threads::sharing));
        deciding("/rooms", ignoringPath(rooms::handle), "GET", "POST");
        route("/rooms/{id}", "%s takes GET", "GET", (caller, path, request, response, callback) ->
                rooms.room(caller, path.get("id"), request, response, callback));
        deciding("/rooms/{id}/membership", (caller, path, request, response, callback) ->
                rooms.membership(caller, path.get("id"), request, response, callback), "PUT", "DELETE");
        route("/rooms/{id}/topic", "%s takes PUT", "PUT", (caller, path, request, response, callback) ->
                rooms.topic(caller, path.get("id"), request, response, callback));
        route("/profile/rooms", "/profile/rooms takes GET", "GET", ignoringPath(rooms::mine));
        route("/rooms/{id}/chat", "%s takes GET", "GET", (caller, path, request, response, callback) ->
                streams.handle(caller, path.get("id"), request, response, callback));
        deciding("/session", (caller, path, request, response, callback) ->
                sessions.handle(caller, "/session", request, response, callback), "GET", "POST", "DELETE");
        deciding("/session/link", (caller, path, request, response, callback) ->
                sessions.handle(caller, "/session/link", request, response, callback), "POST");
        route("/session/devices", "/session/devices takes GET", "GET", devices::devices);
        route("/session/devices/{id}", "%s takes DELETE", "DELETE", devices::devices);
        Endpoint passphrase = ignoringPath(devices::passphrase);
        route("/profile/passphrase", "/profile/passphrase takes GET, PUT and DELETE", Map.of("GET", passphrase,
                "PUT", passphrase, "DELETE", passphrase));
        ExportHandler exports = new ExportHandler(hub, auth, fileStore, executor,
                limits.exportDeadline());
        route("/export", "/export takes GET", "GET", ignoringPath(exports::handle));
        route("/typing", "/typing takes POST", "POST", ignoringPath(typing::handle));
        route("/search", "/search takes GET", "GET", ignoringPath(searches::handle));
        route("/files", "/files takes POST (a file's bytes, with ?name=FILENAME)", "POST",
                ignoringPath(files::upload));
        Endpoint download = (caller, path, request, response, callback) -> files.download(caller, path.get("id"),
                Request.getPathInContext(request).endsWith("/thumbnail"), request, response, callback);
        route("/files/{id}", "%s takes GET", "GET", download, "HEAD", download);
        route("/files/{id}/thumbnail", "%s takes GET", "GET", download, "HEAD", download);
        route("/status", "/status takes GET", "GET", (caller, path, request, response, callback) -> {
            Replies.json(response, callback, HttpStatus.OK_200, ChatJson.write(new Status(hub.name(), hub.epoch(),
                    hub.online(), hub.streamCount(), maxFileBytes)));
            return true;
        });
        route("/avatars/{name}", "%s takes GET", "GET", (caller, path, request, response, callback) -> {
            // Jetty leaves some characters of a path encoded (a space among them): decoded here.
            String name = org.eclipse.jetty.util.URIUtil.decodePath(path.get("name"));
            if (name == null || name.isBlank() || name.length() > dev.hubbub.chat.Names.MAX_LENGTH) {
                Replies.text(response, callback, HttpStatus.NOT_FOUND_404, Sentence.of("server.noSuchName"));
                return true;
            }
            // Their picture, if the person holding the name set one; else their initials (or, asked for
            // ?picture=only, as the app does, 404). Looked up off Jetty's thread: the directory may block.
            boolean only = "only".equals(Request.extractQueryParameters(request).getValue("picture"));
            executor.execute(() -> {
                try {
                    Optional<byte[]> picture = directory.claimed(dev.hubbub.chat.Names.key(name))
                            .flatMap(person -> directory.picture(person.key()));
                    if (picture.isPresent()) {
                        Replies.picture(response, callback, "image/png", picture.get(), AVATAR_MAX_AGE);
                    } else if (only) {
                        Replies.text(response, callback, HttpStatus.NOT_FOUND_404, Sentence.of("server.hasNoPicture", "name", name));
                    } else {
                        Replies.picture(response, callback, "image/svg+xml", dev.hubbub.chat.Avatar.of(name).svg()
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8), AVATAR_MAX_AGE);
                    }
                } catch (RuntimeException e) {
                    Replies.unexpected(response, callback, e);
                }
            });
            return true;
        });
        ProfileHandler profile = new ProfileHandler(auth, rules, fileStore, bodies, executor);
        deciding("/profile/picture", ignoringPath(profile::handle), "PUT", "DELETE");
        StatusHandler statuses = new StatusHandler(hub, auth, rules, bodies, executor, clock);
        deciding("/profile/status", ignoringPath(statuses::set), "PUT", "DELETE");
        route("/people", "/people takes GET", "GET", ignoringPath(statuses::people));
        route("/statuses", "/statuses takes GET", "GET", ignoringPath(statuses::list));
        EmojiCatalog emoji = new EmojiCatalog();
        route("/emoji", "/emoji takes GET", "GET", (caller, path, request, response, callback) ->
                emoji.handle(request, response, callback));
        Endpoint host = (caller, path, request, response, callback) ->
                hosting.handle(caller, Request.getPathInContext(request), request, response, callback);
        ConsoleHandler console = new ConsoleHandler(hub, auth, bodies, fileStore, storeHealth, executor, clock);
        route("/host/people", "/host/people takes GET", "GET", console::handle);
        route("/host/server", "/host/server takes GET", "GET", console::handle);
        route("/host/files", "/host/files takes GET", "GET", console::handle);
        route("/host/files/{id}", "%s takes DELETE", "DELETE", console::handle);
        route("/host/rename-room", "/host/rename-room takes POST", "POST", console::handle);
        route("/host/retention", "/host/retention takes GET and POST", "GET", console::handle, "POST",
                console::handle);
        deciding("/host", host, "GET");
        deciding("/host/*", host, "POST", "DELETE");
        ((Handler.Wrapper) getHandler()).setHandler(new Dispatch(assets));
        // What a cross-origin page may ask for is what the table takes: one list, never a second one to keep in step.
        ((CrossOriginHandler) getHandler()).setAllowedMethods(methods().values().stream()
                .flatMap(java.util.Set::stream).collect(java.util.stream.Collectors.toCollection(
                        java.util.TreeSet::new)));
    }

    /**
     * What answers a request the table matched, with who it comes from already worked out and its path's parameters
     * read ({@code {id}} in {@code /chat/{id}}).
     */
    @FunctionalInterface
    interface Endpoint {
        boolean handle(Caller caller, Map<String, String> path, Request request, Response response,
                       Callback callback) throws Exception;
    }

    /** An endpoint that needs nothing of its path. */
    @FunctionalInterface
    interface PathlessEndpoint {
        boolean handle(Caller caller, Request request, Response response, Callback callback) throws Exception;
    }

    private static Endpoint ignoringPath(PathlessEndpoint endpoint) {
        return (caller, path, request, response, callback) -> endpoint.handle(caller, request, response, callback);
    }

    /** The method for a route whose endpoint tells the methods apart itself: it answers any other with its own 405. */
    private static final String ANY = "*";

    /**
     * One row of the table.
     *
     * @param takes what a 405 says the path takes ({@code %s}: the path as asked); null when the endpoint answers
     *     every method itself
     */
    private record Route(PathSpec spec, String takes, Map<String, Endpoint> methods) {
        boolean handle(Caller caller, Request request, Response response, Callback callback) throws Exception {
            Map<String, String> path = spec instanceof UriTemplatePathSpec template
                    ? template.getPathParams(Request.getPathInContext(request)) : Map.of();
            Endpoint endpoint = methods.getOrDefault(request.getMethod(), methods.get(ANY));
            if (endpoint == null) {
                return SessionHandler.notAllowed(request, response, callback,
                        String.format(takes, Request.getPathInContext(request)), String.join(", ", methods.keySet()));
            }
            try {
                return endpoint.handle(caller, path, request, response, callback);
            } catch (Refused | dev.hubbub.chat.InvalidMessageException refused) {
                // What an endpoint refuses while it decides, before it answered anything (Refused, with its status;
                // a message against the rules, 400): answered here, in one place.
                if (response.isCommitted()) {
                    throw refused;
                }
                Replies.text(response, callback, refused instanceof Refused r ? r.status()
                        : HttpStatus.BAD_REQUEST_400, Replies.reason(response, refused));
                return true;
            }
        }
    }

    /** Adds a row: a path (a template with {@code {name}}s, or a prefix ending in {@code /*}), a method, its endpoint. */
    private void route(String path, String takes, String method, Endpoint endpoint) {
        route(path, takes, Map.of(method, endpoint));
    }

    private void route(String path, String takes, String method, Endpoint endpoint, String other, Endpoint second) {
        Map<String, Endpoint> methods = new java.util.LinkedHashMap<>();
        methods.put(method, endpoint);
        methods.put(other, second);
        route(path, takes, methods);
    }

    /**
     * Adds a row whose endpoint tells {@code methods} apart itself, and answers any other with a 405 of its own (that
     * says what the path takes).
     */
    private void deciding(String path, Endpoint endpoint, String... methods) {
        Map<String, Endpoint> taken = new java.util.LinkedHashMap<>();
        for (String method : methods) {
            taken.put(method, endpoint);
        }
        taken.put(ANY, endpoint);
        route(path, null, taken);
    }

    /** Every row of the table: its path as written ({@code /chat/{id}}, {@code /host/*}) and the methods it takes. */
    Map<String, java.util.Set<String>> methods() {
        Map<String, java.util.Set<String>> table = new java.util.LinkedHashMap<>();
        for (org.eclipse.jetty.http.pathmap.MappedResource<Route> row : routes) {
            java.util.Set<String> methods = new java.util.LinkedHashSet<>(row.getResource().methods().keySet());
            methods.remove(ANY);
            table.put(row.getPathSpec().getDeclaration(), java.util.Collections.unmodifiableSet(methods));
        }
        return table;
    }

    private void route(String path, String takes, Map<String, Endpoint> methods) {
        PathSpec spec = path.contains("{") ? new UriTemplatePathSpec(path) : new ServletPathSpec(path);
        routes.put(spec, new Route(spec, takes, java.util.Collections.unmodifiableMap(methods)));
    }

    /** Cross-origin requests from the origins on {@code --allow-origin} (Jetty's CORS protocol), for the API. */
    private static CrossOriginHandler crossOrigin(List<String> allowedOrigins) {
        CrossOriginHandler cors = new CrossOriginHandler();
        cors.setAllowedOriginPatterns(allowedOrigins.stream().map(ChatRoutes::originPattern)
                .collect(java.util.stream.Collectors.toSet()));
        cors.setAllowCredentials(true);
        // Its allowed methods are the table's, set once the table is made.
        cors.setAllowedHeaders(java.util.Set.of("Content-Type", "Last-Event-ID", "Authorization"));
        cors.setExposedHeaders(java.util.Set.of("Retry-After"));
        cors.setPreflightMaxAge(Duration.ofMinutes(10));
        // Our own answer to a preflight: 204 to an allowed origin, 403 with why to any other (OriginPolicy).
        cors.setDeliverPreflightRequests(true);
        return cors;
    }

    /** An allowed origin as the pattern the CORS handler matches: any case, its default port written or not. */
    private static String originPattern(String origin) {
        if (origin.equals("*")) {
            return origin;
        }
        String normalized = OriginPolicy.normalize(origin);
        String defaultPort = normalized.startsWith("https://") ? ":443" : ":80";
        String bare = normalized.endsWith(defaultPort)
                ? normalized.substring(0, normalized.length() - defaultPort.length()) : null;
        return "(?i)" + (bare == null ? java.util.regex.Pattern.quote(normalized)
                : java.util.regex.Pattern.quote(bare) + "(" + java.util.regex.Pattern.quote(defaultPort) + ")?");
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

    /**
     * Every request, after the CORS handler: who it comes from (once), the gates every request passes (a removed
     * person's token, an invite-only room's key, another site's page), then the route, or the page.
     */
    private final class Dispatch extends Handler.Wrapper {
        Dispatch(Handler assets) {
            super(assets);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            try {
                return dispatch(request, response, callback);
            } catch (dev.hubbub.server.store.StoreUnavailableException e) {
                // A shared store out of reach while asking who someone is (the endpoints answer their own failures).
                if (response.isCommitted()) {
                    throw e;
                }
                Replies.unavailable(response, callback, e);
                return true;
            }
        }

        private boolean dispatch(Request request, Response response, Callback callback) throws Exception {
            String path = Request.getPathInContext(request);
            String method = request.getMethod();
            MatchedResource<Route> matched = routes.getMatched(path);
            Route route = matched == null ? null : matched.getResource();
            Caller caller = Caller.of(directory, request);
            String removed = route == null ? null : caller.removedName();
            if (removed != null && !(path.equals("/session") && method.equals("DELETE"))) {
                Replies.text(response, callback, HttpStatus.FORBIDDEN_403, Sentence.of("server.theHostRemovedFromThis", "name", removed));
                return true;
            }
            if (lacksKey(request) && caller.identity().isEmpty()
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
                            Sentence.of("server.thisRoomIsInviteOnly"));
                }
                return true;
            }
            String key = Query.of(request).getValue("key");
            if (key != null && !lacksKey(request) && directory.inviteKey().isPresent()) {
                // Came by the link: the page's own requests (its scripts, its sign-in) carry the key from here on.
                Authenticator.setInviteCookie(request, response, key);
            }
            if (route == null) {
                return super.handle(request, response, callback);
            }
            if (method.equals("OPTIONS")) {
                return preflight(request, response, callback);
            }
            String refusal = origins.refusal(request);
            if (refusal != null) {
                Replies.text(response, callback, HttpStatus.FORBIDDEN_403, refusal);
                return true;
            }
            return route.handle(caller, request, response, callback);
        }
    }

    /** Whether the room is invite-only and the request does not carry its key (query {@code key}, or the cookie). */
    private boolean lacksKey(Request request) {
        return directory.inviteKey().map(key -> !Authenticator.sameSecret(key, Authenticator.keyOf(request)))
                .orElse(false);
    }

    /** A CORS preflight the CORS handler answered for an allowed origin: 204; from any other origin, 403. */
    private boolean preflight(Request request, Response response, Callback callback) {
        if (origins.allowListed(request) == null) {
            Replies.text(response, callback, HttpStatus.FORBIDDEN_403, Sentence.of("server.thisOriginMayNotUse"));
            return true;
        }
        response.setStatus(HttpStatus.NO_CONTENT_204);
        callback.succeeded();
        return true;
    }
}
