package dev.hubbub.server.http;

import dev.hubbub.chat.Sentence;
import dev.hubbub.chat.Api;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.Names;
import dev.hubbub.server.store.Directory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code /session}: claiming a name, and the tokens that prove it.
 *
 * <ul>
 *   <li>{@code POST /session {"name":"Ann"}} claims a name: 201 with the token (also set as a cookie); 409 when it is
 *       someone else's; 200 when this client already holds it.</li>
 *   <li>{@code POST /session {"name":"Ann","passphrase":"…"}} signs in on any device with the passphrase Ann set
 *       ({@code PUT /profile/passphrase}): 201 with a token; 403 when it is not hers (or she set none). A name nobody
 *       holds is claimed with that passphrase set. At most {@value #TRIES_PER_NAME_BURST} tries at once and
 *       {@value #TRIES_PER_NAME_HOUR} an hour per name, and {@value #TRIES_PER_ADDRESS_BURST} at once and
 *       {@value #TRIES_PER_ADDRESS_HOUR} an hour per address (429 with {@code Retry-After}).</li>
 *   <li>{@code POST /session {"code":"ABCD-2345"}} exchanges a one-time link code from another device of the same
 *       person (or the one the host made when resetting their sign-in) for a token of the same name.</li>
 *   <li>{@code POST /session {"token":"…"}} signs a client in again with a token it kept (its cookie lost).</li>
 *   <li>{@code GET /session} says who the request is signed in as; {@code DELETE /session} signs it out.</li>
 *   <li>{@code POST /session/link} (signed in) makes a link code, valid {@value #LINK_MINUTES} minutes, once; a
 *   person makes at most {@value #LINK_CODE_BURST} at once and {@value #LINK_CODES_PER_HOUR} an hour.</li>
 * </ul>
 */
final class SessionHandler {
    static final int LINK_MINUTES = 10;
    static final int LINK_CODES_PER_HOUR = 20;
    static final int LINK_CODE_BURST = 5;
    static final int TRIES_PER_NAME_HOUR = 20;
    static final int TRIES_PER_NAME_BURST = 5;
    static final int TRIES_PER_ADDRESS_HOUR = 60;
    static final int TRIES_PER_ADDRESS_BURST = 10;

    private final Authenticator auth;
    private final JsonBodies bodies;
    private final RateLimiter rate;
    private final Clock clock;
    /** Link codes per person: each is a way in, stored until it expires, so a person may not make them endlessly. */
    private final RateLimiter codes = new RateLimiter(LINK_CODES_PER_HOUR / 3600.0, LINK_CODE_BURST,
            System::nanoTime);

    /** Passphrase tries per name (so a name cannot be guessed at from many addresses) and per address. */
    private final RateLimiter triesPerName = new RateLimiter(TRIES_PER_NAME_HOUR / 3600.0, TRIES_PER_NAME_BURST,
            System::nanoTime);
    private final RateLimiter triesPerAddress = new RateLimiter(TRIES_PER_ADDRESS_HOUR / 3600.0,
            TRIES_PER_ADDRESS_BURST, System::nanoTime);
    private final Passphrases passphrases;
    /**
     * Checked against when a name has no passphrase, so that a wrong try takes as long whether or not the person set
     * one (the answer's time tells nothing).
     */
    private volatile String nobodys;

    SessionHandler(Authenticator auth, JsonBodies bodies, RateLimiter rate, Clock clock, Passphrases passphrases) {
        this.passphrases = passphrases;
        this.auth = auth;
        this.bodies = bodies;
        this.rate = rate;
        this.clock = clock;
    }

    boolean handle(Caller caller, String path, Request request, Response response, Callback callback) {
        Directory directory = auth.directory();
        if (path.equals("/session/link")) {
            if (!request.getMethod().equals("POST")) {
                return notAllowed(request, response, callback, "/session/link takes POST", "POST");
            }
            Optional<Directory.Identity> who = caller.identity();
            if (who.isEmpty()) {
                Replies.text(response, callback, HttpStatus.UNAUTHORIZED_401,
                        Sentence.of("server.signInFirstALink"));
                return true;
            }
            long wait = codes.acquire(who.get().key());
            if (wait > 0) {
                Replies.tooMany(response, callback, wait, Sentence.of("server.tooManyLinkCodesFor", "name", who.get().name(), "burst", LINK_CODE_BURST, "hour", LINK_CODES_PER_HOUR));
                return true;
            }
            Instant expires = clock.instant().plus(Duration.ofMinutes(LINK_MINUTES));
            String code = directory.linkCode(who.get(), expires);
            Replies.json(response, callback, HttpStatus.CREATED_201, ChatJson.write(new Api.LinkCode(code, expires)));
            return true;
        }
        switch (request.getMethod()) {
            case "GET" -> {
                Optional<Directory.Identity> who = caller.identity();
                if (who.isEmpty()) {
                    Replies.text(response, callback, HttpStatus.UNAUTHORIZED_401, Sentence.of("server.notSignedIn"));
                } else {
                    directory.seen(caller.token(), clock.instant());
                    Replies.json(response, callback, HttpStatus.OK_200,
                            ChatJson.write(new Api.Session(who.get().name(), null)));
                }
            }
            case "DELETE" -> {
                String token = caller.token();
                if (token != null) {
                    directory.revoke(token);
                }
                Authenticator.clearCookie(request, response);
                response.setStatus(HttpStatus.NO_CONTENT_204);
                callback.succeeded();
            }
            case "POST" -> {
                long wait = rate.acquire(caller.addressKey());
                if (wait > 0) {
                    long seconds = Math.max(1, (wait + 999) / 1000);
                    response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(seconds));
                    Replies.text(response, callback, HttpStatus.TOO_MANY_REQUESTS_429,
                            Sentence.of("server.tooManyAttemptsTryAgain", "seconds", seconds));
                    return true;
                }
                bodies.read(request, response, callback, Api.SignIn.class,
                        signIn -> signIn(caller, signIn, request, response, callback));
            }
            default -> {
                return notAllowed(request, response, callback, "/session takes GET, POST and DELETE",
                        "GET, POST, DELETE");
            }
        }
        return true;
    }

    private void signIn(Caller caller, Api.SignIn signIn, Request request, Response response, Callback callback) {
        Directory directory = auth.directory();
        if (signIn.token() == null && directory.inviteKey().isPresent()
                && !Authenticator.sameSecret(directory.inviteKey().get(), signIn.key() != null ? signIn.key()
                        : Authenticator.keyOf(request))) {
            // Invite-only: a new name or device needs the room's key; a token it gave before still signs in.
            Replies.text(response, callback, HttpStatus.UNAUTHORIZED_401, signIn.key() == null
                    ? Sentence.of("server.inviteOnly") : Sentence.of("server.oldKey"));
            return;
        }
        if (signIn.code() != null) {
            Optional<Directory.Identity> who = directory.redeem(signIn.code(), clock.instant());
            if (who.isEmpty()) {
                Replies.text(response, callback, HttpStatus.FORBIDDEN_403, Sentence.of("server.thatCodeIsNotValid", "minutes", LINK_MINUTES));
                return;
            }
            issued(who.get(), directory.issueToken(who.get(), DeviceLabel.of(request)), HttpStatus.CREATED_201,
                    request, response, callback);
            return;
        }
        if (signIn.token() != null) {
            Optional<Directory.Identity> who = directory.identify(signIn.token());
            Optional<Directory.Identity> removed = directory.holder(signIn.token())
                    .filter(holder -> directory.isRemoved(holder.key()));
            if (removed.isPresent()) {
                Replies.text(response, callback, HttpStatus.FORBIDDEN_403, Sentence.of("server.theHostRemovedFromThis", "name", removed.get().name()));
                return;
            }
            if (who.isEmpty()) {
                Replies.text(response, callback, HttpStatus.UNAUTHORIZED_401,
                        Sentence.of("server.thatTokenIsNotValid"));
                return;
            }
            directory.seen(signIn.token(), clock.instant());
            Authenticator.setCookie(request, response, signIn.token());
            Replies.json(response, callback, HttpStatus.OK_200,
                    ChatJson.write(new Api.Session(who.get().name(), null)));
            return;
        }
        if (signIn.name() == null) {
            Replies.text(response, callback, HttpStatus.BAD_REQUEST_400,
                    Sentence.of("server.sendANameToClaim"));
            return;
        }
        String name = heldOrChecked(signIn.name());
        String key = Names.key(name);
        if (signIn.passphrase() != null) {
            withPassphrase(caller, name, key, signIn.passphrase(), request, response, callback);
            return;
        }
        Optional<Directory.Identity> current = caller.identity();
        if (current.isPresent() && Names.key(current.get().name()).equals(key)) {
            Replies.json(response, callback, HttpStatus.OK_200,
                    ChatJson.write(new Api.Session(current.get().name(), null)));
            return;
        }
        try {
            String token = directory.claim(name, key, DeviceLabel.of(request));
            issued(new Directory.Identity(name, key), token, HttpStatus.CREATED_201, request, response, callback);
        } catch (Directory.NameTakenException e) {
            taken(directory, name, key, response, callback);
        }
    }

    /**
     * The name as given, trimmed, when someone holds it (it passed the rules of its day, which may have been looser:
     * its holder keeps signing in with it); else checked as a new name must be.
     */
    private String heldOrChecked(String given) {
        String trimmed = dev.hubbub.chat.Draft.checkedName("name", given);
        return auth.directory().isClaimed(Names.key(trimmed)) ? trimmed
                : dev.hubbub.server.unicode.Lookalikes.checked("name", trimmed);
    }

    /** A hash of nothing anyone knows, made once, on the turn of the first {@code address} that needs it. */
    private String nobodys(String address) {
        if (nobodys == null) {
            nobodys = passphrases.hash(address, java.util.UUID.randomUUID().toString());
        }
        return nobodys;
    }

    private static void taken(Directory directory, String name, String key, Response response, Callback callback) {
        String holder = directory.claimedLookalike(name).map(Directory.Identity::name).orElse(name);
        Replies.text(response, callback, HttpStatus.CONFLICT_409, Names.key(holder).equals(key)
                ? Sentence.of("server.nameTaken", "holder", holder)
                : Sentence.of("server.nameLooksTaken", "name", name, "holder", holder));
    }

    /**
     * Name and passphrase: the holder's device gets a token when the passphrase is theirs; a name nobody holds is
     * claimed with it. Each try counts against the name and the address first; a wrong one takes as long as a right
     * one, and whether the name has a passphrase at all is not told apart from a wrong one. A removed person's name
     * gets the same answer for a right passphrase as for a wrong one, after the same work.
     */
    private void withPassphrase(Caller caller, String name, String key, String passphrase, Request request,
                                Response response, Callback callback) {
        Directory directory = auth.directory();
        long wait = triesPerAddress.acquire(caller.addressKey());
        if (wait == 0) {
            wait = triesPerName.acquire(key);
        }
        if (wait > 0) {
            Replies.tooMany(response, callback, wait, Sentence.of("server.tooManyPassphraseTries", "name", name));
            return;
        }
        Optional<Directory.Identity> holder = directory.claimed(key);
        if (holder.isEmpty()) {
            String hash = passphrases.hash(caller.addressKey(), Passphrases.checked(passphrase));
            try {
                String token = directory.claim(name, key, DeviceLabel.of(request));
                Directory.Identity who = directory.identify(token).orElseThrow();
                directory.setPassphrase(who.key(), hash);
                issued(who, token, HttpStatus.CREATED_201, request, response, callback);
            } catch (Directory.NameTakenException e) {
                taken(directory, name, key, response, callback);
            }
            return;
        }
        Directory.Identity who = holder.get();
        Optional<String> kept = directory.passphrase(who.key());
        String address = caller.addressKey();
        boolean right = passphrases.matches(address, passphrase, kept.orElseGet(() -> nobodys(address)))
                && kept.isPresent();
        if (directory.isRemoved(who.key())) {
            // Whatever was tried: a removed person's passphrase is no oracle for a guesser (it may be used elsewhere).
            Replies.text(response, callback, HttpStatus.FORBIDDEN_403, Sentence.of("server.theHostRemovedFromThis",
                    "name", who.name()));
        } else if (!right) {
            Replies.text(response, callback, HttpStatus.FORBIDDEN_403, Sentence.of("server.passphraseWrong",
                    "name", who.name()));
        } else {
            issued(who, directory.issueToken(who, DeviceLabel.of(request)), HttpStatus.CREATED_201, request,
                    response, callback);
        }
    }

    private static void issued(Directory.Identity who, String token, int status, Request request, Response response,
                               Callback callback) {
        Authenticator.setCookie(request, response, token);
        Replies.json(response, callback, status, ChatJson.write(new Api.Session(who.name(), token)));
    }

    static boolean notAllowed(Request request, Response response, Callback callback, String sentence,
                              String allow) {
        response.getHeaders().put(HttpHeader.ALLOW, allow);
        Replies.text(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, Sentence.of("server.not", "sentence", sentence, "method", request.getMethod()));
        return true;
    }
}
