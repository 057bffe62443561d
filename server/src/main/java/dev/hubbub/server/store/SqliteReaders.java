package dev.hubbub.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A few read-only connections to the database, each lent to one reader at a time. SQLite's write-ahead log lets them
 * read while the writer commits, and one slow read (a long replay) does not hold up a tail or a history page.
 *
 * <p>A read either blocks its caller ({@link #read}: the store's own threads, and the ports whose methods say they
 * block) or runs on the readers' own threads, one per connection ({@link #readLater}: what the event log answers
 * with a future, so no request thread waits on the disk).
 */
final class SqliteReaders implements AutoCloseable {
    private final BlockingQueue<Connection> idle;
    private final List<Connection> all;
    private final ExecutorService threads;
    private volatile boolean closed;

    SqliteReaders(List<Connection> connections) {
        this.all = List.copyOf(connections);
        this.idle = new ArrayBlockingQueue<>(all.size(), false, all);
        this.threads = Executors.newFixedThreadPool(all.size(), r -> {
            Thread thread = new Thread(r, "hubbub-store-read");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Runs {@code work} on one of the readers' threads; the future fails with {@link StoreException} when it cannot
     * (the store closed, the database unreadable), never by throwing here.
     */
    <T> CompletableFuture<T> readLater(SqlWork<T> work) {
        if (closed) {
            return CompletableFuture.failedFuture(new StoreException("the store is closed"));
        }
        try {
            return CompletableFuture.supplyAsync(() -> read(work), threads);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new StoreException("the store is closed"));
        }
    }

    /** Runs {@code work} with a connection of its own, waiting for one when all are lent: it blocks its caller. */
    <T> T read(SqlWork<T> work) {
        if (closed) {
            throw new StoreException("the store is closed");
        }
        Connection db;
        try {
            db = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting to read messages", e);
        }
        try {
            return work.run(db);
        } catch (SQLException e) {
            throw new StoreException("could not read messages: " + e.getMessage(), e);
        } finally {
            idle.add(db);
        }
    }

    /** Closes every connection once it is back (a read in progress gets a few seconds to finish). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        threads.shutdown();
        try {
            for (int i = 0; i < all.size(); i++) {
                idle.poll(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Connection db : all) {
            try {
                db.close();
            } catch (SQLException e) {
                throw new StoreException("could not close the message database: " + e.getMessage(), e);
            }
        }
    }
}
