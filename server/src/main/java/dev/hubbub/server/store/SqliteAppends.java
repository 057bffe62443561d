package dev.hubbub.server.store;

import dev.hubbub.chat.Attachment;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.Mentions;
import dev.hubbub.server.store.EventLog.Appended;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What storing an event does to the SQLite store, on the writer's connection and thread, inside the transaction the
 * {@link SqliteWriter} opened for a batch: the event's row (or the earlier one of a retried client id), what an action
 * does to the message it targets, the search index, which messages carry which files, and a deleted room's history
 * forgotten; after the commit, the files that released and now and then the retention limit. The one place that
 * decides how an edit, a deletion or a reaction changes a stored message on SQLite, and (by {@link Overwrite}) the other
 * rows that keep the message's words.
 *
 * <p>The writer's thread only.
 */
final class SqliteAppends {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteAppends.class);
    private static final int TRIM_EVERY = 500;

    private final Connection writer;
    private final int keep;
    private int appendsSinceTrim;
    /** Blobs the batch being committed released (a deleted room's files). */
    private final List<FileIndex.Blob> releasedInBatch = new ArrayList<>();
    private volatile Consumer<List<FileIndex.Blob>> filesReleased = released -> { };

    /** @param keep how many of the newest events to keep; 0 keeps all */
    SqliteAppends(Connection writer, int keep) {
        this.writer = writer;
        this.keep = keep;
    }

    /** Who deletes the blobs that deletions released; called on the writer thread after the commit that let them go. */
    void onFilesReleased(Consumer<List<FileIndex.Blob>> releaser) {
        this.filesReleased = releaser;
    }

    /*
     * The statements every append uses, prepared once and kept (the writer's connection is this thread's alone): at
     * a post or two per commit, preparing five statements for each batch cost a tenth of the writer's time. A batch
     * that fails lets them go, so the next one starts from fresh ones.
     */
    private PreparedStatement find;
    private PreparedStatement insert;
    private PreparedStatement carry;
    private PreparedStatement index;
    private PreparedStatement indexDirect;

    private void prepare() throws SQLException {
        if (insert != null) {
            return;
        }
        find = writer.prepareStatement("SELECT " + SqliteRows.COLUMNS + " FROM events WHERE client_id = ?");
        insert = writer.prepareStatement("INSERT INTO events (kind, conversation, "
                + "author, author_key, verified, text, sent_at_micros, client_id, to_name, to_key, files, "
                + "mentions, target, quote, changed, thread, also_in_room, app) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS);
        carry = writer.prepareStatement("INSERT INTO file_refs (file_id, seq, conversation) VALUES (?, ?, ?)");
        index = writer.prepareStatement("INSERT INTO message_text (rowid, text, scope) VALUES (?, ?, ?)");
        indexDirect = writer.prepareStatement("INSERT INTO direct_text (rowid, text, scope) VALUES (?, ?, ?)");
    }

    /** Stores a batch of events, in the writer's open transaction; what each became, in order. */
    List<Appended> storeAll(List<LogEvent> events) throws SQLException {
        List<Appended> results = new ArrayList<>(events.size());
        Map<String, Appended> inBatch = new HashMap<>();
        prepare();
        for (LogEvent event : events) {
            results.add(store(event, find, insert, carry, event.isDirect() ? indexDirect : index, inBatch));
        }
        return results;
    }

    /** The batch's transaction was rolled back: nothing it did holds. */
    void rolledBack() {
        releasedInBatch.clear();
        for (PreparedStatement statement : new PreparedStatement[] {find, insert, carry, index, indexDirect}) {
            try {
                if (statement != null) {
                    statement.close();
                }
            } catch (SQLException e) {
                LOG.debug("could not close a statement after a failed batch: {}", e.toString());
            }
        }
        insert = null;
    }

    /** After the batch's commit: the files it released go, and now and then the retention limit trims the history. */
    void committed(int appended, long head) {
        release(releasedInBatch);
        trimNowAndThen(appended, head);
        forgetDeletedWords(false);
    }

    /** The search indexes that still hold words an edit or a deletion took out (writer thread only). */
    private final DeletedWords deletedWords = new DeletedWords();

    /** Lets the words edits and deletions took out of the search index leave the file: when due, or {@code now}. */
    void forgetDeletedWords(boolean now) {
        deletedWords.forget(writer, now);
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
                    return new Appended(SqliteRows.toLogged(rows), true);
                }
            }
        }
        LogEvent stamped = event.at(event.at().truncatedTo(ChronoUnit.MICROS));
        if (stamped.kind() == LogEvent.Kind.ROOM_DELETED) {
            forget(stamped.conversation());
        }
        // An action changes its message first, so that its row keeps the message as it stands right after it.
        Logged changed = null;
        if (stamped.kind().isAction()) {
            act(stamped);
            changed = message(stamped.target());
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
        insert.setString(15, changed == null ? null : SqliteRows.Changed.of(changed));
        if (stamped.thread() == null) {
            insert.setNull(16, java.sql.Types.INTEGER);
        } else {
            insert.setLong(16, stamped.thread().major());
        }
        insert.setInt(17, stamped.alsoInRoom() ? 1 : 0);
        insert.setInt(18, stamped.app() ? 1 : 0);
        insert.executeUpdate();
        long seq;
        try (ResultSet keys = insert.getGeneratedKeys()) {
            keys.next();
            seq = keys.getLong(1);
        }
        if (stamped.thread() != null) {
            // A reply in a thread keeps its root as it stands right after it (its replies counted), for the stream.
            changed = message(stamped.thread());
            if (changed != null) {
                update("UPDATE events SET changed = ? WHERE seq = ?", SqliteRows.Changed.of(changed), seq);
            }
        }
        if (stamped.kind() == LogEvent.Kind.MESSAGE && !stamped.text().isEmpty()) {
            index.setLong(1, seq);
            index.setString(2, stamped.text());
            index.setString(3, SearchScope.of(stamped));
            index.executeUpdate();
        }
        if (stamped.kind() == LogEvent.Kind.MESSAGE && !stamped.files().isEmpty()) {
            update("INSERT INTO " + SearchScope.filesIndexOf(stamped) + " (rowid, text, scope) VALUES (?, ?, ?)", seq,
                    SearchScope.fileNames(stamped), SearchScope.of(stamped));
        }
        for (Attachment file : stamped.files()) {
            carry.setString(1, file.id());
            carry.setLong(2, seq);
            carry.setString(3, stamped.conversation());
            carry.executeUpdate();
        }
        Appended appended = new Appended(new Logged(Position.of(seq), stamped, null, changed), false);
        if (stamped.clientId() != null) {
            inBatch.put(stamped.clientId(), appended);
        }
        return appended;
    }

    /** The message at {@code position} as it stands now in this transaction; null when there is none. */
    private Logged message(Position position) throws SQLException {
        try (PreparedStatement q = writer.prepareStatement(
                "SELECT " + SqliteRows.FOLDED + " FROM events e WHERE e.seq = ? AND e.kind = 'MESSAGE'")) {
            q.setLong(1, position.major());
            List<Logged> found = SqliteRows.readFolded(writer, q);
            return found.isEmpty() ? null : found.get(0);
        }
    }

    /**
     * A deleted room's history, in the transaction that stores its deletion: every event of the room goes, with its
     * reactions, its search rows and its messages' hold on their files (a file no other message carries is deleted
     * once the transaction commits). Where the history starts is recorded first, so the hole this leaves is never
     * taken for retention's.
     */
    private void forget(String room) throws SQLException {
        update("INSERT OR IGNORE INTO meta (key, value) SELECT 'trimmed', COALESCE(MIN(seq) - 1, (SELECT seq FROM "
                + "sqlite_sequence WHERE name = 'events'), 0) FROM events");
        SearchScope.forgetRoom(writer, room);
        deletedWords.leftIn(SearchScope.ALL);
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
                    deletedWords.leftIn(index);
                    update("DELETE FROM " + index + " WHERE rowid = ?", target);
                    update("INSERT INTO " + index + " (rowid, text, scope) VALUES (?, ?, ?)", target, action.text(),
                            SearchScope.of(action));
                    overwrite(action);
                }
            }
            case DELETE -> {
                update("UPDATE events SET deleted = 1, edited_text = NULL, edited_mentions = NULL, "
                        + "edited_micros = ?, removed_by = ? WHERE seq = ? AND kind = 'MESSAGE'",
                        SqliteStore.micros(action.at()),
                        LogEvent.REMOVED.equals(action.text()) ? action.author() : null, target);
                update("DELETE FROM " + SearchScope.indexOf(action) + " WHERE rowid = ?", target);
                update("DELETE FROM " + SearchScope.filesIndexOf(action) + " WHERE rowid = ?", target);
                deletedWords.leftIn(SearchScope.indexOf(action));
                deletedWords.leftIn(SearchScope.filesIndexOf(action));
                update("DELETE FROM reactions WHERE seq = ?", target);
                // Its files go with it (a file another message carries too stays), once the transaction commits.
                releasedInBatch.addAll(SqliteFileIndex.forgetUncarried(writer, "seq = ?", target));
                update("UPDATE events SET pinned_by = NULL, pinned_micros = NULL WHERE seq = ?", target);
                overwrite(action);
            }
            case PIN -> update("UPDATE events SET pinned_by = ?, pinned_micros = ? WHERE seq = ? AND kind = 'MESSAGE' "
                    + "AND deleted = 0 AND pinned_by IS NULL", action.author(), SqliteStore.micros(action.at()), target);
            case UNPIN -> update("UPDATE events SET pinned_by = NULL, pinned_micros = NULL WHERE seq = ?", target);
            case REACT -> update("INSERT OR IGNORE INTO reactions (seq, emoji, person_key, name) "
                    + "SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM events WHERE seq = ? AND deleted = 0)",
                    target, action.text(), action.authorKey(), action.author(), target);
            case UNREACT -> update("DELETE FROM reactions WHERE seq = ? AND emoji = ? AND person_key = ?", target,
                    action.text(), action.authorKey());
            default -> throw new IllegalStateException(action.kind() + " is not an action");
        }
    }

    /**
     * Rewrites every row that keeps the words of an edited or deleted message ({@link Overwrite}): the message's own
     * columns, what earlier actions and replies kept of it; drops the actions that go.
     */
    private void overwrite(LogEvent action) throws SQLException {
        Logged target = message(action.target());
        Overwrite overwrite = target == null ? null : Overwrite.of(action, target.event());
        if (overwrite == null) {
            return;
        }
        long message = overwrite.message().major();
        List<Logged> keeping;
        try (PreparedStatement q = writer.prepareStatement("SELECT " + SqliteRows.COLUMNS
                + " FROM events WHERE seq = ? OR target = ? OR thread = ?")) {
            q.setLong(1, message);
            q.setLong(2, message);
            q.setLong(3, message);
            keeping = SqliteRows.read(q);
        }
        for (Logged kept : keeping) {
            Logged after = overwrite.apply(kept);
            long seq = kept.position().major();
            if (after == null) {
                update("DELETE FROM events WHERE seq = ?", seq);
            } else if (after != kept) {
                LogEvent e = after.event();
                update("UPDATE events SET text = ?, files = ?, mentions = ?, quote = ?, changed = ? WHERE seq = ?",
                        e.text(), e.files().isEmpty() ? null : ChatJson.write(e.files()),
                        e.mentions() == Mentions.Found.NONE ? null : ChatJson.write(e.mentions()),
                        e.quote() == null ? null : ChatJson.write(e.quote()),
                        after.changed() == null ? null : SqliteRows.Changed.of(after.changed()), seq);
            }
        }
    }

    private int update(String sql, Object... values) throws SQLException {
        return SqliteStore.update(writer, sql, values);
    }

    /** Deletes what is older than the newest {@code keep}, now and then, after commits; failures are logged. */
    private void trimNowAndThen(int appended, long head) {
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
            SearchScope.forgetUpTo(writer, cut);
            deletedWords.leftIn(SearchScope.ALL);
            update("INSERT OR REPLACE INTO meta (key, value) SELECT 'trimmed', MAX(?, COALESCE((SELECT CAST(value "
                    + "AS INTEGER) FROM meta WHERE key = 'trimmed'), 0))", cut);
            released = SqliteFileIndex.forgetUncarried(writer, "seq <= ?", cut);
            writer.commit();
        } catch (SQLException e) {
            SqliteWriter.rollback(writer);
            LOG.warn("could not delete old messages (keeping the newest {}): {}", keep, e.getMessage());
            return;
        } finally {
            SqliteWriter.autoCommit(writer);
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
}
