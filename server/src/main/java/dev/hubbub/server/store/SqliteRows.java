package dev.hubbub.server.store;

import dev.hubbub.chat.Attachment;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.Mentions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code events} table's rows as the log's records: which columns a read selects ({@link #COLUMNS}, and
 * {@link #FOLDED} for a message with what was done to it since) and how a row becomes a {@link Logged}. Stateless.
 */
final class SqliteRows {
    static final String COLUMNS = "seq, kind, conversation, author, author_key, verified, text, "
            + "sent_at_micros, client_id, to_name, to_key, files, mentions, target, quote, changed, thread, "
            + "also_in_room, app";
    /** A message's columns and what was done to it since, for pages and searches; every name qualified by e. */
    static final String FOLDED = ("e." + COLUMNS.replace(", ", ", e."))
            + ", e.edited_text, e.edited_mentions, e.edited_micros, e.deleted, e.removed_by, e.pinned_by, "
            + "e.pinned_micros";
    private static final com.fasterxml.jackson.core.type.TypeReference<List<Attachment>> FILES =
            new com.fasterxml.jackson.core.type.TypeReference<>() { };

    private SqliteRows() {
    }

    static List<Logged> read(PreparedStatement q) throws SQLException {
        List<Logged> found = new ArrayList<>();
        try (ResultSet rows = q.executeQuery()) {
            while (rows.next()) {
                found.add(toLogged(rows));
            }
        }
        return found;
    }

    static Logged toLogged(ResultSet row) throws SQLException {
        Instant at = SqliteStore.instant(row.getLong(8));
        long target = row.getLong(14);
        Position targetPosition = row.wasNull() ? null : Position.of(target);
        String quote = row.getString(15);
        long thread = row.getLong(17);
        Position threadPosition = row.wasNull() ? null : Position.of(thread);
        LogEvent event = LogEvent.of(LogEvent.Kind.valueOf(row.getString(2)), row.getString(3), row.getString(4),
                row.getString(5), row.getInt(6) == 1, row.getString(7), at, row.getString(9), row.getString(10),
                row.getString(11), filesOf(row.getString(12)), mentionsOf(row.getString(13)), targetPosition,
                quote == null ? null : ChatJson.read(quote, LogEvent.Quote.class), threadPosition,
                row.getInt(18) == 1, row.getInt(19) == 1);
        String changed = row.getString(16);
        // An action changed its target; a message in a thread, its thread's root.
        return new Logged(Position.of(row.getLong(1)), event, null, changed == null ? null
                : ChatJson.read(changed, Changed.class).logged(event.kind().isAction() ? targetPosition
                : threadPosition));
    }

    /**
     * What an action's row keeps of the message it changed, as it stood right after (column {@code changed}): the
     * message as it was appended, and its state.
     */
    record Changed(LogEvent event, Logged.State state) {
        static String of(Logged message) {
            return ChatJson.write(new Changed(message.event(), message.state()));
        }

        Logged logged(Position position) {
            return new Logged(position, event, state);
        }
    }

    /** Messages read with {@link #FOLDED}, each with its state: its edit, its deletion, its reactions. */
    static List<Logged> readFolded(Connection db, PreparedStatement q) throws SQLException {
        List<Logged> found = new ArrayList<>();
        List<Logged.State> states = new ArrayList<>();
        try (ResultSet rows = q.executeQuery()) {
            while (rows.next()) {
                Logged logged = toLogged(rows);
                String edited = rows.getString(20);
                String editedMentions = rows.getString(21);
                long editedMicros = rows.getLong(22);
                Instant editedAt = rows.wasNull() ? null : SqliteStore.instant(editedMicros);
                boolean deleted = rows.getInt(23) == 1;
                String removedBy = rows.getString(24);
                String pinnedBy = rows.getString(25);
                long pinnedMicros = rows.getLong(26);
                LogEvent e = logged.event();
                states.add(new Logged.State(deleted ? "" : edited != null ? edited : e.text(),
                        deleted ? Mentions.Found.NONE : edited != null ? mentionsOf(editedMentions) : e.mentions(),
                        deleted ? null : editedAt, deleted, List.of(), removedBy, null, pinnedBy == null ? null
                        : new Logged.Pinned(pinnedBy, SqliteStore.instant(pinnedMicros))));
                found.add(logged);
            }
        }
        Map<Long, List<Logged.Reaction>> reactions = reactionsOf(db, found);
        Map<Long, Logged.Replies> threads = threadsOf(db, found);
        List<Logged> folded = new ArrayList<>(found.size());
        for (int i = 0; i < found.size(); i++) {
            Logged logged = found.get(i);
            Logged.State state = states.get(i);
            List<Logged.Reaction> these = reactions.getOrDefault(logged.position().major(), List.of());
            folded.add(new Logged(logged.position(), logged.event(), new Logged.State(state.text(),
                    state.mentions(), state.editedAt(), state.deleted(), these, state.removedBy(),
                    threads.get(logged.position().major()), state.pinned())));
        }
        return folded;
    }

    /**
     * The threads these messages are the roots of, by the root's sequence number: how many replies (deleted ones
     * too: they stay as placeholders), when the newest was sent, and the first {@value Logged.Replies#PEOPLE} people
     * who replied (SQLite gives a bare column of the row that {@code MIN()} picked: the name they had then).
     */
    private static Map<Long, Logged.Replies> threadsOf(Connection db, List<Logged> messages) throws SQLException {
        List<Long> roots = messages.stream().filter(m -> m.event().thread() == null)
                .map(m -> m.position().major()).toList();
        if (roots.isEmpty()) {
            return Map.of();
        }
        String marks = String.join(", ", Collections.nCopies(roots.size(), "?"));
        Map<Long, long[]> counts = new HashMap<>();
        try (PreparedStatement q = db.prepareStatement("SELECT thread, COUNT(*), MAX(sent_at_micros) FROM events "
                + "WHERE thread IN (" + marks + ") GROUP BY thread")) {
            for (int i = 0; i < roots.size(); i++) {
                q.setLong(i + 1, roots.get(i));
            }
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getLong(1), new long[] {rows.getLong(2), rows.getLong(3)});
                }
            }
        }
        if (counts.isEmpty()) {
            return Map.of();
        }
        Map<Long, List<String>> people = new HashMap<>();
        try (PreparedStatement q = db.prepareStatement("SELECT thread, author, MIN(seq) AS first FROM events "
                + "WHERE thread IN (" + marks + ") GROUP BY thread, author_key ORDER BY thread, first")) {
            for (int i = 0; i < roots.size(); i++) {
                q.setLong(i + 1, roots.get(i));
            }
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    List<String> names = people.computeIfAbsent(rows.getLong(1), k -> new ArrayList<>());
                    if (names.size() < Logged.Replies.PEOPLE) {
                        names.add(rows.getString(2));
                    }
                }
            }
        }
        Map<Long, Logged.Replies> result = new HashMap<>();
        counts.forEach((root, count) -> result.put(root, new Logged.Replies((int) count[0],
                SqliteStore.instant(count[1]), people.getOrDefault(root, List.of()))));
        return result;
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

    static List<Attachment> filesOf(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return ChatJson.mapper().readValue(json, FILES);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new StoreException("a stored message's files cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    static Mentions.Found mentionsOf(String json) {
        return json == null ? Mentions.Found.NONE : ChatJson.read(json, Mentions.Found.class);
    }
}
