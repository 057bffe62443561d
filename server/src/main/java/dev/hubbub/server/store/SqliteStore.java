package dev.hubbub.server.store;

import dev.hubbub.chat.Names;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Hubbub's store in one SQLite file (write-ahead log, every commit synced): the {@link EventLog} and the
 * {@link Directory} over one database. Opening a database written by the first release (one table of messages)
 * migrates it in one transaction: every message becomes an event of room {@code general} with the same sequence
 * number, and the history keeps its epoch, so a {@code Last-Event-ID} from before the upgrade still resumes there.
 *
 * <p>One connection writes, owned by the log's writer thread (the directory's changes go through it too); a few
 * read, lent to one reader at a time.
 */
public final class SqliteStore implements Store {
    /** 10: the names of files in the search indexes; 11: people's pictures; 12: threads, follows, read positions; 13: pins, read receipts. */
    static final int SCHEMA = 18;

    /** Connections that read: tails, replays and history pages at once without waiting for each other. */
    private static final int READERS = 4;

    private final Connection connection;
    private final SqliteReaders readers;
    /** The database file, for its size. */
    private Path file;
    private final SqliteWriter writer;
    private final SqliteEventLog events;
    private final SqliteSearch search;
    private final SqliteDirectory directory;
    private final SqliteFileIndex files;
    private final SqliteReadState reading;

    private SqliteStore(Connection connection, SqliteReaders readers, int keep) throws SQLException {
        this.connection = connection;
        this.readers = readers;
        String epoch = meta(connection, "epoch");
        String legacy = meta(connection, "legacy_max");
        SqliteAppends appends = new SqliteAppends(connection, keep);
        this.writer = new SqliteWriter(connection, appends);
        this.events = new SqliteEventLog(writer, readers, epoch, legacy == null ? 0 : Long.parseLong(legacy));
        this.search = new SqliteSearch(readers);
        this.directory = new SqliteDirectory(writer, readers);
        this.files = new SqliteFileIndex(writer, readers);
        this.reading = new SqliteReadState(writer, readers);
        appends.onFilesReleased(files::released);
        events.onFilesReleased(files::released);
    }

