package dev.hubbub.server.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request body without blocking a thread, and stops reading at a size limit without failing the exchange,
 * so a 413 can still be sent.
 */
final class BodyReader implements Runnable {
    /** The body was longer than the limit. */
    static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge(int limit) {
            super("the message is larger than " + limit + " bytes");
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

    static CompletableFuture<byte[]> read(Request request, int limit) {
        BodyReader reader = new BodyReader(request, limit);
        reader.run();
        return reader.result;
    }

    @Override
    public void run() {
        while (true) {
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
