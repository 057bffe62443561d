package dev.hubbub.server.http;

import dev.hubbub.server.hub.StreamSink;
import java.nio.ByteBuffer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A Jetty response as a {@link StreamSink}: non-blocking writes, completed through Jetty's callbacks (on Jetty's
 * threads, never parked), and the handler's callback completed when the stream ends.
 */
final class ResponseSink implements StreamSink, Callback {
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);
    /** {@link #finished} through a VarHandle: every open stream holds a sink, so no Atomic* object of its own. */
    private static final VarHandle FINISHED;

    static {
        try {
            FINISHED = MethodHandles.lookup().findVarHandle(ResponseSink.class, "finished", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Response response;
    private final Callback exchange;
    private volatile boolean finished;
    private volatile boolean writing;
    private volatile boolean endRequested;
    private volatile Completion completion;

    ResponseSink(Response response, Callback exchange) {
        this.response = response;
        this.exchange = exchange;
    }

    @Override
    public void write(ByteBuffer bytes, Completion onDone) {
        completion = onDone;
        writing = true;
        response.write(false, bytes, this);
    }

    /** A write completed (the sink is its own callback: one object fewer per stream). */
    @Override
    public void succeeded() {
        writing = false;
        completion.written();
        if (endRequested) {
            finish();
        }
    }

    @Override
    public void failed(Throwable failure) {
        writing = false;
        completion.failed(failure);
        abort(failure);
    }

    /** Completing a write never blocks: it only marks the stream and asks its shard for a pass. */
    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }

    @Override
    public void end() {
        endRequested = true;
        if (!writing) {
            finish();
        }
    }

    private void finish() {
        if (FINISHED.compareAndSet(this, false, true)) {
            response.write(true, NOTHING, exchange);
        }
    }

    @Override
    public void abort(Throwable reason) {
        if (FINISHED.compareAndSet(this, false, true)) {
            exchange.failed(reason);
        }
    }
}
