package dev.hubbub.server.store;

import java.util.List;
import java.util.function.Consumer;

/**
 * Presence across servers sharing a store: each server posts who is online on it, and hears who is online on the
 * others. A server that stops posting (it died) drops out within {@link #expiresWithin()}.
 *
 * <p>The port has its own path beside the {@link EventLog}: presence is not history, and a join is not worth a
 * write to disk.
 */
public interface PresenceBoard extends AutoCloseable {

    /** A board for a server alone: nobody else is ever online. */
    PresenceBoard ALONE = new PresenceBoard() {
        @Override
        public void post(List<String> online) {
        }

        @Override
        public void listen(Consumer<List<String>> others) {
        }

        @Override
        public java.time.Duration expiresWithin() {
            return java.time.Duration.ZERO;
        }

        @Override
        public void close() {
        }
    };

    /**
     * Who is online on this server now (names as shown). Called whenever it changes; the board posts it again
     * by itself often enough to keep it from expiring. Must not block.
     */
    void post(List<String> online);

    /**
     * Starts telling {@code others} who is online on the other servers (names as shown; a person may be listed
     * more than once), whenever that changes, on a thread of the board's.
     */
    void listen(Consumer<List<String>> others);

    /** How long a server that died stays listed, at most. */
    java.time.Duration expiresWithin();

    @Override
    void close();
}
