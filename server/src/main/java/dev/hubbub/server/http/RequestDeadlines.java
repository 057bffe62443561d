package dev.hubbub.server.http;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A connection must bring a complete request within {@code timeout} of opening, and of finishing its previous
 * requests; otherwise it is closed. Jetty's idle timeout starts over with every byte, so a client sending its
 * headers a byte at a time would otherwise hold a connection for ever; this counts from when the connection started
 * waiting, whatever trickles in. Open event streams are requests in progress, so they are never cut by it.
 *
 * <p>Both a handler (it sees each request begin and end) and a connection listener (it sees connections open and
 * close); a sweep every second closes the overdue ones. Thread-safe.
 */
public final class RequestDeadlines extends Handler.Wrapper implements Connection.Listener {
    private static final class Waiting {
        /** {@link #active} through an updater: every open connection (every event stream) holds one of these. */
        static final AtomicIntegerFieldUpdater<Waiting> ACTIVE =
                AtomicIntegerFieldUpdater.newUpdater(Waiting.class, "active");
        volatile int active;
        /** When the connection started waiting for a request; 0 while a request is in progress. */
        volatile long since;

        Waiting(long now) {
            since = now;
        }
    }

    private final long timeoutNanos;
    private final ConcurrentHashMap<Connection, Waiting> connections = new ConcurrentHashMap<>();
    private volatile Scheduler.Task sweep;

    public RequestDeadlines(Duration timeout, Handler next) {
        super(next);
        this.timeoutNanos = timeout.toNanos();
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof ConnectionMetaData) {
            connections.put(connection, new Waiting(System.nanoTime()));
        }
    }

    @Override
    public void onClosed(Connection connection) {
        connections.remove(connection);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Waiting waiting = connections.get(request.getConnectionMetaData().getConnection());
        if (waiting != null) {
            Waiting.ACTIVE.incrementAndGet(waiting);
            waiting.since = 0;
            Request.addCompletionListener(request, failure -> {
                if (Waiting.ACTIVE.decrementAndGet(waiting) == 0) {
                    waiting.since = System.nanoTime();
                }
            });
        }
        return super.handle(request, response, callback);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        scheduleSweep();
    }

    @Override
    protected void doStop() throws Exception {
        Scheduler.Task task = sweep;
        if (task != null) {
            task.cancel();
        }
        super.doStop();
    }

    private void scheduleSweep() {
        if (isRunning() || isStarting()) {
            sweep = getServer().getScheduler().schedule(this::sweepNow, 1, TimeUnit.SECONDS);
        }
    }

    private void sweepNow() {
        long now = System.nanoTime();
        connections.forEach((connection, waiting) -> {
            long since = waiting.since;
            if (since != 0 && waiting.active == 0 && now - since > timeoutNanos) {
                connections.remove(connection);
                connection.getEndPoint().close();
            }
        });
        scheduleSweep();
    }
}
