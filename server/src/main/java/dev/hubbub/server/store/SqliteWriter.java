package dev.hubbub.server.store;

import dev.hubbub.server.store.EventLog.Appended;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQLite store's one writer.
 *
 * <p><b>One writer thread</b> owns the connection that writes: appends and the directory's and file index's changes
 * queue up for it, so no lock orders writes and none is held while the disk syncs; a caller waits only for its own
 * future (a change's caller blocks, as the ports that make changes say).
 *
 * <p><b>Group commit.</b> The writer takes everything queued at once and stores the appends among it in one
 * transaction ({@link SqliteAppends}), synced once: posts that arrive while a commit is on the disk share the next
 * one, so a crowd posting at once costs a handful of syncs, not one each. After each commit it tells whoever waits
 * for new events ({@link #awaitCommitAfter}).
 */
final class SqliteWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteWriter.class);
    /** Writes waiting for the writer; past this many, a write is refused at once rather than queued. */
    static final int MAX_QUEUED = 10_000;
    private static final int MAX_BATCH = 1_000;

    /** What the writer thread is asked to do. */
    private sealed interface Job permits Append, Change {
    }

    private record Append(LogEvent event, CompletableFuture<Appended> done) implements Job {
    }

    /** A change of the directory's or the file index's, in a transaction of its own, and what to do once committed. */
    private record Change(SqlWork<Object> work, Consumer<Object> committed, CompletableFuture<Object> done)
            implements Job {
    }

    private final Connection writer;
    private final SqliteAppends appends;
    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final Thread thread;
    private final Object committed = new Object();
    private volatile long head;
    private volatile boolean closed;

    SqliteWriter(Connection writer, SqliteAppends appends) throws SQLException {
        this.writer = writer;
        this.appends = appends;
        try (Statement s = writer.createStatement();
             ResultSet rows = s.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM events")) {
            rows.next();
            this.head = rows.getLong(1);
        }
        this.thread = new Thread(this::writeLoop, "hubbub-store-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The newest sequence number committed. */
    long head() {
        return head;
    }

    /** Queues an event; completes once it is committed (or failed with {@link StoreException}). Never blocks. */
    CompletableFuture<Appended> append(LogEvent event) {
        CompletableFuture<Appended> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new StoreException("the store is closed"));
        } else if (!queue.offer(new Append(event, done))) {
            done.completeExceptionally(new StoreException("the store is too busy to take more right now"));
        }
        return done;
    }

    /**
     * Runs {@code work} on the writer thread in a transaction of its own (rolled back whole if it throws), then, once
     * committed and still on the writer thread, {@code committed} with its result; and waits for that result (it
     * blocks). The directory's changes come this way: they and the appends are never written at once, and two
     * changes never interleave, so a change can check and then act.
     */
    @SuppressWarnings("unchecked")
    <T> T change(SqlWork<T> work, Consumer<T> committed) {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("the writer cannot wait for itself");
        }
        CompletableFuture<Object> done = new CompletableFuture<>();
        if (closed) {
            throw new StoreException("the store is closed");
        }
        if (!queue.offer(new Change((SqlWork<Object>) work, (Consumer<Object>) committed, done))) {
            throw new StoreException("the store is too busy to take more right now");
        }
        try {
            return (T) done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new StoreException("could not write to the store: " + e.getCause(), e.getCause());
        }
    }

    /** Waits (at most {@code millis}) until something past {@code cursor} is committed. */
    void awaitCommitAfter(long cursor, long millis) throws InterruptedException {
        synchronized (committed) {
            if (!closed && cursor >= head) {
                committed.wait(millis);
            }
        }
    }

    private void writeLoop() {
        List<Job> jobs = new ArrayList<>();
        List<Append> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Job first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    appends.forgetDeletedWords(false);
                    continue;
                }
                jobs.add(first);
                queue.drainTo(jobs, MAX_BATCH - 1);
                for (Job job : jobs) {
                    if (job instanceof Append append) {
                        batch.add(append);
                    } else {
                        commit(batch);
                        batch.clear();
                        run((Change) job);
                    }
                }
                commit(batch);
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            } catch (RuntimeException | Error e) {
                LOG.error("the store's writer failed", e);
                StoreException failure = new StoreException("could not write to the store: " + e, e);
                for (Job job : jobs) {
                    if (job instanceof Append append) {
                        append.done.completeExceptionally(failure);
                    } else {
                        ((Change) job).done.completeExceptionally(failure);
                    }
                }
            } finally {
                jobs.clear();
                batch.clear();
            }
        }
        appends.forgetDeletedWords(true);
    }

    /** Stores a batch of appends in one transaction, then answers every caller in it, then tells the tails. */
    private void commit(List<Append> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<Appended> results;
        try {
            writer.setAutoCommit(false);
            results = appends.storeAll(batch.stream().map(Append::event).toList());
            writer.commit();
        } catch (SQLException e) {
            rollback(writer);
            appends.rolledBack();
            StoreException failure = new StoreException("the message could not be stored: " + e.getMessage(), e);
            batch.forEach(p -> p.done.completeExceptionally(failure));
            return;
        } finally {
            autoCommit(writer);
        }
        long newest = head;
        for (Appended appended : results) {
            newest = Math.max(newest, appended.logged().position().major());
        }
        head = newest;
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done.complete(results.get(i));
        }
        synchronized (committed) {
            committed.notifyAll();
        }
        appends.committed(batch.size(), head);
    }

    private void run(Change change) {
        try {
            writer.setAutoCommit(false);
            Object result = change.work.run(writer);
            writer.commit();
            change.committed.accept(result);
            change.done.complete(result);
        } catch (SQLException e) {
            rollback(writer);
            change.done.completeExceptionally(new StoreException("could not write to the store: " + e.getMessage(),
                    e));
        } catch (RuntimeException e) {
            rollback(writer);
            change.done.completeExceptionally(e);
        } finally {
            autoCommit(writer);
        }
    }

    static void rollback(Connection writer) {
        try {
            writer.rollback();
        } catch (SQLException e) {
            LOG.warn("could not roll back: {}", e.getMessage());
        }
    }

    static void autoCommit(Connection writer) {
        try {
            writer.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.warn("could not end a transaction: {}", e.getMessage());
        }
    }

    /** Stores what is queued, then stops. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (committed) {
            committed.notifyAll();
        }
    }
}
