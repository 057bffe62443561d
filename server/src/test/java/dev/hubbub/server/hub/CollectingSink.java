package dev.hubbub.server.hub;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A stream's transport for hub tests: collects what it is sent, completing each write at once like a fast socket. */
class CollectingSink implements StreamSink {
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    @Override
    public synchronized void write(ByteBuffer bytes, Completion completion) {
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        received.writeBytes(copy);
        completion.written();
    }

    synchronized String text() {
        return received.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void end() {
    }

    @Override
    public void abort(Throwable reason) {
    }
}
