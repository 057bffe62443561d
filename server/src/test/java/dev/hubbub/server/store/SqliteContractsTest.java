package dev.hubbub.server.store;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The store's contracts on a real SQLite file: one store is one server, so every "other server" is the same one. */
class SqliteContractsTest {
    @TempDir
    Path dir;
    private SqliteStore store;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir.resolve("h.db"), 0);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Nested
    class TheDirectory extends DirectoryContract {
        @Override
        Directory directory() {
            return store.directory();
        }
    }

    @Nested
    class TheEventLog extends EventLogContract {
        @Override
        EventLog log() {
            return store.events();
        }

        @Override
        void close(EventLog log) {
            store.close();
        }

        @Override
        String stored() {
            StringBuilder all = new StringBuilder();
            try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("h.db"));
                 java.sql.ResultSet rows = db.createStatement().executeQuery("SELECT * FROM events")) {
                while (rows.next()) {
                    for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                        all.append(rows.getString(i)).append('\t');
                    }
                    all.append('\n');
                }
            } catch (java.sql.SQLException e) {
                throw new AssertionError(e);
            }
            return all.toString();
        }
    }

    @Nested
    class TheFileIndex extends FileIndexContract {
        @Override
        Store store() {
            return store;
        }
    }

    @Nested
    class TheReadState extends ReadStateContract {
        @Override
        ReadState reading() {
            return store.reading();
        }

        @Override
        ReadState afterRestart() {
            store.close();
            store = SqliteStore.open(dir.resolve("h.db"), 0);
            return store.reading();
        }
    }

    @Nested
    class TheSearch extends MessageSearchContract {
        @Override
        Store store() {
            return store;
        }
    }
}
