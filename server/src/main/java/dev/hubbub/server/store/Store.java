package dev.hubbub.server.store;

/**
 * Everything a server keeps, as the ports it is made of: one SQLite file for a single server ({@link SqliteStore}),
 * or Redis shared by several ({@link RedisStore}). The server talks to the ports alone.
 */
public interface Store extends AutoCloseable {

    EventLog events();

    Directory directory();

    MessageSearch search();

    FileIndex files();

    /** What each person follows and how far they read. */
    ReadState reading();

    /** Who is online on the other servers sharing this store; nobody for a store of one server. */
    PresenceBoard presence();

    /**
     * How the store is, for the host's console.
     *
     * @param kind "SQLite" or "Redis"
     * @param answering whether it answered a trivial question just now
     * @param bytes how much it takes (the database file and its log; Redis's memory), -1 when not known
     * @param problem why it did not answer; null when it did
     */
    record Health(String kind, boolean answering, long bytes, String problem) {
    }

    /** Asks the store how it is (a round trip). Blocks briefly; never throws. */
    Health health();

    @Override
    void close();
}
