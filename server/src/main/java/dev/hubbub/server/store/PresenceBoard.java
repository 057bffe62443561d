package dev.hubbub.server.store;

import java.util.List;
import java.util.function.Consumer;

/**
 * What is live across servers sharing a store, and never stored: each server posts who is online on it, and hears
 * who is online on the others (a server that stops posting, because it died, drops out within
 * {@link #expiresWithin()}); and each tells the others of the moment's {@link Signal}s, someone typing or a person
 * whose streams must end.
 *
 * <p>The port has its own path beside the {@link EventLog}: presence is not history, and a join is not worth a
 * write to disk.
 */
public interface PresenceBoard extends AutoCloseable {

    /** Something another server's streams should hear of now. */
    sealed interface Signal {
        /** Someone is typing (see {@code Hub.typing}); {@code toName} and {@code toKey} null in a room. */
        record Typing(String name, String conversation, String toName, String toKey) implements Signal {
        }

        /** The host removed the person with this name key: every stream of theirs ends, on every server. */
        record EndStreams(String key) implements Signal {
        }

        /** Someone read a conversation up to a message ({@code Hub.read}). */
        record Read(String conversation, String personKey, String name, String id, boolean shares) implements Signal {
        }

        /** An event for the structured streams of the person with key {@code key} alone ({@code Hub.tell}). */
        record ToPerson(String key, String type, String json) implements Signal {
        }

        /** An event for every structured stream ({@code Hub.tellEveryone}). */
        record ToEveryone(String type, String json) implements Signal {
        }
    }

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
        public void signal(Signal signal) {
        }

        @Override
        public void onSignal(Consumer<Signal> listener) {
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

    /** Tells the other servers (not this one) of a signal. Must not block. */
    void signal(Signal signal);

    /** Starts telling {@code listener} of the other servers' signals, on a thread of the board's. */
    void onSignal(Consumer<Signal> listener);

    /** How long a server that died stays listed, at most. */
    java.time.Duration expiresWithin();

    @Override
    void close();
}
