package dev.hubbub.server.store;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tail of the SQLite log: a thread of its own reads what was committed after its cursor and hands it on, then waits
 * for the next commit (or a second, should the signal be missed), so a tail costs the writer nothing and catches up
 * from any position the same way. The cursor moves only once the listener took the batch: a listener that fails (the
 * search index could not write, say) gets the same batch again a moment later, so nothing is skipped.
 */
final class SqliteTail extends Thread implements EventLog.Tail {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteTail.class);
    private static final int PAGE = 1_000;
    /** How soon a tail whose reading or reader failed tries the same events again. */
    private static final Duration RETRY = Duration.ofMillis(500);

    private final SqliteWriter writer;
    private final SqliteReaders readers;
    private final EventLog.TailListener listener;
    private final Consumer<SqliteTail> onClose;
    private long cursor;
    private volatile boolean open = true;

    SqliteTail(SqliteWriter writer, SqliteReaders readers, long after, EventLog.TailListener listener,
               Consumer<SqliteTail> onClose) {
        super("hubbub-store-tail");
        setDaemon(true);
        this.writer = writer;
        this.readers = readers;
        this.cursor = after;
        this.listener = listener;
        this.onClose = onClose;
    }

    @Override
    public void run() {
        while (open) {
            try {
                List<Logged> batch = cursor < writer.head() ? after(cursor) : List.of();
                if (!batch.isEmpty()) {
                    listener.accept(batch);
                    cursor = batch.get(batch.size() - 1).position().major();
                    continue;
                }
                writer.awaitCommitAfter(cursor, 1_000);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!open) {
                    return;
                }
                LOG.warn("the store's tail or its reader failed; it reads the same events again in a moment: {}",
                        e.toString());
                try {
                    Thread.sleep(RETRY.toMillis());
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    private List<Logged> after(long from) {
        return readers.read(db -> {
            try (PreparedStatement q = db.prepareStatement(
                    "SELECT " + SqliteRows.COLUMNS + " FROM events WHERE seq > ? ORDER BY seq LIMIT ?")) {
                q.setLong(1, from);
                q.setInt(2, PAGE);
                return SqliteRows.read(q);
            }
        });
    }

    @Override
    public void close() {
        open = false;
        interrupt();
        onClose.accept(this);
    }
}
