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

    @Override
    void close();
}
