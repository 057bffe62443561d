package dev.hubbub.server.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where a message is indexed for search and who may find it. A room's messages go to the index
 * {@code message_text}, which everyone searches; direct messages to {@code direct_text}, with a word in its
 * {@code scope} column for each of their two people, which a search requires. So the index itself keeps a search to
 * what the searcher may read, and a word that is only in others' direct messages costs an outsider nothing (one
 * shared index filtered by scope took 20 ms per round for a word in 10,000 of them). Each message's conversation is
 * a scope word too, for a search in one conversation. Names and conversation ids are hashed into letters and
 * digits, which the tokenizer keeps as one word whatever the name is written in.
 */
final class SearchScope {
    static final String ROOMS = "message_text";
    static final String DIRECT = "direct_text";
    /** The names of the files messages carry, by message, the same way: a search finds a file by its name. */
    static final String ROOM_FILES = "file_names";
    static final String DIRECT_FILES = "direct_file_names";
    /** Every index, in the order a search reads them. */
    static final java.util.List<String> ALL = java.util.List.of(ROOMS, DIRECT, ROOM_FILES, DIRECT_FILES);

    private SearchScope() {
    }

    /**
     * The statement that makes an index: the words of every message's text as it is now, and who may find it, by the
     * message's row id. Contentless (the text stays in the log alone); deletable rows, so an edit or a deletion
     * changes it in place; prefixes of 2 to 4 letters indexed too, so a word being typed is found as fast as a whole
     * one.
     */
    static String create(String index) {
        return "CREATE VIRTUAL TABLE " + index + " USING fts5(text, scope, content = '', contentless_delete = 1, "
                + "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')";
    }

    /** The index a message (or an edit, which is between the same people as its message) goes to. */
    static String indexOf(LogEvent event) {
        return event.isDirect() ? DIRECT : ROOMS;
    }

    /** The index a message's file names go to (an edit leaves them as they are; a deletion takes them out). */
    static String filesIndexOf(LogEvent event) {
        return event.isDirect() ? DIRECT_FILES : ROOM_FILES;
    }

    /** Whether an index holds direct messages (so a search of it needs the searcher's scope word). */
    static boolean isDirect(String index) {
        return index.equals(DIRECT) || index.equals(DIRECT_FILES);
    }

    /** The names of the files a message carries, as the words its files' index holds; empty when none. */
    static String fileNames(LogEvent event) {
        return event.files().stream().map(dev.hubbub.chat.Attachment::name)
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    /** Its scope words. */
    static String of(LogEvent event) {
        String conversation = word("c", event.conversation());
        return event.isDirect() ? word("k", event.authorKey()) + " " + word("k", event.toKey()) + " " + conversation
                : conversation;
    }

    /**
     * What a search of {@code index} must also match: in the direct messages, those of {@code personKey}; in
     * {@code conversation} alone, if not null. Empty when nothing.
     */
    static String readableBy(String index, String personKey, String conversation) {
        String in = conversation == null ? "" : "scope : \"" + word("c", conversation) + "\"";
        if (!isDirect(index)) {
            return in;
        }
        String who = "scope : \"" + word("k", personKey) + "\"";
        return in.isEmpty() ? who : who + " AND " + in;
    }

    /** Deletes from the rooms' indexes every row of a room (one the host deleted). */
    static void forgetRoom(java.sql.Connection db, String room) throws java.sql.SQLException {
        for (String index : java.util.List.of(ROOMS, ROOM_FILES)) {
            SqliteStore.update(db, "DELETE FROM " + index + " WHERE rowid IN (SELECT rowid FROM " + index + " WHERE "
                    + index + " MATCH ?)", readableBy(index, null, room));
        }
    }

    /** Deletes from the rooms' indexes a room's rows at or below {@code row} (the room's own retention). */
    static void forgetInRoomUpTo(java.sql.Connection db, String room, long row) throws java.sql.SQLException {
        for (String index : java.util.List.of(ROOMS, ROOM_FILES)) {
            SqliteStore.update(db, "DELETE FROM " + index + " WHERE rowid IN (SELECT rowid FROM " + index + " WHERE "
                    + index + " MATCH ?) AND rowid <= ?", readableBy(index, null, room), row);
        }
    }

    /** Deletes every row at or below {@code row} from every index (the history's retention deleted them). */
    static void forgetUpTo(java.sql.Connection db, long row) throws java.sql.SQLException {
        for (String index : ALL) {
            SqliteStore.update(db, "DELETE FROM " + index + " WHERE rowid <= ?", row);
        }
    }

    /** Makes the file names' indexes where a store made before them has none; true when it made them. */
    static boolean createFileIndexes(java.sql.Connection db) throws java.sql.SQLException {
        boolean made = false;
        for (String index : java.util.List.of(ROOM_FILES, DIRECT_FILES)) {
            try (java.sql.ResultSet r = db.getMetaData().getTables(null, null, index, null)) {
                if (!r.next()) {
                    try (java.sql.Statement s = db.createStatement()) {
                        s.execute(create(index));
                    }
                    made = true;
                }
            }
        }
        return made;
    }

    private static String word(String kind, String value) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return kind + HexFormat.of().formatHex(hash, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
