package dev.hubbub.server.store;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The directory contract on a real SQLite file (one store: one server). */
class SqliteDirectoryTest extends DirectoryContract {
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

    @Override
    Directory directory() {
        return store.directory();
    }
}
