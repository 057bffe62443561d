package dev.hubbub.server.http;

import dev.hubbub.server.store.Directory;
import java.util.Optional;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * The credentials a request carries and the cookies that keep them: the token in its {@code Authorization: Bearer}
 * header, or in the {@value #COOKIE} cookie (what a browser's {@code EventSource} can send), and an invite-only room's
 * key. Who the token proves is the {@link Caller}'s to ask. The cookies are {@code HttpOnly} (no script reads them),
 * {@code SameSite=Strict} (no other site's page makes the browser send them) and, under TLS, {@code Secure}.
 */
final class Authenticator {
    static final String COOKIE = "hubbub_token";
    /** Where a browser that came by an invite link keeps the room's key until it has a token of its own. */
    static final String INVITE_COOKIE = "hubbub_invite";
    private static final long COOKIE_SECONDS = 400L * 24 * 3600;

    private final Directory directory;

    Authenticator(Directory directory) {
        this.directory = directory;
    }

    /**
     * The direct conversation between {@code me} and whoever holds the name {@code with} now (a person, not a name:
     * after a name is freed, its next holder's conversation with {@code me} is another, empty one). With a name
     * nobody holds, a conversation with nobody, which has no messages (direct messages go to claimed names only).
     */
    String conversationWith(Directory.Identity me, String with) {
        String other = directory.claimed(dev.hubbub.chat.Names.key(with)).map(Directory.Identity::key)
                .orElse("!nobody");
        return dev.hubbub.server.store.Conversations.direct(me.key(), other);
    }

    /**
     * Whether {@code conversation} is there for {@code who}: a room that is (for anyone), or their own direct
     * conversation (signed in). What no one else may read is one that is not, on every route.
     */
    boolean mayRead(String conversation, Optional<Directory.Identity> who) {
        return dev.hubbub.server.store.Conversations.isDirect(conversation)
                ? who.isPresent() && dev.hubbub.server.store.Conversations.isMember(conversation, who.get().key())
                : directory.room(conversation).isPresent();
    }

    Directory directory() {
        return directory;
    }

    /**
     * Whether {@code given} is {@code secret}, in a time that does not tell how much of it was right (a guesser on
     * the LAN could otherwise time a key out character by character).
     */
    static boolean sameSecret(String secret, String given) {
        return given != null && java.security.MessageDigest.isEqual(
                secret.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                given.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The invite key the request carries: the query's {@code key}, else the invite cookie; null when neither. */
    static String keyOf(Request request) {
        String query = Query.of(request).getValue("key");
        if (query != null) {
            return query;
        }
        return Cookies.value(request, INVITE_COOKIE);
    }

    static void setInviteCookie(Request request, Response response, String key) {
        Response.putCookie(response, HttpCookie.build(INVITE_COOKIE, key).path("/").httpOnly(true)
                .sameSite(HttpCookie.SameSite.STRICT).secure(request.isSecure()).maxAge(24 * 3600).build());
    }

    /** The token the request carries, valid or not. */
    static String tokenOf(Request request) {
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).strip();
        }
        return Cookies.value(request, COOKIE);
    }

    static void setCookie(Request request, Response response, String token) {
        Response.putCookie(response, HttpCookie.build(COOKIE, token).path("/").httpOnly(true)
                .sameSite(HttpCookie.SameSite.STRICT).secure(request.isSecure()).maxAge(COOKIE_SECONDS).build());
    }

    static void clearCookie(Request request, Response response) {
        Response.putCookie(response, HttpCookie.build(COOKIE, "").path("/").httpOnly(true)
                .sameSite(HttpCookie.SameSite.STRICT).secure(request.isSecure()).maxAge(0).build());
    }
}
