package dev.hubbub.server.http;

import dev.hubbub.chat.Sentence;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers only requests addressed to a name or address of this server ({@link AllowedHosts}); anything else gets
 * {@code 421 Misdirected Request} with a sentence. First in the chain, before any other handler sees the request.
 */
public final class HostGuard extends Handler.Wrapper {
    private final AllowedHosts hosts;

    public HostGuard(AllowedHosts hosts, Handler next) {
        super(next);
        this.hosts = hosts;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String host = request.getHttpURI().getHost();
        if (!hosts.allows(host)) {
            Replies.text(response, callback, HttpStatus.MISDIRECTED_REQUEST_421, host == null || host.isEmpty()
                    ? Sentence.of("server.noHostHeader") : Sentence.of("server.notThisHost", "host", host));
            return true;
        }
        return super.handle(request, response, callback);
    }
}
