package dev.hubbub.server.http;

import dev.hubbub.chat.Sentence;
import dev.hubbub.chat.Api;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.InvalidMessageException;
import dev.hubbub.chat.Names;
import dev.hubbub.chat.PersonStatus;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.hub.Hub;
import dev.hubbub.server.store.Directory;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * People's statuses. {@code PUT /profile/status} sets one's own ({@link PersonStatus} as JSON; checked by its own
 * rules, its text holds nothing that hides or turns the text around it ({@link dev.hubbub.server.unicode.FreeText}),
 * and its emoji must be one emoji of Unicode's list), {@code DELETE /profile/status} clears it; both tell every
 * structured stream ({@link StreamEvents#STATUS}) on every server. {@code GET /statuses} answers the statuses of those
 * online, or, with {@code ?name=A&name=B}, of those named (at most {@value #MAX_NAMES}), as they stand now (a
 * do-not-disturb that has ended is active). Nobody sets another's status, the host neither; a muted person sets no
 * new words ({@link Moderation}).
 *
 * <p>{@code GET /people[?q=words][&after=NAME][&limit=N]} is the people directory: everyone who holds a name, online
 * or not, with their status, by name, a page at a time ({@value #PEOPLE_PAGE} unless asked for fewer; at most
 * {@value #PEOPLE_MAX}), those whose name has every word of {@code q} (accents aside).
 */
final class StatusHandler {
    /** Changes per person: an idle client going away and coming back is two; a person picking one, a few. */
    static final double CHANGES_PER_SECOND = 0.5;
    static final int CHANGE_BURST = 10;
    /** The most names one {@code GET /statuses} may ask for. */
    static final int MAX_NAMES = 100;
    static final int PEOPLE_PAGE = 100;
    static final int PEOPLE_MAX = 500;

    private final Hub hub;
    private final Authenticator auth;
    private final JsonBodies bodies;
    private final Executor executor;
    private final Clock clock;
    private final Moderation rules;
    private final RateLimiter rate = new RateLimiter(CHANGES_PER_SECOND, CHANGE_BURST, System::nanoTime);

    StatusHandler(Hub hub, Authenticator auth, Moderation rules, JsonBodies bodies, Executor executor, Clock clock) {
        this.hub = hub;
        this.rules = rules;
        this.auth = auth;
        this.bodies = bodies;
        this.executor = executor;
        this.clock = clock;
    }

    /** {@code PUT} and {@code DELETE /profile/status}. */
    boolean set(Caller caller, Request request, Response response, Callback callback) {
        String method = request.getMethod();
        if (!method.equals("PUT") && !method.equals("DELETE")) {
            return SessionHandler.notAllowed(request, response, callback,
                    "/profile/status takes PUT (set your status) and DELETE (clear it)", "PUT, DELETE");
        }
        Optional<Directory.Identity> who = caller.identity();
        if (who.isEmpty()) {
            Replies.text(response, callback, HttpStatus.UNAUTHORIZED_401, Sentence.of("server.signInToSetYour"));
            return true;
        }
        Directory.Identity me = who.get();
        if (method.equals("DELETE")) {
            if (tooSoon(me, response, callback)) {
                return true;
            }
            // The directory blocks (a write): off Jetty's thread.
            executor.execute(() -> {
                try {
                    store(me, PersonStatus.PLAIN, response, callback);
                } catch (RuntimeException e) {
                    Replies.unexpected(response, callback, e);
                }
            });
            return true;
        }
        bodies.read(request, response, callback, PersonStatus.class, status -> {
            status.checkSetAt(clock.instant());
            if (status.text() != null) {
                dev.hubbub.server.unicode.FreeText.checked("a status's text", status.text());
            }
            if (status.emoji() != null && !dev.hubbub.server.unicode.Emoji.isOne(status.emoji())) {
                throw new InvalidMessageException(Sentence.of("server.aStatusSEmojiIs", "emoji", status.emoji()));
            }
            if (saysSomethingNew(me, status)) {
                rules.check(Moderation.Actor.of(caller), null, Moderation.Act.STATUS_WORDS);
            }
            // Counted once it is a status: a person correcting what they typed is not told to wait.
            if (!tooSoon(me, response, callback)) {
                store(me, status, response, callback);
            }
        });
        return true;
    }

    /**
     * Whether the status carries words (text or emoji) its person did not have: what a muted person may not set. An
     * idle client going away keeps the words that were there, and a person may always drop theirs.
     */
    private boolean saysSomethingNew(Directory.Identity me, PersonStatus status) {
        if (status.text() == null && status.emoji() == null) {
            return false;
        }
        PersonStatus had = auth.directory().status(me.key());
        return status.text() != null && !status.text().equals(had.text())
                || status.emoji() != null && !status.emoji().equals(had.emoji());
    }

    private boolean tooSoon(Directory.Identity me, Response response, Callback callback) {
        long wait = rate.acquire(me.key());
        if (wait > 0) {
            Replies.tooMany(response, callback, wait, Sentence.of("server.yourStatusChangesAFew"));
        }
        return wait > 0;
    }

    private void store(Directory.Identity me, PersonStatus status, Response response, Callback callback) {
        auth.directory().setStatus(me.key(), status);
        hub.tellEveryone(StreamEvents.STATUS, new StreamEvents.StatusChange(me.name(), status));
        Replies.json(response, callback, HttpStatus.OK_200, ChatJson.write(status));
    }

    /** {@code GET /statuses[?name=A&name=B]}. */
    boolean list(Caller caller, Request request, Response response, Callback callback) {
        List<String> asked = Request.extractQueryParameters(request).getValues("name");
        if (asked != null && asked.size() > MAX_NAMES) {
            Replies.text(response, callback, HttpStatus.BAD_REQUEST_400,
                    Sentence.of("server.askForAtMostNames", "names", MAX_NAMES, "size", asked.size()));
            return true;
        }
        boolean online = asked == null || asked.isEmpty();
        List<String> names = online ? hub.online() : asked;
        executor.execute(() -> {
            try {
                java.util.Set<String> wanted = new java.util.HashSet<>();
                for (String name : names) {
                    if (name != null && name.length() <= Names.MAX_LENGTH) {
                        wanted.add(Names.key(name));
                    }
                }
                java.time.Instant now = clock.instant();
                Map<String, PersonStatus> byName = new java.util.HashMap<>();
                auth.directory().statuses().forEach((name, status) -> {
                    PersonStatus standing = status.at(now);
                    if (wanted.contains(Names.key(name)) && !standing.isPlain()) {
                        byName.put(name, standing);
                    }
                });
                Replies.json(response, callback, HttpStatus.OK_200, ChatJson.write(new Api.Statuses(byName)));
            } catch (RuntimeException e) {
                Replies.unexpected(response, callback, e);
            }
        });
        return true;
    }

    /** {@code GET /people}. */
    boolean people(Caller caller, Request request, Response response, Callback callback) {
        var query = Request.extractQueryParameters(request);
        String words = query.getValue("q");
        String after = query.getValue("after");
        int limit = PEOPLE_PAGE;
        try {
            if (query.getValue("limit") != null) {
                limit = Integer.parseInt(query.getValue("limit"));
            }
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > PEOPLE_MAX) {
            Replies.text(response, callback, HttpStatus.BAD_REQUEST_400, Sentence.of("server.limitIsANumberFrom", "max", PEOPLE_MAX));
            return true;
        }
        if ((words != null && words.length() > 200) || (after != null && after.length() > Names.MAX_LENGTH * 4)) {
            Replies.text(response, callback, HttpStatus.BAD_REQUEST_400, Sentence.of("server.qAndAfterAreA"));
            return true;
        }
        int page = limit;
        executor.execute(() -> {
            try {
                List<String> wanted = Names.searchWords(words);
                String afterKey = after == null ? null : Names.key(after);
                java.util.Set<String> online = new java.util.HashSet<>();
                hub.online().forEach(name -> online.add(Names.key(name)));
                java.time.Instant now = clock.instant();
                Map<String, PersonStatus> statuses = new java.util.HashMap<>();
                auth.directory().statuses().forEach((name, status) -> statuses.put(Names.key(name), status.at(now)));
                List<String> names = auth.directory().claimedNames().stream()
                        .filter(name -> afterKey == null || Names.key(name).compareTo(afterKey) > 0)
                        .filter(name -> wanted.stream().allMatch(Names.fold(name)::contains))
                        .sorted(java.util.Comparator.comparing(Names::key)).limit(page + 1L).toList();
                List<Api.Someone> people = names.stream().limit(page).map(name -> {
                    PersonStatus status = statuses.get(Names.key(name));
                    return new Api.Someone(name, online.contains(Names.key(name)),
                            status == null || status.isPlain() ? null : status);
                }).toList();
                Replies.json(response, callback, HttpStatus.OK_200, ChatJson.write(new Api.People(people,
                        names.size() > page)));
            } catch (RuntimeException e) {
                Replies.unexpected(response, callback, e);
            }
        });
        return true;
    }
}
