package dev.hubbub.bench.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The floor: the least a Jetty 12 server must do to fan chat lines out over SSE on this machine, to measure Hubbub
 * against in the same sitting. {@code POST /chat} with a line {@code name: text} encodes it once as a {@code chat}
 * event and appends it to one shared log (acknowledged at once: nothing is stored); {@code GET /chat} is a stream.
 * One fan-out thread per core owns a share of the streams; each pass gives every stream with no write in flight one
 * write of everything it has not been sent (up to a chunk's end). No JSON, no store, no presence, no replay, no
 * limits: what Hubbub does beyond this is what it costs.
 *
 * <p>{@code FloorServer [PORT]} prints {@code http://127.0.0.1:PORT/} and {@code Press Ctrl-C to stop.} as Hubbub's
 * {@code serve} does, so {@code LoadTest --floor} starts it in Hubbub's place.
 */
public final class FloorServer {
    private static final int CHUNK = 64 * 1024;

    /** Append-only chunks of encoded events; one writer (under {@code this}), any readers. */
    private final List<byte[]> chunks = new ArrayList<>();
    private volatile byte[][] chunkArray = new byte[0][];
    private volatile long end;
    private long nextId;
    private final Shard[] shards;
    private int nextShard;

    private FloorServer(int threads) {
        shards = new Shard[threads];
        for (int i = 0; i < threads; i++) {
            shards[i] = new Shard("floor-fanout-" + i);
            shards[i].thread.start();
        }
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        FloorServer floor = new FloorServer(Math.max(1, Runtime.getRuntime().availableProcessors()));
        QueuedThreadPool threads = new QueuedThreadPool(200, 4);
        Server jetty = new Server(threads);
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setAcceptQueueSize(2048);
        jetty.addConnector(connector);
        jetty.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (!Request.getPathInContext(request).equals("/chat")) {
                    return false;
                }
                if (request.getMethod().equals("POST")) {
                    floor.post(request, response, callback);
                } else {
                    floor.stream(response, callback);
                }
                return true;
            }
        });
        jetty.start();
        System.out.println("Floor broadcaster at http://127.0.0.1:" + connector.getLocalPort() + "/");
        System.out.println("Press Ctrl-C to stop.");
        System.out.flush();
        jetty.join();
    }

    private void post(Request request, Response response, Callback callback) {
        Content.Source.asString(request, StandardCharsets.UTF_8, new org.eclipse.jetty.util.Promise<>() {
            @Override
            public void succeeded(String line) {
                long id;
                synchronized (FloorServer.this) {
                    id = ++nextId;
                    append(("event: chat\nid: " + id + "\ndata: " + line.strip() + "\n\n")
                            .getBytes(StandardCharsets.UTF_8));
                }
                for (Shard shard : shards) {
                    shard.wake();
                }
                response.setStatus(201);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
                Content.Sink.write(response, true, Long.toString(id), callback);
            }

            @Override
            public void failed(Throwable failure) {
                callback.failed(failure);
            }
        });
    }

    /** Under the lock. Old chunks are kept (a benchmark's run is short). */
    private void append(byte[] bytes) {
        int offset = 0;
        long position = end;
        while (offset < bytes.length) {
            int index = (int) (position / CHUNK);
            if (index == chunks.size()) {
                chunks.add(new byte[CHUNK]);
                chunkArray = chunks.toArray(byte[][]::new);
            }
            int at = (int) (position % CHUNK);
            int n = Math.min(bytes.length - offset, CHUNK - at);
            System.arraycopy(bytes, offset, chunks.get(index), at, n);
            offset += n;
            position += n;
        }
        end = position;
    }

    private void stream(Response response, Callback callback) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        Shard shard;
        Subscriber subscriber;
        synchronized (this) {
            subscriber = new Subscriber(response, end);
            shard = shards[nextShard++ % shards.length];
        }
        subscriber.shard = shard;
        // The headers go out with a first, empty write; then the shard owns the stream.
        response.write(false, ByteBuffer.allocate(0), Callback.from(() -> shard.add(subscriber), callback::failed));
    }

    /** One stream: a position in the log and whether a write is in flight. */
    private final class Subscriber {
        final Response response;
        final Callback afterWrite;
        final AtomicBoolean inFlight = new AtomicBoolean();
        volatile long cursor;
        volatile boolean failed;
        int writing;
        Shard shard;

        Subscriber(Response response, long cursor) {
            this.response = response;
            this.cursor = cursor;
            this.afterWrite = Callback.from(Invocable.InvocationType.NON_BLOCKING, () -> {
                this.cursor += writing;
                inFlight.set(false);
                if (this.cursor < end) {
                    shard.wake();
                }
            }, failure -> failed = true);
        }

        void pump() {
            long at = cursor;
            long upTo = end;
            if (failed || at >= upTo || !inFlight.compareAndSet(false, true)) {
                return;
            }
            byte[] chunk = chunkArray[(int) (at / CHUNK)];
            int from = (int) (at % CHUNK);
            int length = (int) Math.min(upTo - at, CHUNK - from);
            writing = length;
            response.write(false, ByteBuffer.wrap(chunk, from, length), afterWrite);
        }
    }

    /** A fan-out thread and its streams. */
    private static final class Shard implements Runnable {
        final Thread thread;
        final List<Subscriber> subscribers = new ArrayList<>();
        final Queue<Subscriber> added = new ConcurrentLinkedQueue<>();
        final AtomicBoolean signalled = new AtomicBoolean();

        Shard(String name) {
            thread = new Thread(this, name);
            thread.setDaemon(true);
        }

        void add(Subscriber subscriber) {
            added.add(subscriber);
            wake();
        }

        void wake() {
            if (signalled.compareAndSet(false, true)) {
                LockSupport.unpark(thread);
            }
        }

        @Override
        public void run() {
            while (true) {
                if (!signalled.getAndSet(false)) {
                    LockSupport.park(this);
                    continue;
                }
                for (Subscriber s; (s = added.poll()) != null; ) {
                    subscribers.add(s);
                }
                subscribers.removeIf(s -> s.failed);
                for (Subscriber subscriber : subscribers) {
                    subscriber.pump();
                }
            }
        }
    }
}
