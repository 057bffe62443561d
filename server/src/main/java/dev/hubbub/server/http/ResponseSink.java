package dev.hubbub.server.http;

import dev.hubbub.server.hub.StreamSink;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * A Jetty response as a {@link StreamSink}: non-blocking writes, completed through Jetty's callbacks (on Jetty's
 * threads, never parked), and the handler's callback completed when the stream ends.
 */
final class ResponseSink implements StreamSink {
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private final Response response;
    private final Callback exchange;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final Callback afterWrite;
    private volatile boolean writing;
    private volatile boolean endRequested;
    private volatile Completion completion;

    ResponseSink(Response response, Callback exchange) {
        this.response = response;
        this.exchange = exchange;
        this.afterWrite = Callback.from(Invocable.InvocationType.NON_BLOCKING, this::written, this::failed);
    }

    @Override
    public void write(ByteBuffer bytes, Completion onDone) {
        completion = onDone;
        writing = true;
        response.write(false, bytes, afterWrite);
    }

    private void written() {
        writing = false;
        completion.written();
        if (endRequested) {
            finish();
        }
    }

    private void failed(Throwable failure) {
        writing = false;
        completion.failed(failure);
        abort(failure);
    }

    @Override
    public void end() {
        endRequested = true;
        if (!writing) {
            finish();
        }
    }

    private void finish() {
        if (finished.compareAndSet(false, true)) {
            response.write(true, NOTHING, exchange);
        }
    }

    @Override
    public void abort(Throwable reason) {
        if (finished.compareAndSet(false, true)) {
            exchange.failed(reason);
        }
    }
}
