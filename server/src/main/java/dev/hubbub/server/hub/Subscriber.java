package dev.hubbub.server.hub;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * One open event stream: a position in its view's {@link RoomLog}, whether a write is in flight, the bytes it must
 * be sent before the log (its preamble: retry, hello, presence, history), and the direct messages only it (and the
 * other streams of its person) may see, each marked with the place in the log it goes before.
 *
 * <p>Threads: {@link #pump} runs only on the subscriber's fan-out shard thread. Write completions arrive on any
 * thread; the in-flight flag orders them with the pump. {@link #close} may be called from any thread, once or more.
 */
final class Subscriber implements StreamSink.Completion {
    /** Small preamble parts are gathered into writes of at most this many bytes. */
    static final int GATHER_BYTES = 64 * 1024;
    private static final int PREPARING = 0;
    private static final int LIVE = 1;
    private static final int CLOSED = 2;

    final RoomLog log;
    final StreamSink sink;
    /** The presence key this stream counts for, or {@code null} for a stream that is not in the online list. */
    final String presenceKey;
    /** The person whose direct messages this stream carries, or {@code null}. */
    final String personKey;

    /** A direct message's bytes, to be written when the stream has been sent the log up to {@code logOffset}. */
    private record Private(long logOffset, byte[] bytes) {
    }

    /*
     * Every open stream holds one of these for hours, so its fields are plain ones reached through VarHandles rather
     * than Atomic* objects of their own (about 100 bytes a stream fewer), and its queue of direct messages is made
     * when the first one comes (a tutorial stream never gets one).
     */
    private static final VarHandle STATE;
    private static final VarHandle IN_FLIGHT;
    private static final VarHandle PRIVATE_OWED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(Subscriber.class, "state", int.class);
            IN_FLIGHT = lookup.findVarHandle(Subscriber.class, "inFlight", boolean.class);
            PRIVATE_OWED = lookup.findVarHandle(Subscriber.class, "privateOwed", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Made by the first {@link #addPrivate} (under the hub's lock); null until then. */
    private volatile Queue<Private> privates;
    /** Bytes of direct messages queued and not yet written: they count toward the lag limit too. */
    private volatile long privateOwed;

    private volatile int state = PREPARING;
    private volatile boolean inFlight;
    private volatile long cursor;
    /**
     * What the stream is sent before the log: its own small header, then the replayed messages' bytes, shared with
     * every other stream that replays them (never copied per stream until a write gathers a few into one buffer).
     */
    private ByteBuffer[] preamble;
    private int preambleAt;
    /** Preamble bytes not yet written. */
    private volatile long owed;
    /**
     * How much of {@link #owed} is the stream's own header (retry, hello, presence, gap), which does not count toward
     * the lag limit: its size follows what everyone created (rooms, people online), not how far behind this stream
     * is, so counting it would let a server with many rooms cut every new stream at once. The replay after it counts.
     */
    private volatile long headerOwed;
    private int writing;
    private static final int LOG = 0;
    private static final int PREAMBLE = 1;
    private static final int PRIVATE = 2;
    /** What the write in flight carries; one of the three above. */
    private int writingKind;
    /** The shard thread while it is inside {@code sink.write}, so a completion can tell it came inline. */
    private volatile Thread pumping;
    private boolean completedInline;
    private Shard shard;
    /** This subscriber's index in its shard's list; shard thread only. */
    int shardIndex = -1;
    private Consumer<Subscriber> onClose;

    Subscriber(RoomLog log, long cursor, StreamSink sink, String presenceKey, String personKey) {
        this.log = log;
        this.cursor = cursor;
        this.sink = sink;
        this.presenceKey = presenceKey;
        this.personKey = personKey;
    }

    /**
     * Queues a direct message for this stream: it goes after everything the log holds now, before what the log gets
     * next. The hub calls this under its lock, in the log's order.
     */
    void addPrivate(byte[] bytes) {
        Queue<Private> queue = privates;
        if (queue == null) {
            queue = new ConcurrentLinkedQueue<>();
            privates = queue;
        }
        queue.add(new Private(log.end(), bytes));
        PRIVATE_OWED.getAndAdd(this, (long) bytes.length);
    }

    /** Joins a shard (which pumps it once it is live) and names who to tell when it closes. */
    void attach(Shard owner, Consumer<Subscriber> closeListener) {
        this.shard = owner;
        this.onClose = closeListener;
        owner.add(this);
    }

    /** Asks its shard for a pass (a direct message came for it). */
    void wake() {
        if (shard != null) {
            shard.wake();
        }
    }

    /** The next log position this subscriber needs; the log keeps everything from here on. */
    long cursor() {
        return cursor;
    }

    boolean isClosed() {
        return state == CLOSED;
    }

    /**
     * Hands over the preamble and lets the pump start. Called once, by the thread that registered the stream. The
     * buffers are read, never written; several streams may share their contents. The first part is the stream's own
     * header, the rest the replay.
     */
    void goLive(List<ByteBuffer> preambleParts) {
        headerOwed = preambleParts.isEmpty() ? 0 : preambleParts.get(0).remaining();
        preamble = new ByteBuffer[preambleParts.size()];
        long total = 0;
        for (int i = 0; i < preamble.length; i++) {
            preamble[i] = preambleParts.get(i).asReadOnlyBuffer();
            total += preamble[i].remaining();
        }
        owed = total;
        if (STATE.compareAndSet(this, PREPARING, LIVE)) {
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
            if (state != LIVE) {
                return;
            }
            long end = log.end();
            long unsent = owed + privateOwed + end - cursor;
            long lag = unsent - headerOwed;
            if (lag > maxLag) {
                close(new SlowSubscriberException(lag, maxLag));
                return;
            }
            if (unsent == 0 || !IN_FLIGHT.compareAndSet(this, false, true)) {
                return;
            }
            ByteBuffer bytes = null;
            writingKind = LOG;
            if (owed > 0) {
                bytes = nextPreambleWrite();
                writingKind = PREAMBLE;
            } else {
                Queue<Private> queue = privates;
                Private next = queue == null ? null : queue.peek();
                if (next != null && next.logOffset <= cursor) {
                    bytes = ByteBuffer.wrap(next.bytes).asReadOnlyBuffer();
                    writingKind = PRIVATE;
                } else {
                    long upTo = next == null ? end : next.logOffset;
                    bytes = upTo > cursor ? log.slice(cursor, upTo) : null;
                }
            }
            if (bytes == null || !bytes.hasRemaining()) {
                inFlight = false;
                return;
            }
            writing = bytes.remaining();
            completedInline = false;
            pumping = Thread.currentThread();
            sink.write(bytes, this);
            pumping = null;
        } while (completedInline);
    }

    /**
     * The next piece of the preamble: a large part as it is (a read-only view, no copy), or several small ones
     * gathered into one buffer of at most {@value #GATHER_BYTES} bytes, so a replay of a thousand short messages
     * takes a few writes, not a thousand. The gathered buffer lives only while its write is in flight.
     */
    private ByteBuffer nextPreambleWrite() {
        while (preamble[preambleAt].remaining() == 0) {
            preambleAt++;
        }
        ByteBuffer first = preamble[preambleAt];
        if (first.remaining() >= GATHER_BYTES || preambleAt == preamble.length - 1) {
            preambleAt++;
            return first;
        }
        ByteBuffer gathered = ByteBuffer.allocate((int) Math.min(GATHER_BYTES, owed));
        while (preambleAt < preamble.length && gathered.hasRemaining()) {
            ByteBuffer part = preamble[preambleAt];
            if (part.remaining() > gathered.remaining()) {
                ByteBuffer piece = part.slice().limit(gathered.remaining());
                part.position(part.position() + piece.remaining());
                gathered.put(piece);
            } else {
                gathered.put(part);
                preambleAt++;
            }
        }
        return gathered.flip();
    }

    @Override
    public void written() {
        switch (writingKind) {
            case PREAMBLE -> {
                owed -= writing;
                headerOwed = Math.max(0, headerOwed - writing);
                if (owed == 0) {
                    preamble = null; // a replay's shared buffers are let go as soon as they are sent
                }
            }
            case PRIVATE -> {
                privates.poll();
                PRIVATE_OWED.getAndAdd(this, (long) -writing);
            }
            default -> cursor += writing;
        }
        Queue<Private> queue = privates;
        boolean more = owed > 0 || cursor < log.end() || (queue != null && !queue.isEmpty());
        inFlight = false;
        if (Thread.currentThread() == pumping) {
            // Completed inside sink.write(): pump() goes on by itself, no need to wake anyone.
            completedInline = more;
        } else if (more) {
            shard.wake();
        }
    }

    @Override
    public void failed(Throwable failure) {
        inFlight = false;
        close(failure);
    }

    /** Ends this stream: gracefully when {@code reason} is null, by dropping the connection otherwise. */
    void close(Throwable reason) {
        int previous = (int) STATE.getAndSet(this, CLOSED);
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
