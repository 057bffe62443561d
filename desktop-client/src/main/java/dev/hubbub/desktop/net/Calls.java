package dev.hubbub.desktop.net;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Response;
import org.jetbrains.annotations.NotNull;

/**
 * OkHttp's asynchronous call as a {@link CompletableFuture}: the one adapter the app's network code uses. The reply
 * is read by a {@link Reader} on OkHttp's thread and closed after; a failure to connect, or what the reader throws,
 * fails the future.
 *
 * <p>Threads: any; the future completes on OkHttp's dispatcher threads.
 */
public final class Calls {
    private Calls() {
    }

    /** Turns a reply into what the caller wants; it may throw to fail the future. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(Response response) throws Exception;
    }

    /** A reply's status and its body, read up to a bound. */
    public record Reply(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** What the server said, or its status when it said nothing. */
        public String sentence() {
            String said = body.strip();
            return said.isEmpty() ? "the room answered " + status : said;
        }
    }

    /** Enqueues {@code call} and reads its reply with {@code reader}. */
    public static <T> CompletableFuture<T> enqueue(Call call, Reader<T> reader) {
        CompletableFuture<T> result = new CompletableFuture<>();
        call.enqueue(new Callback() {
            @Override
            public void onFailure(@NotNull Call failed, @NotNull IOException e) {
                result.completeExceptionally(e);
            }

            @Override
            public void onResponse(@NotNull Call done, @NotNull Response response) {
                try (response) {
                    result.complete(reader.read(response));
                } catch (Exception e) {
                    result.completeExceptionally(e);
                }
            }
        });
        return result;
    }

    /** Enqueues {@code call}; its reply's status and body (at most {@code maxBytes}), whatever the status. */
    public static CompletableFuture<Reply> reply(Call call, long maxBytes) {
        return enqueue(call, response -> new Reply(response.code(), BoundedBody.text(response, maxBytes)));
    }

    /**
     * Enqueues {@code call}; the reply's body when it succeeded (at most {@code maxBytes}), else a failure whose
     * message is the server's sentence ({@link Refusal}).
     */
    public static CompletableFuture<String> body(Call call, long maxBytes) {
        return reply(call, maxBytes).thenApply(reply -> {
            if (!reply.ok()) {
                throw new Refusal(reply.status(), reply.sentence());
            }
            return reply.body();
        });
    }

    /** The server refused a request: its status, and its sentence as the message. */
    public static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        public Refusal(int status, String sentence) {
            super(sentence, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** What failed, as a person reads it: the server's sentence, or what the network said. */
    public static String reason(Throwable failure) {
        Throwable cause = cause(failure);
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    /** What a future's failure was, out of the {@link CompletionException} that carries it. */
    public static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
