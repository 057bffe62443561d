package dev.hubbub.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@link MessageSearch} over the SQLite store's own full-text indexes ({@link SearchScope}), which the writer keeps
 * in each append's transaction. Reads on the store's reader threads.
 */
final class SqliteSearch implements MessageSearch {
    private final SqliteReaders readers;

    SqliteSearch(SqliteReaders readers) {
        this.readers = readers;
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
        java.util.Set<Long> seen = new java.util.HashSet<>();
        boolean direct = conversation != null && Conversations.isDirect(conversation);
        // Texts, then files' names: a message found by both is one result.
        for (String index : SearchScope.ALL) {
            if (conversation != null && direct != SearchScope.isDirect(index)) {
                continue;
            }
            String readable = SearchScope.readableBy(index, personKey, conversation);
            String match = "text : (" + words + ")" + (readable.isEmpty() ? "" : " AND " + readable);
            String sql = "SELECT " + SqliteRows.FOLDED + " FROM " + index + " f JOIN events e ON e.seq = f.rowid WHERE "
                    + index + " MATCH ? AND (e.to_key IS NULL OR e.author_key = ? OR e.to_key = ?)"
                    + " ORDER BY f.rowid DESC LIMIT ?";
            try (PreparedStatement q = db.prepareStatement(sql)) {
                q.setString(1, match);
                q.setString(2, personKey);
                q.setString(3, personKey);
                q.setInt(4, limit);
                for (Logged logged : SqliteRows.readFolded(db, q)) {
                    if (seen.add(logged.position().major())) {
                        found.add(logged);
                    }
                }
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
}
