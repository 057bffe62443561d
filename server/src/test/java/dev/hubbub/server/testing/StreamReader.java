package dev.hubbub.server.testing;

import dev.hubbub.sse.EventStreamParser;
import dev.hubbub.sse.ServerSentEvent;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Reads an event stream on a thread of its own with Hubbub's parser, and lets a test wait for what it expects. Works
 * on any InputStream: an OkHttp response body or a raw socket.
 */
public final class StreamReader implements AutoCloseable {
    private final BlockingQueue<ServerSentEvent> events = new LinkedBlockingQueue<>();
    private final List<ServerSentEvent> seen = new CopyOnWriteArrayList<>();
    private final List<Long> retries = new CopyOnWriteArrayList<>();
    private final InputStream in;
    private final Thread thread;
    private volatile Throwable ended;
    private volatile boolean endedCleanly;

    public StreamReader(InputStream in, String name) {
        this.in = in;
        EventStreamParser parser = new EventStreamParser(new EventStreamParser.Handler() {
            @Override
            public void onEvent(ServerSentEvent event) {
                seen.add(event);
                events.add(event);
            }

            @Override
            public void onRetry(long millis) {
                retries.add(millis);
            }
        });
        this.thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    parser.feed(buffer, 0, n);
                }
                parser.finish();
                endedCleanly = true;
            } catch (IOException | RuntimeException e) {
                ended = e;
            }
        }, "test-stream-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** The next event, waiting up to {@code timeout}; fails the test when none comes. */
    public ServerSentEvent next(Duration timeout) throws InterruptedException {
        ServerSentEvent event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("no event within " + timeout + "; seen so far: " + seen + "; ended: " + ended);
        }
        return event;
    }

    /** The next event if one comes within {@code timeout}, else null. */
    public ServerSentEvent poll(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the stream has ended and every event it brought was taken. */
    public boolean exhausted() {
        return !thread.isAlive() && events.isEmpty();
    }

    public ServerSentEvent next() throws InterruptedException {
        return next(Duration.ofSeconds(10));
    }

    /** The next event of this type, skipping others. */
    public ServerSentEvent next(String type) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            ServerSentEvent event = events.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("no '" + type + "' event within 10 s; seen: " + seen);
            }
            if (event.type().equals(type)) {
                return event;
            }
        }
    }

    /** Takes events until {@code done} accepts one (inclusive), or fails after {@code timeout}. */
    public List<ServerSentEvent> until(Predicate<ServerSentEvent> done, Duration timeout) throws InterruptedException {
        List<ServerSentEvent> taken = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            ServerSentEvent event = events.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("condition not met within " + timeout + "; took " + taken.size()
                        + " events, last: " + (taken.isEmpty() ? "none" : taken.get(taken.size() - 1)));
            }
            taken.add(event);
            if (done.test(event)) {
                return taken;
            }
        }
    }

    /** Asserts that nothing arrives for {@code quiet}. */
    public void expectNothingFor(Duration quiet) throws InterruptedException {
        ServerSentEvent event = events.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
        if (event != null) {
            throw new AssertionError("expected no event, got " + event);
        }
    }

    public List<Long> retries() {
        return retries;
    }

    /** Waits for the stream to end; true when it ended with end-of-stream, false when with an error. */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            throw new AssertionError("the stream did not end within " + timeout);
        }
        return endedCleanly;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
