package dev.hubbub.server.http;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Which web pages may use the room's API (post, open a stream, read history): pages the room served itself, and
 * pages from origins on the allow-list. Any other page a user happens to have open in the same browser is refused,
 * so it can neither post in their name nor make them appear online nor read the room through them.
 *
 * <p>A page is the room's own when its {@code Origin} is this request's scheme and {@code Host}, and that
 * {@code Host} is one of this server's names ({@link HostGuard} has refused every other name before this runs).
 * Requests without {@code Origin} come from programs, or from a same-origin GET; a browser's
 * {@code Sec-Fetch-Site: cross-site} (or {@code same-site}: another port of the same machine) still gives a
 * foreign page away. The origin {@code null} (sandboxed frames, local files) is never let in.
 */
final class OriginPolicy {
    private final Set<String> allowed;

    /** @param allowedOrigins origins such as {@code http://intranet.example:8000}, or {@code *} for any */
    OriginPolicy(Iterable<String> allowedOrigins) {
        this.allowed = StreamSupport.stream(allowedOrigins.spliterator(), false)
                .map(OriginPolicy::normalize).collect(Collectors.toUnmodifiableSet());
        if (allowed.contains("null")) {
            throw new IllegalArgumentException("'null' cannot be an allowed origin: every sandboxed frame and local"
                    + " file has it");
        }
    }

    /** The origin of the page behind this request, when it is on the allow-list (so it gets CORS headers). */
    String allowListed(Request request) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin == null || origin.equals("null")) {
            return null;
        }
        return allowed.contains("*") || allowed.contains(normalize(origin)) ? origin : null;
    }

    /** Null when the request may use the room; otherwise why not, in a sentence. */
    String refusal(Request request) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        String fetchSite = request.getHeaders().get("Sec-Fetch-Site");
        if (origin == null) {
            if (fetchSite == null || fetchSite.equals("same-origin") || fetchSite.equals("none")) {
                return null;
            }
            return "requests from other sites' pages are refused";
        }
        if (origin.equals("null")) {
            return "requests from pages without an origin (sandboxed frames, local files) are refused";
        }
        if (allowListed(request) != null || isSameOrigin(origin, request)) {
            return null;
        }
        return "requests from other sites' pages are refused: " + origin + " is not this room's page"
                + " (its host can allow that site with --allow-origin " + normalizedForDisplay(origin) + ")";
    }

    private static boolean isSameOrigin(String origin, Request request) {
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (host == null) {
            host = request.getHttpURI().getAuthority();
        }
        String scheme = request.isSecure() ? "https" : "http";
        return host != null && normalize(origin).equals(normalize(scheme + "://" + host));
    }

    private static String normalizedForDisplay(String origin) {
        try {
            URI uri = URI.create(origin.strip());
            return uri.getScheme() + "://" + uri.getRawAuthority();
        } catch (IllegalArgumentException e) {
            return "ORIGIN";
        }
    }

    /** {@code scheme://host:port} in lower case with the port spelled out; unparseable input is left as it is. */
    static String normalize(String origin) {
        if (origin.equals("*")) {
            return origin;
        }
        try {
            URI uri = URI.create(origin.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() == null) {
                return origin.strip().toLowerCase(Locale.ROOT);
            }
            int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
        } catch (IllegalArgumentException e) {
            return origin.strip().toLowerCase(Locale.ROOT);
        }
    }
}
