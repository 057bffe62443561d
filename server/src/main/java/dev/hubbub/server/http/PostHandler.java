package dev.hubbub.server.http;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.Draft;
import dev.hubbub.chat.InvalidMessageException;
import dev.hubbub.server.hub.Room;
import dev.hubbub.server.hub.RoomClosedException;
import dev.hubbub.server.store.History;
import dev.hubbub.server.store.StoreException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /chat}: a message as {@code text/plain} (the line {@code name: text}, as tutorial clients send it) or
 * as {@code application/json} ({@code {"author","text","clientId"?}}). Answers 201 with the stored message's id once
 * it is stored (200 when the client id shows it was stored before), or a 4xx with a sentence saying what was wrong,
 * in which case nothing changed.
 */
final class PostHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PostHandler.class);

    private enum Format { LINE, JSON }

    /** What the poster gets back. */
    record Accepted(long id, Instant sentAt, boolean duplicate) {
    }

    private final Room room;
    private final RateLimiter rate;
    private final int maxBodyBytes;
    private final Duration bodyTimeout;
    private final Executor executor;

    PostHandler(Room room, RateLimiter rate, int maxBodyBytes, Duration bodyTimeout, Executor executor) {
        this.room = room;
        this.rate = rate;
        this.maxBodyBytes = maxBodyBytes;
        this.bodyTimeout = bodyTimeout;
        this.executor = executor;
    }

    boolean handle(Request request, Response response, Callback callback) {
        String address = Request.getRemoteAddr(request);
        long waitMillis = rate.acquire(AddressKey.of(address));
        if (waitMillis > 0) {
            long seconds = Math.max(1, (waitMillis + 999) / 1000);
            response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(seconds));
            Replies.text(response, callback, HttpStatus.TOO_MANY_REQUESTS_429, "too many messages from " + address
                    + " (" + rate.describe() + "); try again in " + seconds + " s");
            return true;
        }
        Format format = formatOf(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
        if (format == null) {
            Replies.text(response, callback, HttpStatus.UNSUPPORTED_MEDIA_TYPE_415,
                    "send the message as text/plain (one line 'name: text') or as application/json"
                            + " ({\"author\":..., \"text\":...}), in UTF-8");
            return true;
        }
        if (request.getLength() > maxBodyBytes) {
            tooLarge(response, callback);
            return true;
        }
        BodyReader.read(request, maxBodyBytes, bodyTimeout).whenCompleteAsync((body, failure) -> {
            if (failure == null) {
                accept(body, format, response, callback);
            } else if (unwrap(failure) instanceof BodyReader.TooLarge) {
                tooLarge(response, callback);
            } else if (unwrap(failure) instanceof BodyReader.TooSlow slow) {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
                Replies.text(response, callback, HttpStatus.REQUEST_TIMEOUT_408, slow.getMessage());
            } else {
                callback.failed(unwrap(failure));
            }
        }, executor);
        return true;
    }

    private void accept(byte[] body, Format format, Response response, Callback callback) {
        try {
            Draft draft = format == Format.LINE ? parseLine(decode(body)) : ChatJson.read(decode(body), Draft.class);
            History.Stored stored = room.post(draft);
            Accepted accepted = new Accepted(stored.message().id(), stored.message().sentAt(), stored.duplicate());
            Replies.json(response, callback, stored.duplicate() ? HttpStatus.OK_200 : HttpStatus.CREATED_201,
                    ChatJson.write(accepted));
        } catch (InvalidMessageException e) {
            Replies.text(response, callback, HttpStatus.BAD_REQUEST_400, e.getMessage());
        } catch (RoomClosedException e) {
            Replies.text(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, e.getMessage());
        } catch (StoreException e) {
            LOG.error("could not store a message", e);
            Replies.text(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500,
                    "the message could not be stored; please send it again");
        } catch (RuntimeException e) {
            // Whatever went wrong, the poster gets an answer now, not at the idle timeout.
            LOG.error("a post failed unexpectedly", e);
            Replies.text(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500,
                    "the server failed to handle this message; please send it again");
        }
    }

    private void tooLarge(Response response, Callback callback) {
        Replies.text(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413,
                "the message is larger than " + maxBodyBytes + " bytes; a message has at most "
                        + Draft.MAX_TEXT + " characters");
    }

    /** The line {@code name: text}: the name is everything before the first colon. */
    static Draft parseLine(String body) {
        if (body.isBlank()) {
            throw new InvalidMessageException("the message is empty");
        }
        int colon = body.indexOf(':');
        if (colon < 0) {
            throw new InvalidMessageException("a text/plain message is one line 'name: text', and this one has no ':'");
        }
        return Draft.of(body.substring(0, colon), body.substring(colon + 1).stripLeading());
    }

    private static String decode(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidMessageException("the message is not valid UTF-8");
        }
    }

    /** The body's format from its Content-Type; null for anything else, or a charset other than UTF-8. */
    static Format formatOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
        String type = parts[0].strip();
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            if (parameter.startsWith("charset=")) {
                String charset = parameter.substring("charset=".length()).replace("\"", "");
                if (!charset.equals("utf-8") && !charset.equals("utf8") && !charset.equals("us-ascii")) {
                    return null;
                }
            }
        }
        return switch (type) {
            case "text/plain" -> Format.LINE;
            case "application/json" -> Format.JSON;
            default -> null;
        };
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
