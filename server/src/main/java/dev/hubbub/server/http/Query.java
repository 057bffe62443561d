package dev.hubbub.server.http;

import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.UrlEncoded;

/**
 * A request's query parameters, decoded by Jetty but not kept on the request as {@link
 * Request#extractQueryParameters} keeps them (in the request's attributes, two maps' worth): an event stream's request
 * lives for hours and reads its query once, when it opens.
 */
final class Query {
    private Query() {
    }

    /** @throws BadMessageException (400) for a query that is not valid percent-encoded UTF-8, as Jetty's own */
    static Fields of(Request request) {
        Fields fields = new Fields(true);
        String query = request.getHttpURI().getQuery();
        if (query == null || query.isEmpty()) {
            return fields;
        }
        try {
            UrlEncoded.decodeUtf8To(query, fields);
        } catch (RuntimeException e) {
            throw new BadMessageException("Unable to parse URI query", e);
        }
        return fields;
    }
}