    /**
     * Opens (creating or migrating when needed) the store in {@code file}.
     *
     * @param keep how many of the newest events to keep; 0 keeps all
     */
    public static SqliteStore open(Path file, int keep) {
        try {
            String url = "jdbc:sqlite:" + file.toAbsolutePath();
            Connection writer = DriverManager.getConnection(url);
            configure(writer);
            migrate(writer);
            List<Connection> readers = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                Connection reader = DriverManager.getConnection(url);
                configure(reader);
                readers.add(reader);
            }
            SqliteStore store = new SqliteStore(writer, new SqliteReaders(readers), keep);
            store.file = file;
            return store;
        } catch (SQLException e) {
            throw new StoreException("cannot open the message database " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public EventLog events() {
        return events;
    }

    @Override
    public MessageSearch search() {
        return search;
    }

    @Override
    public Directory directory() {
        return directory;
    }

    @Override
    public FileIndex files() {
        return files;
    }

    @Override
    public ReadState reading() {
        return reading;
    }

    @Override
    public PresenceBoard presence() {
        return PresenceBoard.ALONE;
    }

    private static void configure(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = FULL");
            s.execute("PRAGMA busy_timeout = 5000");
            // A deleted or edited message's words are overwritten in the file, not left in its free space: delete
            // means gone from the disk too (what the write-ahead log held goes at its next checkpoint and reuse).
            s.execute("PRAGMA secure_delete = ON");
        }
    }

    /** Creates the schema, or brings a first-release database to it. One transaction: all or nothing. */
    private static void migrate(Connection db) throws SQLException {
        db.setAutoCommit(false);
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            s.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('epoch', '" + UUID.randomUUID() + "')");
            String schema = meta(db, "schema");
            if (schema != null && Integer.parseInt(schema) >= SCHEMA) {
                db.commit();
                return;
            }
            s.execute("CREATE TABLE IF NOT EXISTS events ("
                    + "seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, conversation TEXT NOT NULL, "
                    + "author TEXT NOT NULL, author_key TEXT NOT NULL, verified INTEGER NOT NULL, text TEXT NOT NULL, "
                    + "sent_at_micros INTEGER NOT NULL, client_id TEXT UNIQUE, to_name TEXT, to_key TEXT)");
            s.execute("CREATE INDEX IF NOT EXISTS events_by_conversation ON events (conversation, seq)");
            s.execute("CREATE INDEX IF NOT EXISTS events_by_author ON events (author_key, seq) "
                    + "WHERE to_key IS NOT NULL");
            s.execute("CREATE INDEX IF NOT EXISTS events_by_recipient ON events (to_key, seq) "
                    + "WHERE to_key IS NOT NULL");
            s.execute("CREATE TABLE IF NOT EXISTS names (key TEXT PRIMARY KEY, name TEXT NOT NULL, "
                    + "claimed_micros INTEGER NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS tokens (hash TEXT PRIMARY KEY, name_key TEXT NOT NULL, "
                    + "issued_micros INTEGER NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS link_codes (hash TEXT PRIMARY KEY, name_key TEXT NOT NULL, "
                    + "expires_micros INTEGER NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS rooms (id TEXT PRIMARY KEY, name TEXT NOT NULL, "
                    + "name_key TEXT NOT NULL UNIQUE, created_by TEXT, created_micros INTEGER NOT NULL)");
            s.execute("INSERT OR IGNORE INTO rooms (id, name, name_key, created_by, created_micros) "
                    + "VALUES ('general', 'General', 'general', NULL, 0)");
            if (!columnExists(db, "events", "files")) {
                s.execute("ALTER TABLE events ADD COLUMN files TEXT");
            }
            if (!columnExists(db, "events", "mentions")) {
                s.execute("ALTER TABLE events ADD COLUMN mentions TEXT");
            }
            if (!columnExists(db, "events", "target")) {
                // Replies and actions (target, quote); what actions did to a message (the edited_* and deleted).
                s.execute("ALTER TABLE events ADD COLUMN target INTEGER");
                s.execute("ALTER TABLE events ADD COLUMN quote TEXT");
                s.execute("ALTER TABLE events ADD COLUMN edited_text TEXT");
                s.execute("ALTER TABLE events ADD COLUMN edited_mentions TEXT");
                s.execute("ALTER TABLE events ADD COLUMN edited_micros INTEGER");
                s.execute("ALTER TABLE events ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0");
            }
            if (!columnExists(db, "names", "host")) {
                s.execute("ALTER TABLE names ADD COLUMN host INTEGER NOT NULL DEFAULT 0");
                s.execute("ALTER TABLE names ADD COLUMN removed INTEGER NOT NULL DEFAULT 0");
                s.execute("ALTER TABLE rooms ADD COLUMN read_only INTEGER NOT NULL DEFAULT 0");
                s.execute("ALTER TABLE rooms ADD COLUMN slow_seconds INTEGER NOT NULL DEFAULT 0");
                s.execute("ALTER TABLE events ADD COLUMN removed_by TEXT");
            }
            if (!tableExists(db, "persons")) {
                // Persons, not names: whoever claimed a name before this is a person whose id is that name's key,
                // which is what their tokens, messages, files and mutes already say, so nothing else changes.
                s.execute("CREATE TABLE persons (id TEXT PRIMARY KEY, name TEXT NOT NULL, host INTEGER NOT NULL "
                        + "DEFAULT 0, removed INTEGER NOT NULL DEFAULT 0)");
                s.execute("ALTER TABLE names ADD COLUMN person TEXT");
                s.execute("INSERT INTO persons (id, name, host, removed) SELECT key, name, host, removed FROM names");
                s.execute("UPDATE names SET person = key");
            }
            if (!columnExists(db, "rooms", "archived")) {
                // Archived rooms, and deleted ones: a deleted room's row stays (its id is never given again), with
                // its name key replaced so that a new room may take its name.
                s.execute("ALTER TABLE rooms ADD COLUMN archived INTEGER NOT NULL DEFAULT 0");
                s.execute("ALTER TABLE rooms ADD COLUMN deleted_micros INTEGER");
            }
            boolean actionsCarryTheirMessage = columnExists(db, "events", "changed");
            if (!actionsCarryTheirMessage) {
                // What an action changed: the message as it stood right after (SqliteRows.Changed). Actions stored
                // before get the message as it stands now (below), which is what a client would show anyway.
                s.execute("ALTER TABLE events ADD COLUMN changed TEXT");
            }
            if (!columnExists(db, "events", "thread")) {
                // Threads: a reply's root, and whether it was also sent to its conversation.
                s.execute("ALTER TABLE events ADD COLUMN thread INTEGER");
                s.execute("ALTER TABLE events ADD COLUMN also_in_room INTEGER NOT NULL DEFAULT 0");
            }
            s.execute("CREATE INDEX IF NOT EXISTS events_by_thread ON events (thread, seq) WHERE thread IS NOT NULL");
            // What keeps a message's words (its actions, replies, pin lines), which an edit or a deletion rewrites.
            s.execute("CREATE INDEX IF NOT EXISTS events_by_target ON events (target) WHERE target IS NOT NULL");
            if (!columnExists(db, "events", "pinned_by")) {
                // Pins: who pinned a message (the name they had), and when.
                s.execute("ALTER TABLE events ADD COLUMN pinned_by TEXT");
                s.execute("ALTER TABLE events ADD COLUMN pinned_micros INTEGER");
            }
            s.execute("CREATE INDEX IF NOT EXISTS events_pinned ON events (conversation, pinned_micros) "
                    + "WHERE pinned_by IS NOT NULL");
            s.execute("CREATE TABLE IF NOT EXISTS follows (person TEXT NOT NULL, root_major INTEGER NOT NULL, "
                    + "root_minor INTEGER NOT NULL, conversation TEXT NOT NULL, following INTEGER NOT NULL, "
                    + "at_micros INTEGER NOT NULL, PRIMARY KEY (person, root_major, root_minor))");
            s.execute("CREATE TABLE IF NOT EXISTS read_positions (person TEXT NOT NULL, place TEXT NOT NULL, "
                    + "major INTEGER NOT NULL, minor INTEGER NOT NULL, PRIMARY KEY (person, place))");
            if (!columnExists(db, "read_positions", "name")) {
                s.execute("ALTER TABLE read_positions ADD COLUMN name TEXT NOT NULL DEFAULT ''");
            }
            s.execute("CREATE TABLE IF NOT EXISTS read_private (person TEXT PRIMARY KEY)");
            s.execute("CREATE TABLE IF NOT EXISTS mutes (key TEXT PRIMARY KEY, until_micros INTEGER NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS pictures (key TEXT PRIMARY KEY, png BLOB NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS statuses (person TEXT PRIMARY KEY, status TEXT NOT NULL)");
            if (!tableExists(db, "memberships")) {
                // Rooms have members: whoever was here before is in every room there was, as they saw it then.
                s.execute("CREATE TABLE memberships (person TEXT NOT NULL, room TEXT NOT NULL, starred INTEGER NOT "
                        + "NULL DEFAULT 0, hidden INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (person, room))");
                s.execute("CREATE INDEX memberships_by_room ON memberships (room)");
                s.execute("INSERT INTO memberships (person, room) SELECT DISTINCT names.person, rooms.id FROM names, "
                        + "rooms WHERE rooms.deleted_micros IS NULL AND rooms.id != 'general'");
            }
            if (!columnExists(db, "tokens", "device")) {
                // Devices: each token is one, described as it signed in, and seen now and then.
                s.execute("ALTER TABLE tokens ADD COLUMN device TEXT NOT NULL DEFAULT ''");
                s.execute("ALTER TABLE tokens ADD COLUMN seen_micros INTEGER");
                s.execute("ALTER TABLE persons ADD COLUMN passphrase TEXT");
            }
            if (!columnExists(db, "rooms", "keep_days")) {
                // A room's own retention: days, and its newest messages (0: none of its own).
                s.execute("ALTER TABLE rooms ADD COLUMN keep_days INTEGER NOT NULL DEFAULT 0");
                s.execute("ALTER TABLE rooms ADD COLUMN keep_messages INTEGER NOT NULL DEFAULT 0");
            }
            if (!columnExists(db, "rooms", "topic")) {
                s.execute("ALTER TABLE rooms ADD COLUMN topic TEXT");
            }
            if (!columnExists(db, "events", "app")) {
                // A message by an app (a bot, an integration) rather than a person.
                s.execute("ALTER TABLE events ADD COLUMN app INTEGER NOT NULL DEFAULT 0");
            }
            s.execute("CREATE TABLE IF NOT EXISTS reactions (seq INTEGER NOT NULL, emoji TEXT NOT NULL, "
                    + "person_key TEXT NOT NULL, name TEXT NOT NULL, UNIQUE (seq, emoji, person_key))");
            boolean newIndex = !tableExists(db, "message_text");
            if (newIndex) {
                s.execute(SearchScope.create(SearchScope.DIRECT));
                s.execute(SearchScope.create(SearchScope.ROOMS));
            }
            boolean newFileIndex = SearchScope.createFileIndexes(db);
            s.execute("CREATE TABLE IF NOT EXISTS files (id TEXT PRIMARY KEY, hash TEXT NOT NULL, size INTEGER NOT NULL, "
                    + "name TEXT NOT NULL, type TEXT NOT NULL, width INTEGER, height INTEGER, thumbnail INTEGER NOT NULL, "
                    + "uploader_key TEXT NOT NULL, uploaded_micros INTEGER NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS files_by_hash ON files (hash)");
            s.execute("CREATE INDEX IF NOT EXISTS files_by_age ON files (uploaded_micros)");
            s.execute("CREATE TABLE IF NOT EXISTS file_refs (file_id TEXT NOT NULL, seq INTEGER NOT NULL, "
                    + "conversation TEXT NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS file_refs_by_file ON file_refs (file_id)");
            s.execute("CREATE INDEX IF NOT EXISTS file_refs_by_seq ON file_refs (seq)");
            if (tableExists(db, "messages")) {
                migrateFirstRelease(db);
            }
            if (newIndex) {
                indexForSearch(db);
            }
            if (newFileIndex) {
                indexFilesForSearch(db);
            }
            if (!actionsCarryTheirMessage) {
                rememberWhatActionsChanged(db);
            }
            s.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', '" + SCHEMA + "')");
            db.commit();
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    /** Every message there is, into a new search index (its text as it is now, and who may read it). */
    private static void indexForSearch(Connection db) throws SQLException {
        try (Statement s = db.createStatement();
             ResultSet rows = s.executeQuery("SELECT seq, conversation, author_key, to_key, "
                     + "COALESCE(edited_text, text) FROM events WHERE kind = 'MESSAGE' AND deleted = 0 AND text <> ''");
             PreparedStatement rooms = db.prepareStatement(
                     "INSERT INTO message_text (rowid, text, scope) VALUES (?, ?, ?)");
             PreparedStatement direct = db.prepareStatement(
                     "INSERT INTO direct_text (rowid, text, scope) VALUES (?, ?, ?)")) {
            while (rows.next()) {
                String toKey = rows.getString(4);
                LogEvent event = new LogEvent.Message(rows.getString(2), "", rows.getString(3), true, "",
                        java.time.Instant.EPOCH, null, toKey == null ? null : "", toKey, null, null, null, null);
                PreparedStatement insert = event.isDirect() ? direct : rooms;
                insert.setLong(1, rows.getLong(1));
                insert.setString(2, rows.getString(5));
                insert.setString(3, SearchScope.of(event));
                insert.executeUpdate();
            }
        }
    }

    /** The names of the files of every message there is, into the new files' indexes (a store made before them). */
    private static void indexFilesForSearch(Connection db) throws SQLException {
        try (Statement s = db.createStatement();
             ResultSet rows = s.executeQuery("SELECT seq, conversation, author_key, to_key, files FROM events "
                     + "WHERE kind = 'MESSAGE' AND deleted = 0 AND files IS NOT NULL")) {
            while (rows.next()) {
                String toKey = rows.getString(4);
                List<dev.hubbub.chat.Attachment> files = SqliteRows.filesOf(rows.getString(5));
                if (files.isEmpty()) {
                    continue;
                }
                LogEvent event = new LogEvent.Message(rows.getString(2), "", rows.getString(3), true, "",
                        java.time.Instant.EPOCH, null, toKey == null ? null : "", toKey, files, null, null, null);
                update(db, "INSERT INTO " + SearchScope.filesIndexOf(event) + " (rowid, text, scope) VALUES (?, ?, ?)",
                        rows.getLong(1), SearchScope.fileNames(event), SearchScope.of(event));
            }
        }
    }

    /** Every action stored before actions kept their message: the message it acted on, as it stands now. */
    private static void rememberWhatActionsChanged(Connection db) throws SQLException {
        java.util.Set<Long> targets = new java.util.HashSet<>();
        try (Statement s = db.createStatement();
             ResultSet rows = s.executeQuery("SELECT DISTINCT target FROM events WHERE kind IN ('EDIT', 'DELETE', "
                     + "'REACT', 'UNREACT')")) {
            while (rows.next()) {
                targets.add(rows.getLong(1));
            }
        }
        try (PreparedStatement read = db.prepareStatement("SELECT " + SqliteRows.FOLDED + " FROM events e "
                + "WHERE e.seq = ? AND e.kind = 'MESSAGE'");
             PreparedStatement write = db.prepareStatement("UPDATE events SET changed = ? WHERE target = ? AND kind "
                     + "IN ('EDIT', 'DELETE', 'REACT', 'UNREACT')")) {
            for (long target : targets) {
                read.setLong(1, target);
                List<Logged> found = SqliteRows.readFolded(db, read);
                if (!found.isEmpty()) {
                    write.setString(1, SqliteRows.Changed.of(found.get(0)));
                    write.setLong(2, target);
                    write.executeUpdate();
                }
            }
        }
    }

    /** The first release's messages, each an event of {@code general} under its old id; then the old table goes. */
    private static void migrateFirstRelease(Connection db) throws SQLException {
        long max = 0;
        try (Statement s = db.createStatement();
             ResultSet rows = s.executeQuery(
                     "SELECT id, author, text, sent_at_micros, client_id FROM messages ORDER BY id");
             PreparedStatement insert = db.prepareStatement("INSERT INTO events (seq, kind, conversation, author, "
                     + "author_key, verified, text, sent_at_micros, client_id) VALUES (?, 'MESSAGE', 'general', ?, ?, "
                     + "0, ?, ?, ?)")) {
            while (rows.next()) {
                long id = rows.getLong(1);
                insert.setLong(1, id);
                insert.setString(2, rows.getString(2));
                insert.setString(3, Names.key(rows.getString(2)));
                insert.setString(4, rows.getString(3));
                insert.setLong(5, rows.getLong(4));
                insert.setString(6, rows.getString(5));
                insert.executeUpdate();
                max = id;
            }
        }
        try (Statement s = db.createStatement()) {
            Long sequence = null;
            if (tableExists(db, "sqlite_sequence")) {
                try (ResultSet rows = s.executeQuery("SELECT seq FROM sqlite_sequence WHERE name = 'messages'")) {
                    sequence = rows.next() ? rows.getLong(1) : null;
                }
            }
            // Ids the first release handed out and then deleted stay used: the next event comes after all of them.
            long next = Math.max(max, sequence == null ? 0 : sequence);
            s.execute("DELETE FROM sqlite_sequence WHERE name = 'events'");
            s.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('events', " + next + ")");
            s.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('legacy_max', '" + next + "')");
            s.execute("DROP TABLE messages");
        }
    }

    private static boolean tableExists(Connection db, String table) throws SQLException {
        try (PreparedStatement q = db.prepareStatement(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            q.setString(1, table);
            try (ResultSet rows = q.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static boolean columnExists(Connection db, String table, String column) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rows = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rows.next()) {
                if (rows.getString("name").equals(column)) {
                    return true;
                }
            }
            return false;
        }
    }

    static String meta(Connection db, String key) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            q.setString(1, key);
            try (ResultSet rows = q.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    /** Runs one statement with these values bound in order; how many rows it changed. */
    static int update(Connection db, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            return statement.executeUpdate();
        }
    }

    static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    @Override
    public Health health() {
        long bytes = 0;
        for (String suffix : new String[] {"", "-wal"}) {
            try {
                bytes += java.nio.file.Files.size(file.resolveSibling(file.getFileName() + suffix));
            } catch (java.io.IOException | RuntimeException e) {
                // no log file now
            }
        }
        try {
            readers.read(db -> {
                try (Statement s = db.createStatement(); java.sql.ResultSet rows = s.executeQuery("SELECT 1")) {
                    return rows.next();
                }
            });
            return new Health("SQLite", true, bytes, null);
        } catch (RuntimeException e) {
            return new Health("SQLite", false, bytes, e.getMessage());
        }
    }

    @Override
    public void close() {
        directory.close();
        events.close();
        reading.close();
        writer.close();
        readers.close();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("could not close the message database: " + e.getMessage(), e);
        }
    }
}
