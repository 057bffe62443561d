package dev.hubbub.server.store;

import dev.hubbub.chat.Attachment;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.Mentions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link EventLog} in SQLite, and the store's one writer.
 *
 * <p><b>One writer thread</b> owns the connection that writes: appends and the directory's changes queue up for it,
 * so no lock orders writes and none is held while the disk syncs; a caller waits only for its own future.
 *
 * <p><b>Group commit.</b> The writer takes everything queued at once and stores the appends among it in one
 * transaction, synced once: posts that arrive while a commit is on the disk share the next one, so a crowd posting at
 * once costs a handful of syncs, not one each.
 *
 * <p><b>Tails</b> read from the database on threads of their own after each commit (and on a timer, should a signal
 * be missed), so a tail costs the writer nothing and catches up from any position the same way.
 *
 * <p>Ids are {@code <epoch tag>.<sequence>}. A bare number is an id from the first release: it is honoured when this
 * history was migrated from that release's database and the number is one it handed out.
 */
final class SqliteEventLog implements EventLog, MessageSearch {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteEventLog.class);
    private static final Pattern ID = Pattern.compile("([0-9a-f]{8})\\.(\\d{1,18})");
    private static final Pattern LEGACY_ID = Pattern.compile("\\d{1,18}");
    private static final String COLUMNS = "seq, kind, conversation, author, author_key, verified, text, "
            + "sent_at_micros, client_id, to_name, to_key, files, mentions, target, quote";
    /** A message's columns and what was done to it since, for pages and searches; every name qualified by e. */
    private static final String FOLDED = ("e." + COLUMNS.replace(", ", ", e."))
            + ", e.edited_text, e.edited_mentions, e.edited_micros, e.deleted, e.removed_by";
    private static final com.fasterxml.jackson.core.type.TypeReference<List<Attachment>> FILES =
            new com.fasterxml.jackson.core.type.TypeReference<>() { };
    /** Writes waiting for the writer; past this many, a write is refused at once rather than queued. */
    static final int MAX_QUEUED = 10_000;
    private static final int MAX_BATCH = 1_000;
    private static final int TRIM_EVERY = 500;
    private static final int TAIL_PAGE = 1_000;
    /** How soon a tail whose reading or reader failed tries the same events again. */
    private static final java.time.Duration RETRY_TAIL = java.time.Duration.ofMillis(500);

    /** What the writer thread is asked to do. */
    private sealed interface Job permits Append, Change {
    }

    private record Append(LogEvent event, CompletableFuture<Appended> done) implements Job {
    }

    /** A change of the directory's, in a transaction of its own, and what to do once it is committed. */
    private record Change(SqlWork<Object> work, Consumer<Object> committed, CompletableFuture<Object> done)
            implements Job {
    }

    private final Connection writer;
    private final SqliteReaders readers;
    private final String epoch;
    private final String tag;
    private final long legacyMax;
    private final int keep;
    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final Thread writerThread;
    private final Object committed = new Object();
    private final List<TailThread> tails = Collections.synchronizedList(new ArrayList<>());
    private volatile long head;
    private volatile boolean closed;
    private int appendsSinceTrim;
    /** Blobs the batch being committed released (a deleted room's files); the writer thread's. */
    private final List<FileIndex.Blob> releasedInBatch = new ArrayList<>();
    private volatile Consumer<List<FileIndex.Blob>> filesReleased = released -> { };

    SqliteEventLog(Connection writer, SqliteReaders readers, String epoch, long legacyMax, int keep)
            throws SQLException {
        this.writer = writer;
        this.readers = readers;
        this.epoch = epoch;
        this.tag = epoch.replace("-", "").substring(0, 8).toLowerCase(java.util.Locale.ROOT);
        this.legacyMax = legacyMax;
        this.keep = keep;
        try (Statement s = writer.createStatement();
             ResultSet rows = s.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM events")) {
            rows.next();
            this.head = rows.getLong(1);
        }
        this.writerThread = new Thread(this::writeLoop, "hubbub-store-writer");
        this.writerThread.setDaemon(true);
        this.writerThread.start();
    }

    @Override
    public String epoch() {
        return epoch;
    }

    @Override
    public String format(Position position) {
        return tag + "." + position.major();
    }

    @Override
    public Optional<Position> parse(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Matcher m = ID.matcher(id);
        if (m.matches()) {
            return m.group(1).equals(tag) ? Optional.of(Position.of(Long.parseLong(m.group(2)))) : Optional.empty();
        }
        if (LEGACY_ID.matcher(id).matches() && legacyMax > 0) {
            long legacy = Long.parseLong(id);
            return legacy <= legacyMax ? Optional.of(Position.of(legacy)) : Optional.empty();
        }
        return Optional.empty();
    }

    @Override
    public Position head() {
        return Position.of(head);
    }

    @Override
    public CompletableFuture<Appended> append(LogEvent event) {
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
     * committed and still on the writer thread, {@code committed} with its result; and waits for that result. The
     * directory's changes come this way: they and the appends are never written at once, and two changes never
     * interleave, so a change can check and then act.
     */
    @SuppressWarnings("unchecked")
    <T> T change(SqlWork<T> work, Consumer<T> committed) {
        if (Thread.currentThread() == writerThread) {
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

    private void writeLoop() {
        List<Job> jobs = new ArrayList<>();
        List<Append> appends = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Job first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                jobs.add(first);
                queue.drainTo(jobs, MAX_BATCH - 1);
                for (Job job : jobs) {
                    if (job instanceof Append append) {
                        appends.add(append);
                    } else {
                        commit(appends);
                        appends.clear();
                        run((Change) job);
                    }
                }
                commit(appends);
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
                appends.clear();
            }
        }
    }

    /** Stores a batch of appends in one transaction, then answers every caller in it, then tells the tails. */
    private void commit(List<Append> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<Appended> results = new ArrayList<>(batch.size());
        try {
            writer.setAutoCommit(false);
            Map<String, Appended> inBatch = new HashMap<>();
            try (PreparedStatement find = writer.prepareStatement(
                    "SELECT " + COLUMNS + " FROM events WHERE client_id = ?");
                 PreparedStatement insert = writer.prepareStatement("INSERT INTO events (kind, conversation, "
                         + "author, author_key, verified, text, sent_at_micros, client_id, to_name, to_key, files, "
                         + "mentions, target, quote) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         Statement.RETURN_GENERATED_KEYS);
                 PreparedStatement carry = writer.prepareStatement(
                         "INSERT INTO file_refs (file_id, seq, conversation) VALUES (?, ?, ?)");
                 PreparedStatement index = writer.prepareStatement(
                         "INSERT INTO message_text (rowid, text, scope) VALUES (?, ?, ?)");
                 PreparedStatement indexDirect = writer.prepareStatement(
                         "INSERT INTO direct_text (rowid, text, scope) VALUES (?, ?, ?)")) {
                for (Append append : batch) {
                    results.add(store(append.event, find, insert, carry,
                            append.event.isDirect() ? indexDirect : index, inBatch));
                }
            }
            writer.commit();
        } catch (SQLException e) {
            rollback();
            releasedInBatch.clear();
            StoreException failure = new StoreException("the message could not be stored: " + e.getMessage(), e);
            batch.forEach(p -> p.done.completeExceptionally(failure));
            return;
        } finally {
            autoCommit();
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
        release(releasedInBatch);
        trimNowAndThen(batch.size());
    }

    private void run(Change change) {
        try {
            writer.setAutoCommit(false);
            Object result = change.work.run(writer);
            writer.commit();
            change.committed.accept(result);
            change.done.complete(result);
        } catch (SQLException e) {
            rollback();
            change.done.completeExceptionally(new StoreException("could not write to the store: " + e.getMessage(),
                    e));
        } catch (RuntimeException e) {
            rollback();
            change.done.completeExceptionally(e);
        } finally {
            autoCommit();
        }
    }

    private Appended store(LogEvent event, PreparedStatement find, PreparedStatement insert, PreparedStatement carry,
                           PreparedStatement index, Map<String, Appended> inBatch) throws SQLException {
        if (event.clientId() != null) {
            Appended earlier = inBatch.get(event.clientId());
            if (earlier != null) {
                return new Appended(earlier.logged(), true);
            }
            find.setString(1, event.clientId());
            try (ResultSet rows = find.executeQuery()) {
                if (rows.next()) {
                    return new Appended(toLogged(rows), true);
                }
            }
        }
        LogEvent stamped = event.at(event.at().truncatedTo(ChronoUnit.MICROS));
        if (stamped.kind() == LogEvent.Kind.ROOM_DELETED) {
            forget(stamped.conversation());
        }
        insert.setString(1, stamped.kind().name());
        insert.setString(2, stamped.conversation());
        insert.setString(3, stamped.author());
        insert.setString(4, stamped.authorKey());
        insert.setInt(5, stamped.verified() ? 1 : 0);
        insert.setString(6, stamped.text());
        insert.setLong(7, SqliteStore.micros(stamped.at()));
        insert.setString(8, stamped.clientId());
        insert.setString(9, stamped.to());
        insert.setString(10, stamped.toKey());
        insert.setString(11, stamped.files().isEmpty() ? null : ChatJson.write(stamped.files()));
        insert.setString(12, stamped.mentions() == Mentions.Found.NONE ? null : ChatJson.write(stamped.mentions()));
        if (stamped.target() == null) {
            insert.setNull(13, java.sql.Types.INTEGER);
        } else {
            insert.setLong(13, stamped.target().major());
        }
        insert.setString(14, stamped.quote() == null ? null : ChatJson.write(stamped.quote()));
        insert.executeUpdate();
        long seq;
        try (ResultSet keys = insert.getGeneratedKeys()) {
            keys.next();
            seq = keys.getLong(1);
        }
        if (stamped.kind() == LogEvent.Kind.MESSAGE && !stamped.text().isEmpty()) {
            index.setLong(1, seq);
            index.setString(2, stamped.text());
            index.setString(3, SearchScope.of(stamped));
            index.executeUpdate();
        } else if (stamped.kind().isAction()) {
            act(stamped);
        }
        for (Attachment file : stamped.files()) {
            carry.setString(1, file.id());
            carry.setLong(2, seq);
            carry.setString(3, stamped.conversation());
            carry.executeUpdate();
        }
        Appended appended = new Appended(new Logged(Position.of(seq), stamped), false);
        if (stamped.clientId() != null) {
            inBatch.put(stamped.clientId(), appended);
        }
        return appended;
    }

    /**
     * A deleted room's history, in the transaction that stores its deletion: every event of the room goes, with its
     * reactions, its search rows and its messages' hold on their files (a file no other message carries is deleted
     * once the transaction commits). Where the history starts is recorded first, so the hole this leaves is never
     * taken for retention's.
     */
    private void forget(String room) throws SQLException {
        update("INSERT OR IGNORE INTO meta (key, value) SELECT 'trimmed', COALESCE(MIN(seq) - 1, ?) FROM events",
                head);
        SearchScope.forgetRoom(writer, room);
        update("DELETE FROM reactions WHERE seq IN (SELECT seq FROM events WHERE conversation = ?)", room);
        releasedInBatch.addAll(SqliteFileIndex.forgetUncarried(writer, "conversation = ?", room));
        update("DELETE FROM events WHERE conversation = ?", room);
    }

    /**
     * What an action does to the message it targets, in the transaction that stores the action: the state a history
     * page or a search reads. The stream needs none of it (it carries the actions themselves).
     */
    private void act(LogEvent action) throws SQLException {
        long target = action.target().major();
        switch (action.kind()) {
            case EDIT -> {
                int edited = update("UPDATE events SET edited_text = ?, edited_mentions = ?, edited_micros = ? "
                        + "WHERE seq = ? AND kind = 'MESSAGE' AND deleted = 0", action.text(),
                        action.mentions() == Mentions.Found.NONE ? null : ChatJson.write(action.mentions()),
                        SqliteStore.micros(action.at()), target);
                if (edited > 0) {
                    String index = SearchScope.indexOf(action);
                    update("DELETE FROM " + index + " WHERE rowid = ?", target);
                    update("INSERT INTO " + index + " (rowid, text, scope) VALUES (?, ?, ?)", target, action.text(),
                            SearchScope.of(action));
                }
            }
            case DELETE -> {
                update("UPDATE events SET deleted = 1, edited_text = NULL, edited_mentions = NULL, "
                        + "edited_micros = ?, removed_by = ? WHERE seq = ? AND kind = 'MESSAGE'",
                        SqliteStore.micros(action.at()),
                        LogEvent.REMOVED.equals(action.text()) ? action.author() : null, target);
                update("DELETE FROM " + SearchScope.indexOf(action) + " WHERE rowid = ?", target);
                update("DELETE FROM reactions WHERE seq = ?", target);
                // Its files are no longer shared: only their uploader may fetch them, and they count as unsent.
                update("DELETE FROM file_refs WHERE seq = ?", target);
            }
            case REACT -> update("INSERT OR IGNORE INTO reactions (seq, emoji, person_key, name) "
                    + "SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM events WHERE seq = ? AND deleted = 0)",
                    target, action.text(), action.authorKey(), action.author(), target);
            case UNREACT -> update("DELETE FROM reactions WHERE seq = ? AND emoji = ? AND person_key = ?", target,
                    action.text(), action.authorKey());
            default -> throw new IllegalStateException(action.kind() + " is not an action");
        }
    }

    private int update(String sql, Object... values) throws SQLException {
        return SqliteStore.update(writer, sql, values);
    }

    private void rollback() {
        try {
            writer.rollback();
        } catch (SQLException e) {
            LOG.warn("could not roll back: {}", e.getMessage());
        }
    }

    private void autoCommit() {
        try {
            writer.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.warn("could not end a transaction: {}", e.getMessage());
        }
    }

    /** Deletes what is older than the newest {@code keep}, now and then, after commits; failures are logged. */
    private void trimNowAndThen(int appended) {
        appendsSinceTrim += appended;
        if (keep <= 0 || appendsSinceTrim < TRIM_EVERY) {
            return;
        }
        appendsSinceTrim = 0;
        long cut = head - keep;
        List<FileIndex.Blob> released;
        try {
            writer.setAutoCommit(false);
            update("DELETE FROM events WHERE seq <= ?", cut);
            update("DELETE FROM reactions WHERE seq <= ?", cut);
            update("DELETE FROM message_text WHERE rowid <= ?", cut);
            update("DELETE FROM direct_text WHERE rowid <= ?", cut);
            update("INSERT OR REPLACE INTO meta (key, value) SELECT 'trimmed', MAX(?, COALESCE((SELECT CAST(value "
                    + "AS INTEGER) FROM meta WHERE key = 'trimmed'), 0))", cut);
            released = SqliteFileIndex.forgetUncarried(writer, "seq <= ?", cut);
            writer.commit();
        } catch (SQLException e) {
            rollback();
            LOG.warn("could not delete old messages (keeping the newest {}): {}", keep, e.getMessage());
            return;
        } finally {
            autoCommit();
        }
        release(released);
    }

    /** Hands blobs no message holds any more to whoever deletes them (after the commit that let them go); empties. */
    private void release(List<FileIndex.Blob> released) {
        if (released.isEmpty()) {
            return;
        }
        try {
            filesReleased.accept(List.copyOf(released));
        } catch (RuntimeException e) {
            LOG.warn("could not delete the files of deleted messages: {}", e.toString());
        }
        released.clear();
    }

    @Override
    public CompletableFuture<List<Logged>> range(Position after, Position upTo, Scope scope, int limit) {
        String where;
        if (scope.all()) {
            where = "1 = 1";
        } else if (scope.room() != null) {
            where = "conversation = ? AND kind = 'MESSAGE'";
        } else if (scope.personKey() != null) {
            where = "(to_key IS NULL OR author_key = ? OR to_key = ?)";
        } else {
            where = "to_key IS NULL";
        }
        String sql = "SELECT " + COLUMNS + " FROM events WHERE seq > ? AND seq <= ? AND " + where
                + " ORDER BY seq DESC LIMIT ?";
        return readers.readLater(db -> {
            try (PreparedStatement q = db.prepareStatement(sql)) {
                int i = 1;
                q.setLong(i++, after.major());
                q.setLong(i++, upTo.major());
                if (scope.room() != null && !scope.all()) {
                    q.setString(i++, scope.room());
                } else if (scope.personKey() != null && !scope.all()) {
                    q.setString(i++, scope.personKey());
                    q.setString(i++, scope.personKey());
                }
                q.setInt(i, limit);
                List<Logged> newestFirst = read(q);
                Collections.reverse(newestFirst);
                return newestFirst;
            }
        });
    }

    @Override
    public CompletableFuture<Page> page(String conversation, Position before, Position after, int limit) {
        String base = "SELECT " + FOLDED + " FROM events e WHERE e.conversation = ? AND e.kind IN ('MESSAGE', "
                + "'NOTICE')";
        String sql = after != null ? base + " AND e.seq > ? ORDER BY e.seq LIMIT ?"
                : before != null ? base + " AND e.seq < ? ORDER BY e.seq DESC LIMIT ?"
                : base + " ORDER BY e.seq DESC LIMIT ?";
        return readers.readLater(db -> {
                try (PreparedStatement q = db.prepareStatement(sql)) {
                    int i = 1;
                    q.setString(i++, conversation);
                    if (after != null || before != null) {
                        q.setLong(i++, (after != null ? after : before).major());
                    }
                    q.setInt(i, limit + 1);
                    List<Logged> found = readFolded(db, q);
                    boolean more = found.size() > limit;
                    if (more) {
                        found = found.subList(0, limit);
                    }
                    if (after == null) {
                        found = new ArrayList<>(found);
                        Collections.reverse(found);
                    }
                    return new Page(found, more);
                }
            });
    }

    @Override
    public CompletableFuture<Optional<Logged>> message(Position position) {
        return readers.readLater(db -> {
            try (PreparedStatement q = db.prepareStatement(
                    "SELECT " + FOLDED + " FROM events e WHERE e.seq = ? AND e.kind = 'MESSAGE'")) {
                q.setLong(1, position.major());
                return readFolded(db, q).stream().findFirst();
            }
        });
    }

    /**
     * The newest messages whose text (as it is now) has every word of {@code query} (the last one as a prefix too),
     * among those {@code personKey} may read; with {@code conversation}, in that one only. Full-text: the SQLite FTS5
     * index {@code message_text} (the text, and who may read it: {@link SearchScope}), kept in the append's
     * transaction, read newest first and stopped at the limit. Each match is checked against the message's row too.
     */
    @Override
    public CompletableFuture<List<Logged>> search(String query, String personKey, String conversation, int limit) {
        return readers.readLater(db -> searchNow(db, query, personKey, conversation, limit));
    }

    /** On a reader's thread, with its connection. */
    private List<Logged> searchNow(Connection db, String query, String personKey, String conversation, int limit)
            throws SQLException {
        // Every word whole first: FTS5 walks a word's list of messages from the newest and stops at the limit, in
        // well under a millisecond however common the word. Only when that finds too few is the last word taken as
        // a prefix too: a prefix of 2 to 4 letters has an index of its own (as fast), a longer one merges the lists
        // of the words it begins (up to tens of milliseconds for the most common words of a million messages; see
        // the search benchmark).
        String whole = matchExpression(query, false);
        if (whole.isEmpty()) {
            return List.of();
        }
        List<Logged> found = searchFor(db, whole, personKey, conversation, limit);
        return found.size() >= limit ? found
                : searchFor(db, matchExpression(query, true), personKey, conversation, limit);
    }

    /** The rooms' index and the direct messages' index, each newest first, merged; the newest {@code limit}. */
    private static List<Logged> searchFor(Connection db, String words, String personKey, String conversation,
                                          int limit) throws SQLException {
        List<Logged> found = new ArrayList<>();
        boolean direct = conversation != null && Conversations.isDirect(conversation);
        for (String index : List.of(SearchScope.ROOMS, SearchScope.DIRECT)) {
            if (conversation != null && direct != index.equals(SearchScope.DIRECT)) {
                continue;
            }
            String readable = SearchScope.readableBy(index, personKey, conversation);
            String match = "text : (" + words + ")" + (readable.isEmpty() ? "" : " AND " + readable);
            String sql = "SELECT " + FOLDED + " FROM " + index + " f JOIN events e ON e.seq = f.rowid WHERE "
                    + index + " MATCH ? AND (e.to_key IS NULL OR e.author_key = ? OR e.to_key = ?)"
                    + " ORDER BY f.rowid DESC LIMIT ?";
            try (PreparedStatement q = db.prepareStatement(sql)) {
                q.setString(1, match);
                q.setString(2, personKey);
                q.setString(3, personKey);
                q.setInt(4, limit);
                found.addAll(readFolded(db, q));
            }
        }
        found.sort(java.util.Comparator.comparing(Logged::position).reversed());
        return found.size() > limit ? List.copyOf(found.subList(0, limit)) : found;
    }

    /**
     * What a person typed as an FTS5 query: each word quoted (so nothing in it is FTS syntax), all of them required;
     * with {@code prefix}, the last one matched as a prefix too; empty when there is no word.
     */
    static String matchExpression(String query, boolean prefix) {
        List<String> words = new ArrayList<>();
        for (String word : query.strip().split("[\\s\\p{Punct}&&[^'_-]]+")) {
            if (!word.isBlank()) {
                words.add("\"" + word.replace("\"", "\"\"") + "\"");
            }
        }
        if (words.isEmpty()) {
            return "";
        }
        if (prefix) {
            int last = words.size() - 1;
            words.set(last, words.get(last) + "*");
        }
        return String.join(" ", words);
    }

    @Override
    public Position trimmedUpTo() {
        return readers.read(db -> {
            try (Statement s = db.createStatement();
                 ResultSet rows = s.executeQuery("SELECT (SELECT CAST(value AS INTEGER) FROM meta WHERE key = "
                         + "'trimmed'), MIN(seq) FROM events")) {
                rows.next();
                long trimmed = rows.getLong(1);
                if (!rows.wasNull()) {
                    return Position.of(trimmed);
                }
                long oldest = rows.getLong(2);
                // Histories trimmed before 'trimmed' was recorded: sequence numbers have no holes but those the
                // retention limit made (or the first release's), and deleted rooms (which record it).
                return Position.of(rows.wasNull() ? head : oldest - 1);
            }
        });
    }

    private List<Logged> after(long cursor, int limit) {
        return readers.read(db -> {
            try (PreparedStatement q = db.prepareStatement(
                    "SELECT " + COLUMNS + " FROM events WHERE seq > ? ORDER BY seq LIMIT ?")) {
                q.setLong(1, cursor);
                q.setInt(2, limit);
                return read(q);
            }
        });
    }

    private static List<Logged> read(PreparedStatement q) throws SQLException {
        List<Logged> found = new ArrayList<>();
        try (ResultSet rows = q.executeQuery()) {
            while (rows.next()) {
                found.add(toLogged(rows));
            }
        }
        return found;
    }

    private static Logged toLogged(ResultSet row) throws SQLException {
        Instant at = SqliteStore.instant(row.getLong(8));
        long target = row.getLong(14);
        Position targetPosition = row.wasNull() ? null : Position.of(target);
        String quote = row.getString(15);
        LogEvent event = new LogEvent(LogEvent.Kind.valueOf(row.getString(2)), row.getString(3), row.getString(4),
                row.getString(5), row.getInt(6) == 1, row.getString(7), at, row.getString(9), row.getString(10),
                row.getString(11), filesOf(row.getString(12)), mentionsOf(row.getString(13)), targetPosition,
                quote == null ? null : ChatJson.read(quote, LogEvent.Quote.class));
        return new Logged(Position.of(row.getLong(1)), event);
    }

    /** Messages read with {@link #FOLDED}, each with its state: its edit, its deletion, its reactions. */
    private static List<Logged> readFolded(Connection db, PreparedStatement q) throws SQLException {
        List<Logged> found = new ArrayList<>();
        List<Logged.State> states = new ArrayList<>();
        try (ResultSet rows = q.executeQuery()) {
            while (rows.next()) {
                Logged logged = toLogged(rows);
                String edited = rows.getString(16);
                String editedMentions = rows.getString(17);
                long editedMicros = rows.getLong(18);
                Instant editedAt = rows.wasNull() ? null : SqliteStore.instant(editedMicros);
                boolean deleted = rows.getInt(19) == 1;
                String removedBy = rows.getString(20);
                LogEvent e = logged.event();
                states.add(new Logged.State(deleted ? "" : edited != null ? edited : e.text(),
                        deleted ? Mentions.Found.NONE : edited != null ? mentionsOf(editedMentions) : e.mentions(),
                        deleted ? null : editedAt, deleted, List.of(), removedBy));
                found.add(logged);
            }
        }
        Map<Long, List<Logged.Reaction>> reactions = reactionsOf(db, found);
        List<Logged> folded = new ArrayList<>(found.size());
        for (int i = 0; i < found.size(); i++) {
            Logged logged = found.get(i);
            Logged.State state = states.get(i);
            List<Logged.Reaction> these = reactions.getOrDefault(logged.position().major(), List.of());
            folded.add(new Logged(logged.position(), logged.event(), new Logged.State(state.text(),
                    state.mentions(), state.editedAt(), state.deleted(), these, state.removedBy())));
        }
        return folded;
    }

    /** The reactions under these messages, by sequence number: each emoji in the order first used. */
    private static Map<Long, List<Logged.Reaction>> reactionsOf(Connection db, List<Logged> messages)
            throws SQLException {
        if (messages.isEmpty()) {
            return Map.of();
        }
        Map<Long, Map<String, List<String>>> byMessage = new HashMap<>();
        String marks = String.join(", ", Collections.nCopies(messages.size(), "?"));
        try (PreparedStatement q = db.prepareStatement(
                "SELECT seq, emoji, name FROM reactions WHERE seq IN (" + marks + ") ORDER BY seq, rowid")) {
            for (int i = 0; i < messages.size(); i++) {
                q.setLong(i + 1, messages.get(i).position().major());
            }
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    byMessage.computeIfAbsent(rows.getLong(1), k -> new java.util.LinkedHashMap<>())
                            .computeIfAbsent(rows.getString(2), k -> new ArrayList<>()).add(rows.getString(3));
                }
            }
        }
        Map<Long, List<Logged.Reaction>> result = new HashMap<>();
        byMessage.forEach((seq, emoji) -> result.put(seq, emoji.entrySet().stream()
                .map(entry -> new Logged.Reaction(entry.getKey(), entry.getValue())).toList()));
        return result;
    }

    private static List<Attachment> filesOf(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return ChatJson.mapper().readValue(json, FILES);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new StoreException("a stored message's files cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    private static Mentions.Found mentionsOf(String json) {
        return json == null ? Mentions.Found.NONE : ChatJson.read(json, Mentions.Found.class);
    }

    /** Who deletes the blobs that trimming released; called on the writer thread after the trim committed. */
    void onFilesReleased(Consumer<List<FileIndex.Blob>> releaser) {
        this.filesReleased = releaser;
    }

    @Override
    public Tail tail(Position after, TailListener listener) {
        TailThread tail = new TailThread(after.major(), listener);
        tails.add(tail);
        tail.start();
        return tail;
    }

    /**
     * Reads what was committed after its cursor and hands it on, then waits for the next commit. The cursor moves
     * only once the listener took the batch: a listener that fails (the search index could not write, say) gets the
     * same batch again a moment later, so nothing is skipped.
     */
    private final class TailThread extends Thread implements Tail {
        private final TailListener listener;
        private long cursor;
        private volatile boolean open = true;

        TailThread(long after, TailListener listener) {
            super("hubbub-store-tail");
            setDaemon(true);
            this.cursor = after;
            this.listener = listener;
        }

        @Override
        public void run() {
            while (open) {
                try {
                    List<Logged> batch = cursor < head ? after(cursor, TAIL_PAGE) : List.of();
                    if (!batch.isEmpty()) {
                        listener.accept(batch);
                        cursor = batch.get(batch.size() - 1).position().major();
                        continue;
                    }
                    synchronized (committed) {
                        if (open && cursor >= head) {
                            committed.wait(1_000);
                        }
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    if (!open) {
                        return;
                    }
                    LOG.warn("the store's tail or its reader failed; it reads the same events again in a moment: {}",
                            e.toString());
                    try {
                        Thread.sleep(RETRY_TAIL.toMillis());
                    } catch (InterruptedException stop) {
                        return;
                    }
                }
            }
        }

        @Override
        public void close() {
            open = false;
            interrupt();
            tails.remove(this);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            writerThread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List.copyOf(tails).forEach(TailThread::close);
    }
}
