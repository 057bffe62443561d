package dev.hubbub.server.http;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.PreEncodedHttpField;
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

    /**
     * Shared by every answer (one object each, encoded once): an event stream keeps its response's headers for as
     * long as it is open, so fields made per answer would cost every stream their bytes again.
     */
    private static final HttpField[] FIELDS = {
        new PreEncodedHttpField("Content-Security-Policy", CONTENT_SECURITY_POLICY),
        new PreEncodedHttpField("X-Content-Type-Options", "nosniff"),
        new PreEncodedHttpField("X-Frame-Options", "DENY"),
        new PreEncodedHttpField("Referrer-Policy", "no-referrer"),
    };

    private static void addTo(HttpFields.Mutable headers) {
        for (HttpField field : FIELDS) {
            headers.put(field);
        }
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
