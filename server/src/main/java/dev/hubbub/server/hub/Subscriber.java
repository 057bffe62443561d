package dev.hubbub.server.hub;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One open event stream: a position in its view's {@link RoomLog}, whether a write is in flight, and the bytes it
 * must be sent before the log (its preamble: retry, hello, presence, history).
 *
 * <p>Threads: {@link #pump} runs only on the subscriber's fan-out shard thread. Write completions arrive on any
 * thread; the in-flight flag orders them with the pump. {@link #close} may be called from any thread, once or more.
 */
final class Subscriber implements StreamSink.Completion {
    private static final int PREPARING = 0;
    private static final int LIVE = 1;
    private static final int CLOSED = 2;

    final RoomLog log;
    final StreamSink sink;
    /** The presence key this stream counts for, or {@code null} for a stream that is not in the online list. */
    final String presenceKey;

    private final AtomicInteger state = new AtomicInteger(PREPARING);
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private volatile long cursor;
    private ByteBuffer preamble;
    private int writing;
    private boolean writingPreamble;
    /** The shard thread while it is inside {@code sink.write}, so a completion can tell it came inline. */
    private volatile Thread pumping;
    private boolean completedInline;
    private Shard shard;
    /** This subscriber's index in its shard's list; shard thread only. */
    int shardIndex = -1;
    private Consumer<Subscriber> onClose;

    Subscriber(RoomLog log, long cursor, StreamSink sink, String presenceKey) {
        this.log = log;
        this.cursor = cursor;
        this.sink = sink;
        this.presenceKey = presenceKey;
    }

    /** Joins a shard (which pumps it once it is live) and names who to tell when it closes. */
    void attach(Shard owner, Consumer<Subscriber> closeListener) {
        this.shard = owner;
        this.onClose = closeListener;
        owner.add(this);
    }

    /** The next log position this subscriber needs; the log keeps everything from here on. */
    long cursor() {
        return cursor;
    }

    boolean isClosed() {
        return state.get() == CLOSED;
    }

    /** Hands over the preamble and lets the pump start. Called once, by the thread that registered the stream. */
    void goLive(byte[] preambleBytes) {
        preamble = ByteBuffer.wrap(preambleBytes);
        if (state.compareAndSet(PREPARING, LIVE)) {
            shard.wake();
        }
    }

    /**
     * Starts the next write if none is in flight: the rest of the preamble, or everything in the log this subscriber
     * has not been sent, up to the end of a chunk; and, while writes complete at once, the next one after it. Cuts
     * the subscriber off when it lags more than {@code maxLag} bytes behind the log. Shard thread only.
     */
    void pump(long maxLag) {
        do {
            if (state.get() != LIVE) {
                return;
            }
            long end = log.end();
            long lag = end - cursor;
            if (lag > maxLag) {
                close(new SlowSubscriberException(lag, maxLag));
                return;
            }
            if ((lag == 0 && preamble == null) || !inFlight.compareAndSet(false, true)) {
                return;
            }
            ByteBuffer bytes;
            if (preamble != null && preamble.hasRemaining()) {
                bytes = preamble;
                writingPreamble = true;
            } else {
                preamble = null;
                writingPreamble = false;
                bytes = lag > 0 ? log.slice(cursor) : null;
            }
            if (bytes == null || !bytes.hasRemaining()) {
                inFlight.set(false);
                return;
            }
            writing = bytes.remaining();
            completedInline = false;
            pumping = Thread.currentThread();
            sink.write(bytes, this);
            pumping = null;
        } while (completedInline);
    }

    @Override
    public void written() {
        if (!writingPreamble) {
            cursor += writing;
        }
        boolean more = writingPreamble || cursor < log.end();
        inFlight.set(false);
        if (Thread.currentThread() == pumping) {
            // Completed inside sink.write(): pump() goes on by itself, no need to wake anyone.
            completedInline = more;
        } else if (more) {
            shard.wake();
        }
    }

    @Override
    public void failed(Throwable failure) {
        inFlight.set(false);
        close(failure);
    }

    /** Ends this stream: gracefully when {@code reason} is null, by dropping the connection otherwise. */
    void close(Throwable reason) {
        int previous = state.getAndSet(CLOSED);
        if (previous == CLOSED) {
            return;
        }
        if (reason == null) {
            sink.end();
        } else {
            sink.abort(reason);
        }
        if (onClose != null) {
            onClose.accept(this);
        }
        if (shard != null) {
            shard.remove(this);
        }
    }
}
