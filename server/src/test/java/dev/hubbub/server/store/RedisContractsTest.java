package dev.hubbub.server.store;

import dev.hubbub.server.testing.RedisServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's contracts on a real {@code redis-server}: every directory, log or file index handed out is another
 * server's store over the same Redis.
 */
class RedisContractsTest {
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

    /** Another server's store over the test's Redis. */
    RedisStore server() {
        RedisStore store = RedisStore.open(redis.uri(), "test:", dir.resolve("search-" + stores.size() + ".db"), 0);
        stores.add(store);
        return store;
    }

    @Nested
    class TheDirectory extends DirectoryContract {
        @Override
        Directory directory() {
            return server().directory();
        }
    }

    @Nested
    class TheEventLog extends EventLogContract {
        @Override
        EventLog log() {
            return server().events();
        }

        @Override
        void close(EventLog log) {
            stores.stream().filter(s -> s.events() == log).findFirst().ifPresent(store -> {
                stores.remove(store);
                store.close();
            });
        }

        @Override
        String stored() {
            return redis.dump("test:");
        }
    }

    @Nested
    class TheFileIndex extends FileIndexContract {
        @Override
        Store store() {
            return server();
        }
    }

    @Nested
    class TheReadState extends ReadStateContract {
        @Override
        ReadState reading() {
            return server().reading();
        }

        @Override
        ReadState afterRestart() {
            List.copyOf(stores).forEach(store -> {
                stores.remove(store);
                store.close();
            });
            return server().reading();
        }
    }

    @Nested
    class TheSearch extends MessageSearchContract {
        @Override
        Store store() {
            return server();
        }
    }
}
