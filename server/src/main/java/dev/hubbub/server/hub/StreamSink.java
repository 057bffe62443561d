package dev.hubbub.server.hub;

import java.nio.ByteBuffer;

/**
 * Where one subscriber's bytes go: in Hubbub, one {@code text/event-stream} HTTP response, adapted by the HTTP layer.
 * The hub never blocks on a sink.
 */
public interface StreamSink {

    /** Told when a write has completed, on whatever thread completed it; must not block. */
    interface Completion {
        void written();

        void failed(Throwable failure);
    }

    /**
     * Starts writing {@code bytes}. Returns at once; {@code completion} is told later, or before this method returns
     * when the write completed at once. The hub never starts a write before the previous one completed.
     */
    void write(ByteBuffer bytes, Completion completion);

    /** Ends the stream normally, once no write is in flight. */
    void end();

    /** Drops the stream now, whatever is in flight: the client sees the connection end and reconnects. */
    void abort(Throwable reason);
}
