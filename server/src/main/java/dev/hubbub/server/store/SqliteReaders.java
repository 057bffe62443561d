package dev.hubbub.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A few read-only connections to the database, each lent to one reader at a time. SQLite's write-ahead log lets them
 * read while the writer commits, and one slow read (a long replay) does not hold up a tail or a history page.
 */
final class SqliteReaders implements AutoCloseable {
    private final BlockingQueue<Connection> idle;
    private final List<Connection> all;

    SqliteReaders(List<Connection> connections) {
        this.all = List.copyOf(connections);
        this.idle = new ArrayBlockingQueue<>(all.size(), false, all);
    }

    /** Runs {@code work} with a connection of its own, waiting for one when all are lent. */
    <T> T read(SqlWork<T> work) {
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
    public void close() {
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
