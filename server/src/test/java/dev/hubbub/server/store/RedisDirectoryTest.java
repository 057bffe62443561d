package dev.hubbub.server.store;

import dev.hubbub.server.testing.RedisServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The directory contract on a real {@code redis-server}: each directory is another server's store over it. */
class RedisDirectoryTest extends DirectoryContract {
    @TempDir
    Path dir;
    private RedisServer redis;
    private final List<RedisStore> stores = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start(dir.resolve("redis"));
    }

    @AfterEach
    void stop() throws Exception {
        stores.forEach(RedisStore::close);
        redis.close();
    }

    @Override
    Directory directory() {
        RedisStore store = RedisStore.open(redis.uri(), "dir:", dir.resolve("search-" + stores.size() + ".db"), 0);
        stores.add(store);
        return store.directory();
    }
}
