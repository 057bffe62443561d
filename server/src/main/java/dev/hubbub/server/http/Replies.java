package dev.hubbub.server.http;

import dev.hubbub.chat.InvalidMessageException;
import dev.hubbub.chat.Sentence;
import dev.hubbub.server.Refused;
import dev.hubbub.server.text.Catalog;
import java.util.Locale;
import org.eclipse.jetty.server.Request;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Complete responses with a short body: every error Hubbub sends is one plain sentence a person can read. */
final class Replies {
    private static final Logger LOG = LoggerFactory.getLogger(Replies.class);
    private Replies() {
    }

    static void text(Response response, Callback callback, int status, String sentence) {
        send(response, callback, status, "text/plain; charset=utf-8", sentence + "\n");
    }

    /** The sentence in the asker's language ({@link #languageOf}). */
    static void text(Response response, Callback callback, int status, Sentence sentence) {
        text(response, callback, status, say(response, sentence));
    }

    /** The cookie the page sets with the language chosen in it; read before Accept-Language. */
    static final String LANGUAGE_COOKIE = "hubbub-lang";

    /**
     * The language to answer {@code request} in: the page's choice (its cookie), else the first of Accept-Language
     * that Hubbub speaks (browsers send the reader's; the app sends its own), else English.
     */
    static Locale languageOf(Request request) {
        if (request == null) {
            return Locale.ENGLISH;
        }
        String chosen = Cookies.value(request, LANGUAGE_COOKIE);
        if (chosen != null) {
            return Catalog.firstSupported(chosen);
        }
        return Catalog.firstSupported(request.getHeaders().get(HttpHeader.ACCEPT_LANGUAGE));
    }

    /** {@code sentence} as the asker of {@code response}'s request reads it. */
    static String say(Response response, Sentence sentence) {
        return Catalog.of(languageOf(response.getRequest())).say(sentence);
    }

    /** Why {@code failure} refused the request, in the asker's language where it was said as a sentence. */
    static String reason(Response response, Throwable failure) {
        if (failure instanceof Refused refused && refused.sentence().isPresent()) {
            return say(response, refused.sentence().get());
        }
        if (failure instanceof InvalidMessageException invalid && invalid.sentence().isPresent()) {
            return say(response, invalid.sentence().get());
        }
        return failure.getMessage();
    }

    static void json(Response response, Callback callback, int status, String json) {
        send(response, callback, status, "application/json", json);
    }

    /** 429 with {@code Retry-After}: "{@code what}; try again in N s". */
    static void tooMany(Response response, Callback callback, long waitMillis, String what) {
        long seconds = Math.max(1, (waitMillis + 999) / 1000);
        response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(seconds));
        text(response, callback, HttpStatus.TOO_MANY_REQUESTS_429, what + "; try again in " + seconds + " s");
    }

    /** 429 with {@code Retry-After}: "{@code what}; try again in N s", in the asker's language. */
    static void tooMany(Response response, Callback callback, long waitMillis, Sentence what) {
        long seconds = Math.max(1, (waitMillis + 999) / 1000);
        response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(seconds));
        text(response, callback, HttpStatus.TOO_MANY_REQUESTS_429,
                Sentence.of("server.tryAgainIn", "what", what, "seconds", seconds));
    }

    /** Whatever went wrong, the client gets an answer now, not at the idle timeout; the failure is logged. */
    static void unexpected(Response response, Callback callback, Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof dev.hubbub.server.store.StoreUnavailableException unavailable) {
            unavailable(response, callback, unavailable);
            return;
        }
        LOG.error("a request failed unexpectedly", failure);
        text(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500,
                "the server failed to handle this request; please try again");
    }

    /** 503 with {@code Retry-After}: a shared store (Redis) is out of reach; nothing was done. */
    static void unavailable(Response response, Callback callback,
                            dev.hubbub.server.store.StoreUnavailableException failure) {
        LOG.warn("{}", failure.getMessage());
        response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
        text(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, failure.getMessage()
                + "; nothing was done, try again in a moment");
    }

    /**
     * Why storing something failed, as the sender should hear it: a refusal or a bad message as such, 503 while
     * the server stops, 500 with "please try again" when the store could not take it; anything else as
     * {@link #unexpected}.
     *
     * @param what what was being stored, for the log and the sentence ("the message")
     */
    static void storeFailure(Response response, Callback callback, Throwable failure, String what) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof Refused refused) {
            text(response, callback, refused.status(), reason(response, refused));
        } else if (cause instanceof dev.hubbub.chat.InvalidMessageException invalid) {
            text(response, callback, HttpStatus.BAD_REQUEST_400, reason(response, invalid));
        } else if (cause instanceof dev.hubbub.server.hub.HubClosedException closed) {
            text(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, closed.getMessage());
        } else if (cause instanceof dev.hubbub.server.store.StoreUnavailableException unavailable) {
            LOG.warn("could not store {}: {}", what, unavailable.getMessage());
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
            text(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, unavailable.getMessage() + "; " + what
                    + " was not stored, send it again in a moment");
        } else if (cause instanceof dev.hubbub.server.store.StoreException) {
            LOG.error("could not store {}", what, cause);
            text(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500,
                    what + " could not be stored; please send it again");
        } else {
            unexpected(response, callback, cause);
        }
    }

    /** 200 with a picture the browser may keep for a while (it is the same for everyone who may see it). */
    static void picture(Response response, Callback callback, String type, byte[] bytes, int maxAgeSeconds) {
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "private, max-age=" + maxAgeSeconds);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    private static void send(Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
