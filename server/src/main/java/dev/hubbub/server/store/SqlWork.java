package dev.hubbub.server.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done with one of the store's connections, which it has to itself while the work runs. */
@FunctionalInterface
interface SqlWork<T> {
    T run(Connection db) throws SQLException;
}
