package dev.hubbub.server.hub;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fan-out thread and the subscribers it drives. Each pass, woken by new data in the room or by a completed write,
 * starts the next write of every subscriber that has something unsent and no write in flight. The faster events
 * arrive, the more each write carries, so the cost per delivered event falls as the load rises.
 *
 * <p>Threads: the subscriber list belongs to this shard's thread; other threads hand it additions and removals
 * through queues and wake it with {@link #wake()}.
 */
final class Shard implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Shard.class);
    private final List<Subscriber> subscribers = new ArrayList<>();
    private final Queue<Subscriber> added = new ConcurrentLinkedQueue<>();
    private final Queue<Subscriber> removed = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean signalled = new AtomicBoolean();
    private final long maxLagBytes;
    private final Thread thread;
    private volatile boolean running = true;

    Shard(String name, long maxLagBytes) {
        this.maxLagBytes = maxLagBytes;
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void add(Subscriber subscriber) {
        added.add(subscriber);
        wake();
    }

    void remove(Subscriber subscriber) {
        removed.add(subscriber);
        wake();
    }

    /** Asks for a pass soon; cheap when a pass is already due. Any thread. */
    void wake() {
        if (signalled.compareAndSet(false, true)) {
            LockSupport.unpark(thread);
        }
    }

    void stop() throws InterruptedException {
        running = false;
        LockSupport.unpark(thread);
        thread.join(5_000);
    }

    @Override
    public void run() {
        while (running) {
            if (!signalled.getAndSet(false)) {
                LockSupport.park(this);
                continue;
            }
            applyMembershipChanges();
            for (int i = 0; i < subscribers.size(); i++) {
                Subscriber subscriber = subscribers.get(i);
                try {
                    subscriber.pump(maxLagBytes);
                } catch (RuntimeException | Error e) {
                    // One stream's failure must not stop the thread that serves the others: that stream ends.
                    LOG.error("a stream failed unexpectedly and was closed", e);
                    subscriber.close(e);
                }
            }
        }
    }

    private void applyMembershipChanges() {
        for (Subscriber s; (s = added.poll()) != null; ) {
            if (!s.isClosed() && s.shardIndex < 0) {
                s.shardIndex = subscribers.size();
                subscribers.add(s);
            }
        }
        for (Subscriber s; (s = removed.poll()) != null; ) {
            int index = s.shardIndex;
            if (index < 0) {
                continue;
            }
            Subscriber last = subscribers.remove(subscribers.size() - 1);
            if (last != s) {
                subscribers.set(index, last);
                last.shardIndex = index;
            }
            s.shardIndex = -1;
        }
    }
}
