package dev.hubbub.server.http;

import dev.hubbub.chat.Sentence;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.InvalidMessageException;
import dev.hubbub.server.Refused;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The small JSON bodies of the API ({@code /session}, {@code /rooms}): read without blocking, within the size and
 * time limits posts have, as UTF-8, into a record; every way that fails is answered with a status and a sentence.
 */
final class JsonBodies {
    /** The API's bodies are a few names and codes. */
    static final int MAX_BYTES = 4096;

    private final Duration timeout;
    private final Executor executor;

    JsonBodies(Duration timeout, Executor executor) {
        this.timeout = timeout;
        this.executor = executor;
    }

    /** What to do with a body that was read and parsed; runs on the executor. */
    interface Use<T> {
        void accept(T body) throws Exception;
    }

    /**
     * Reads the body as a {@code type} and hands it to {@code use}; answers 415, 413, 408 or 400 itself when it cannot,
     * and 500 when {@code use} fails unexpectedly.
     */
    <T> void read(Request request, Response response, Callback callback, Class<T> type, Use<T> use) {
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            Replies.text(response, callback, HttpStatus.UNSUPPORTED_MEDIA_TYPE_415, Sentence.of("server.sendThisAsApplicationJson"));
            return;
        }
        BodyReader.read(request, MAX_BYTES, timeout).whenCompleteAsync((bytes, failure) -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            try {
                if (cause instanceof BodyReader.TooLarge) {
                    Replies.text(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413,
                            Sentence.of("server.theBodyIsLargerThan", "bytes", MAX_BYTES));
                } else if (cause instanceof BodyReader.TooSlow slow) {
                    response.getHeaders().put(HttpHeader.CONNECTION, "close");
                    Replies.text(response, callback, HttpStatus.REQUEST_TIMEOUT_408, slow.getMessage());
                } else if (cause != null) {
                    callback.failed(cause);
                } else {
                    use.accept(ChatJson.read(utf8(bytes, "the body"), type));
                }
            } catch (InvalidMessageException e) {
                Replies.text(response, callback, HttpStatus.BAD_REQUEST_400, Replies.reason(response, e));
            } catch (Refused refused) {
                Replies.text(response, callback, refused.status(), Replies.reason(response, refused));
            } catch (Exception e) {
                Replies.unexpected(response, callback, e);
            }
        }, executor);
    }

    /**
     * As {@link #read}, for a body that may be left out: a request without one ({@code Content-Length: 0}, or neither
     * a length nor a type) hands {@code null} to {@code use}.
     */
    <T> void readOptional(Request request, Response response, Callback callback, Class<T> type, Use<T> use) {
        long length = request.getLength();
        boolean none = length == 0 || (length < 0 && request.getHeaders().get(HttpHeader.CONTENT_TYPE) == null
                && request.getHeaders().get(HttpHeader.TRANSFER_ENCODING) == null);
        if (!none) {
            read(request, response, callback, type, use);
            return;
        }
        executor.execute(() -> {
            try {
                use.accept(null);
            } catch (Refused refused) {
                Replies.text(response, callback, refused.status(), Replies.reason(response, refused));
            } catch (Exception e) {
                Replies.unexpected(response, callback, e);
            }
        });
    }

    /** @param what what the reason calls the body, such as "the message" */
    static String utf8(byte[] body, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidMessageException(Sentence.of("server.isNotValidUtf", "what", Sentence.word(what)));
        }
    }
}
