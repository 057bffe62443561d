package dev.hubbub.server.store;

import dev.hubbub.chat.StreamEvents.RoomInfo;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Who is who, and which rooms there are: claimed names and the tokens that prove them, one-time link codes, rooms.
 * The port a store implements beside the {@link EventLog}. Tokens and codes are kept only as hashes.
 *
 * <p>Thread-safe; methods may block on the store (call them off Jetty's selector threads).
 */
public interface Directory extends AutoCloseable {

    /** A claimed name: as shown, and its key. */
    record Identity(String name, String key) {
    }

    /** The name is held by someone else. */
    final class NameTakenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NameTakenException(String name) {
            super("the name " + name + " is taken");
        }
    }

    /** A room of that name exists already. */
    final class RoomExistsException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient RoomInfo existing;

        public RoomExistsException(RoomInfo existing) {
            super("a room called " + existing.name() + " exists already");
            this.existing = existing;
        }

        public RoomInfo existing() {
            return existing;
        }
    }

    /**
     * Claims {@code name} (already checked) and returns a new token for it.
     *
     * @throws NameTakenException when someone holds the name (compared by key)
     */
    String claim(String name, String key);

    /** A new token for a name that is already claimed (a second device, or a cookie lost). */
    String issueToken(Identity identity);

    /** Who holds {@code token}, if anyone. */
    Optional<Identity> identify(String token);

    /** Whether someone holds the name with this key. */
    boolean isClaimed(String key);

    /** The claimed name with this key, as its holder spells it. */
    Optional<Identity> claimed(String key);

    /** Every claimed name, as its holder spells it. */
    java.util.Collection<String> claimedNames();

    /** Ends a token (signing out). */
    void revoke(String token);

    /** A one-time code for {@code identity}, valid until {@code expires}. */
    String linkCode(Identity identity, Instant expires);

    /** Exchanges a code (once, before it expires) for its identity. */
    Optional<Identity> redeem(String code, Instant now);

    /** Every room, {@code general} first, then by creation. */
    List<RoomInfo> rooms();

    Optional<RoomInfo> room(String id);

    /**
     * Creates a room named {@code name} (already checked) with a new id made from it.
     *
     * @throws RoomExistsException when a room's name has the same key
     */
    RoomInfo createRoom(String name, String createdByKey, Instant at);

    @Override
    void close();
}
