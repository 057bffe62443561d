package dev.hubbub.server.http;

import java.util.List;
import org.eclipse.jetty.http.CookieCompliance;
import org.eclipse.jetty.http.CookieParser;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * One cookie's value, read with Jetty's RFC 6265 parser but without {@link Request#getCookies}'s cache: that cache
 * lives as long as the connection (a map in the connection's cache and another in the request's attributes), about
 * 500 bytes that an event stream would hold for hours for a value read once when it opened.
 */
final class Cookies {
    private Cookies() {
    }

    /**
     * The value of the first cookie called {@code name} the request carries; null when none (a header that cannot
     * be parsed to its end counts up to where it failed).
     */
    static String value(Request request, String name) {
        List<String> fields = request.getHeaders().getValuesList(HttpHeader.COOKIE);
        if (fields.isEmpty()) {
            return null;
        }
        String[] found = new String[1];
        CookieParser parser = CookieParser.newParser((cookieName, value, version, domain, path, comment) -> {
            if (found[0] == null && cookieName.equals(name)) {
                found[0] = value;
            }
        }, CookieCompliance.RFC6265, null);
        try {
            parser.parseFields(fields);
        } catch (CookieParser.InvalidCookieException e) {
            // A header Jetty cannot parse to its end: what it read before the fault stands, as with its own cache.
        }
        return found[0];
    }
}
