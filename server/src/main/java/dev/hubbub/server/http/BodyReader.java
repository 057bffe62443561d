package dev.hubbub.server.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request body without blocking a thread, and stops reading at a size limit or a deadline without failing
 * the exchange, so a 413 or a 408 can still be sent.
 */
final class BodyReader implements Runnable {
    /** The body was longer than the limit. */
    static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge(int limit) {
            super("the message is larger than " + limit + " bytes");
        }
    }

    /** The body did not arrive in time. */
    static final class TooSlow extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooSlow(Duration timeout) {
            super("the message did not arrive within " + timeout.toSeconds() + " s");
        }
    }

    private final Request request;
    private final int limit;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();

    private BodyReader(Request request, int limit) {
        this.request = request;
        this.limit = limit;
    }

    /** Reads at most {@code limit} bytes, failing with {@link TooSlow} when the body takes longer than {@code timeout}. */
    static CompletableFuture<byte[]> read(Request request, int limit, Duration timeout) {
        BodyReader reader = new BodyReader(request, limit);
        Scheduler.Task deadline = request.getComponents().getScheduler().schedule(
                () -> reader.result.completeExceptionally(new TooSlow(timeout)), timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        reader.result.whenComplete((body, failure) -> deadline.cancel());
        reader.run();
        return reader.result;
    }

    @Override
    public void run() {
        while (!result.isDone()) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                result.completeExceptionally(chunk.getFailure());
                return;
            }
            ByteBuffer bytes = chunk.getByteBuffer();
            if (body.size() + bytes.remaining() > limit) {
                chunk.release();
                result.completeExceptionally(new TooLarge(limit));
                return;
            }
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            body.writeBytes(copy);
            chunk.release();
            if (chunk.isLast()) {
                result.complete(body.toByteArray());
                return;
            }
        }
    }
}
