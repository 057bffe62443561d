package dev.hubbub.server.http;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The headers every answer carries, page, asset or API: a Content-Security-Policy that lets the page run only its own
 * scripts and styles and talk only to its own server, and that no other site may frame it; {@code nosniff}, so a
 * browser never runs a reply as something it was not sent as; and no {@code Referer} to other sites.
 */
public final class SecurityHeaders extends Handler.Wrapper {
    /** What the page needs: its own scripts, styles and API, images from itself and data: URLs (the favicon). */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; connect-src 'self'; manifest-src 'self'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    public SecurityHeaders(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        addTo(response.getHeaders());
        return super.handle(request, response, callback);
    }

    private static void addTo(HttpFields.Mutable headers) {
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "no-referrer");
    }

    /**
     * Jetty's own error pages (a request it could not parse, headers too large, a URI it refuses) with the same
     * headers: they answer before any handler runs, so the chain above never sees them. No stack traces.
     */
    public static final class ErrorPages extends org.eclipse.jetty.server.handler.ErrorHandler {
        public ErrorPages() {
            setShowStacks(false);
            setShowCauses(false);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            addTo(response.getHeaders());
            return super.handle(request, response, callback);
        }
    }
}
