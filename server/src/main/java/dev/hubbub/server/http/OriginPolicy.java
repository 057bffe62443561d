package dev.hubbub.server.http;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Which web pages may post into the room: pages the room served itself, and pages from origins on the allow-list.
 * Any other page a user happens to have open in the same browser is refused, so it cannot post in their name.
 * Requests without an {@code Origin} header come from programs, not pages, and are let through.
 */
final class OriginPolicy {
    private final Set<String> allowed;

    /** @param allowedOrigins origins such as {@code http://intranet.example:8000}, or {@code *} for any */
    OriginPolicy(Iterable<String> allowedOrigins) {
        this.allowed = StreamSupport.stream(allowedOrigins.spliterator(), false)
                .map(OriginPolicy::normalize).collect(Collectors.toUnmodifiableSet());
    }

    /** The origin of the page behind this request, when it is on the allow-list (so it gets CORS headers). */
    String allowListed(Request request) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin == null) {
            return null;
        }
        return allowed.contains("*") || allowed.contains(normalize(origin)) ? origin : null;
    }

    /** Null when the request may post; otherwise why not, in a sentence. */
    String refusal(Request request) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        String fetchSite = request.getHeaders().get("Sec-Fetch-Site");
        if (origin == null) {
            if (fetchSite == null || fetchSite.equals("same-origin") || fetchSite.equals("none")) {
                return null;
            }
            return "posts from other sites are refused";
        }
        if (allowListed(request) != null || isSameOrigin(origin, request)) {
            return null;
        }
        return "posts from other sites are refused: " + origin + " is not this room's page"
                + " (a host can allow it with --allow-origin " + origin + ")";
    }

    private static boolean isSameOrigin(String origin, Request request) {
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (host == null) {
            host = request.getHttpURI().getAuthority();
        }
        String scheme = request.isSecure() ? "https" : "http";
        return host != null && normalize(origin).equals(normalize(scheme + "://" + host));
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
