package dev.hubbub.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search indexes an edit or a deletion took rows out of, until their words leave the database file too. A
 * contentless FTS5 index ({@link SearchScope#create}) takes a deleted row out of every answer at once but keeps its
 * words in the index's segments until they are merged; its {@code secure-delete} setting does not reach a
 * {@code contentless_delete} table (tried with SQLite 3.53), so only a merge of the whole index ({@code optimize})
 * writes them out. One merge serves a burst of deletions: at once after a quiet spell, then at most once per
 * {@link #EVERY_NANOS}, and whatever is left when the index closes.
 *
 * <p>Threads: the one thread that writes the index's connection, outside any transaction.
 */
final class DeletedWords {
    static final long EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Logger LOG = LoggerFactory.getLogger(DeletedWords.class);

    private final Set<String> leftIn = new LinkedHashSet<>();
    private long mergedAt = System.nanoTime() - EVERY_NANOS;

    /** Rows of {@code index} were deleted or replaced in the transaction under way (or just committed). */
    void leftIn(String index) {
        leftIn.add(index);
    }

    void leftIn(Collection<String> indexes) {
        leftIn.addAll(indexes);
    }

    /** Merges the indexes that hold deleted words, when it is time or {@code now}; a failure waits for the next. */
    void forget(Connection db, boolean now) {
        if (leftIn.isEmpty() || (!now && System.nanoTime() - mergedAt < EVERY_NANOS)) {
            return;
        }
        try (Statement s = db.createStatement()) {
            for (Iterator<String> it = leftIn.iterator(); it.hasNext(); ) {
                String index = it.next();
                s.execute("INSERT INTO " + index + " (" + index + ") VALUES ('optimize')");
                it.remove();
            }
        } catch (SQLException e) {
            LOG.warn("could not merge the search index after deletions (tried again later): {}", e.getMessage());
        }
        mergedAt = System.nanoTime();
    }
}
