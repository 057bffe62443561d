package dev.hubbub.server.store;

import dev.hubbub.chat.StreamEvents.RoomInfo;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Who is who, and which rooms there are: persons, the names they claimed and the tokens that prove them, one-time
 * link codes, rooms. The port a store implements beside the {@link EventLog}. Tokens and codes are kept only as
 * hashes.
 *
 * <p>A person is not their name: claiming a name makes a new person with a stable key, and everything private hangs
 * on that key (direct conversations, files, edit rights, reactions, mutes, the host's word, tokens). Freeing a name
 * detaches it from its person: whoever claims it next is a new person with an empty past, and the old person's
 * conversations stay theirs. Those who claimed a name before persons existed have their name's key as their
 * person key, which is what everything of theirs was stored under.
 *
 * <p>Thread-safe; methods may block on the store (call them off Jetty's selector threads).
 */
public interface Directory extends AutoCloseable {

    /**
     * A person holding a claimed name.
     *
     * @param name the name as they spell it
     * @param key the person's key: stable, opaque, never made from the name (but for those who claimed before
     *     persons existed); compare names with {@link dev.hubbub.chat.Names#key}, persons with this
     */
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

    /** There are as many rooms as the server allows ({@code --max-rooms}). */
    final class RoomsFullException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public RoomsFullException(int max) {
            super("this server has " + max + " rooms, the most it keeps (the host sets it with --max-rooms)");
        }
    }

    /** {@link #claim(String, String, String)} from a device that says nothing of itself. */
    default String claim(String name, String key) {
        return claim(name, key, "");
    }

    /**
     * Claims {@code name} (already checked) for a new person and returns a new token for them.
     *
     * @param key the name's key ({@link dev.hubbub.chat.Names#key})
     * @param device how the device describes itself (what its holder reads in their list of devices: "Firefox ·
     *     Android"; at most {@link #MAX_DEVICE} characters), or empty
     * @throws NameTakenException when someone holds the name or a lookalike of it (the same key, or a shared
     *     {@linkplain dev.hubbub.server.unicode.Lookalikes#lookalikeKeys lookalike key}), checked in the same step
     *     as the claim
     */
    String claim(String name, String key, String device);

    /** A new token for a name that is already claimed (a second device, or a cookie lost). */
    default String issueToken(Identity identity) {
        return issueToken(identity, "");
    }

    /** A new token for a name already claimed, for the device described by {@code device}. Blocks until stored. */
    String issueToken(Identity identity, String device);

    /** The most characters of a device's description ({@link Device#label}). */
    int MAX_DEVICE = 60;

    /**
     * A device a person is signed in on: one token of theirs.
     *
     * @param id the device's public id ({@link #deviceId}): safe to show, useless to sign in with
     * @param label how the device described itself when it signed in ("Chrome · Linux"), or empty
     * @param signedIn when the token was given
     * @param lastSeen when it last opened a stream or signed in ({@link #seen}), to the quarter hour; null when never
     *     since it was given
     */
    record Device(String id, String label, Instant signedIn, Instant lastSeen) {
    }

    /** A token's device id: the first 16 hex digits of a second hash of it, so the id gives nothing of the token. */
    static String deviceId(String token) {
        return Devices.id(Secrets.hash(token));
    }

    /** Every device the person with this key is signed in on, the most recently given first. Blocks. */
    List<Device> devices(String personKey);

    /**
     * Notes that the device with {@code token} was seen at {@code at}; stored at most once every
     * {@link #SEEN_EVERY} per device, so a busy device costs no write per request. May block on the store.
     */
    void seen(String token, Instant at);

    /** How finely {@link #seen} is kept. */
    java.time.Duration SEEN_EVERY = java.time.Duration.ofMinutes(15);

    /**
     * Signs one device of a person's out (ends its token).
     *
     * @return whether that person had a device with that id
     */
    boolean signOut(String personKey, String deviceId);

    /**
     * The passphrase hash of the person with this key (as {@link #setPassphrase} was given it), or empty when they
     * set none. Blocks.
     */
    Optional<String> passphrase(String personKey);

    /** Sets the passphrase hash of the person with this key (an encoded slow hash), or removes it ({@code null}). */
    void setPassphrase(String personKey, String hash);

    /**
     * The host's reset: every token, link code and the passphrase of the person with this key end; their name,
     * messages, rooms and everything else stay theirs. The way back in is a link code the host then makes.
     */
    void resetSignIn(String personKey);

    /** Lets a removed person back in: their tokens work again. */
    void letBackIn(String key);

    /** Who holds {@code token}, if anyone (a person the host removed holds none any more). */
    Optional<Identity> identify(String token);

    /** Whom {@code token} was given to, removed or not: to tell a removed person why they are refused. */
    Optional<Identity> holder(String token);

    /** Whether someone holds the name with this name key. */
    boolean isClaimed(String key);

    /** The person holding the name with this name key. */
    Optional<Identity> claimed(String key);

    /** The person holding the name that {@code name} would pass for (the same key, or a lookalike), if anyone. */
    Optional<Identity> claimedLookalike(String name);

    /** Every claimed name, as its holder spells it. */
    java.util.Collection<String> claimedNames();

    /**
     * What the host's console shows of one person: who they are, their devices (newest first), and the host's marks
     * on them.
     *
     * @param mutedUntil until when they are muted; null when they are not
     */
    record Person(Identity identity, List<Device> devices, boolean host, boolean removed, Instant mutedUntil,
                  boolean hasPassphrase) {
    }

    /**
     * Everyone who holds a claimed name, as {@link Person}s, read at once for the host's console: a few reads of the
     * store whatever the number of people, where asking {@link #claimed}, {@link #devices}, {@link #isHost} and the
     * rest for each person would be several reads each (round trips, on a shared store). Blocks while it reads.
     */
    List<Person> people(Instant now);

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
     * Creates a room named {@code name} (already checked) with a new id made from it, unless there are
     * {@code maxRooms} already (checked in the same step as the creation, so servers creating rooms at once never
     * pass the limit together).
     *
     * @param createdByKey the person who makes it, who is in it from then on; null for a room nobody made (imported)
     * @throws RoomExistsException when a room's name has the same key or looks like it
     * @throws RoomsFullException when there are {@code maxRooms} rooms
     */
    RoomInfo createRoom(String name, String createdByKey, Instant at, int maxRooms);

    // ---- the host keeps order ----------------------------------------------------------------------------

    /** Whether the person with this key is a host of the room. */
    boolean isHost(String key);

    /** Makes the person with this key a host. */
    void makeHost(String key);

    /** Until when the host muted this key (a person's, or a name nobody claimed); empty when it is not muted (any more). */
    Optional<Instant> mutedUntil(String key, Instant now);

    /** Mutes this key (a person's, or a name nobody claimed) until {@code until}; null unmutes it. */
    void mute(String key, Instant until);

    /** Whether the host removed the person with this key: their tokens no longer sign them in. */
    boolean isRemoved(String key);

    /** Removes a person: every token of theirs stops working, and the name stays theirs (nobody else takes it). */
    void remove(String key);

    /**
     * Frees the name the person with this key holds: their tokens, link codes, mute, host's role and picture go,
     * anyone may claim the name again (as a new person), and what was theirs stays theirs.
     */
    void free(String key);

    /** The largest picture a person may have, in bytes: the server makes it, small (a 128-pixel PNG). */
    int MAX_PICTURE_BYTES = 64 * 1024;

    /** The picture of the person with this key (PNG bytes, as {@link #setPicture} was given), or empty. Blocks. */
    Optional<byte[]> picture(String key);

    /**
     * Sets the picture of the person with this key (PNG bytes, at most {@link #MAX_PICTURE_BYTES}), or removes it
     * ({@code null}). Blocks until stored.
     */
    void setPicture(String key, byte[] png);

    /**
     * Every status set, by the name of the person who set it (as they spell it), as they set it: a do-not-disturb
     * that has ended is still {@code dnd} (see {@link dev.hubbub.chat.PersonStatus#at}). Those who set none, or
     * cleared theirs, are not in it, so it holds at most one small entry per person who set one. Blocks.
     */
    java.util.Map<String, dev.hubbub.chat.PersonStatus> statuses();

    /**
     * The status of the person with this key, as {@link #statuses} holds it; {@link dev.hubbub.chat.PersonStatus#PLAIN}
     * when they set none (or their name was freed). Reads that one person's only. Blocks.
     */
    dev.hubbub.chat.PersonStatus status(String key);

    /**
     * Sets the status of the person with this key, kept across restarts and seen by every server sharing the store;
     * {@code null} or {@link dev.hubbub.chat.PersonStatus#PLAIN} clears it. Freeing their name clears it too. Blocks
     * until stored.
     */
    void setStatus(String key, dev.hubbub.chat.PersonStatus status);

    /** The room's invite key; empty while the room is open to everyone who reaches it. */
    Optional<String> inviteKey();

    /**
     * Makes a new invite key (the room is invite-only from then on) and returns it; the old key lets nobody in any
     * more. With {@code signOutEveryone}, every token stops working too, except those of the hosts.
     */
    String newInviteKey(boolean signOutEveryone);

    /** Opens an invite-only room to everyone who reaches it again: the key goes. */
    void openToAll();

    /**
     * The host token (given to {@code POST /host/claim}, it makes a signed-in person a host): the one kept, or
     * {@code proposed} when none is kept yet, which is kept from then on. Every server sharing the store has the same.
     */
    String hostToken(String proposed);

    /**
     * Slow mode: whether the person with this key may post in the room now, once every {@code seconds}. When
     * they may, their turn is taken (the next one is {@code seconds} away) and the answer is empty; when not, how
     * long they must wait. One check and act, on every server sharing the store.
     */
    Optional<java.time.Duration> takeSlowModeTurn(String room, String key, int seconds, Instant now);

    /** Changes a room's rules; returns the room as it is now. */
    RoomInfo setRules(String id, boolean readOnly, int slowModeSeconds);

    /**
     * Gives a room a new name (already checked); its id stays, so links and everything stored under it keep working.
     *
     * @return the room as it is now
     * @throws RoomExistsException when another room's name has the same key or looks like it
     * @throws IllegalArgumentException when there is no such room
     */
    RoomInfo renameRoom(String id, String name);

    /**
     * Archives a room (it stays, readable, and nobody acts in it) or brings it back; returns the room as it is now.
     */
    RoomInfo setArchived(String id, boolean archived);

    /**
     * Deletes a room: it leaves {@link #rooms()} (here at once, on other servers sharing the store within a moment, as
     * every change of a room), its name may be given
     * to a new room, and it no longer counts toward the most rooms. Its id is never given to another room, so
     * nothing stored under it could be taken for a new room's. The messages are the log's to forget
     * ({@link LogEvent.Kind#ROOM_DELETED}).
     *
     * @return the room as it was; empty when there is no such room, or it is {@code general}, which stays, or
     *     another deletion took it first
     */
    Optional<RoomInfo> deleteRoom(String id, Instant at);

    /**
     * A person's place in a room they joined: {@code starred} puts it first in their list, {@code hidden} out of the
     * way (both theirs alone, on every device).
     */
    record Membership(String room, boolean starred, boolean hidden) {
    }

    /**
     * The rooms a person joined, General first: everyone is in General (it cannot be left), and whoever makes a room
     * is in it. A person who claimed a name before rooms had members is in every room that was there then.
     */
    List<Membership> memberships(String personKey);

    /** How many people are in each room, by id (General: everyone who holds a name). */
    java.util.Map<String, Integer> memberCounts();

    /**
     * Joins a room, or (already in it) sets its marks; returns the membership. Blocks until it is stored.
     *
     * @throws IllegalArgumentException when there is no such room
     */
    Membership join(String personKey, String room, boolean starred, boolean hidden);

    /**
     * Leaves a room: it is no longer in the person's list, and its marks go. Blocks until it is stored.
     *
     * @return whether they were in it
     * @throws IllegalArgumentException for General, which everyone stays in
     */
    boolean leave(String personKey, String room);

    /**
     * A room's own retention.
     *
     * @param days keep its messages this many days (0: as long as the server keeps any)
     * @param messages keep at most its newest this many (0: no number of its own; the server's {@code --keep-messages}
     *     still counts every room's together)
     */
    record Retention(int days, int messages) {
        public static final Retention SERVER = new Retention(0, 0);
        public static final int MAX_DAYS = 3650;
        public static final int MAX_MESSAGES = 10_000_000;

        public Retention {
            if (days < 0 || days > MAX_DAYS || messages < 0 || messages > MAX_MESSAGES) {
                throw new IllegalArgumentException("a room keeps its messages 0 to " + MAX_DAYS + " days and 0 to "
                        + MAX_MESSAGES + " of them");
            }
        }
    }

    /** The rooms that have a retention of their own, by id. Blocks. */
    java.util.Map<String, Retention> retention();

    /** Sets a room's own retention ({@link Retention#SERVER}: none of its own). Blocks until stored. */
    void setRetention(String room, Retention retention);

    /** The most characters of a room's topic. */
    int MAX_TOPIC = 250;

    /** Refuses a topic longer than {@link #MAX_TOPIC} (every directory's {@link #setTopic} asks). */
    static void checkTopic(String topic) {
        if (topic.codePointCount(0, topic.length()) > MAX_TOPIC) {
            throw new IllegalArgumentException("a topic is at most " + MAX_TOPIC + " characters");
        }
    }

    /** The rooms' topics, by id; a room without one is left out. */
    java.util.Map<String, String> topics();

    /**
     * Sets a room's topic ({@code ""} clears it). Blocks until it is stored.
     *
     * @throws IllegalArgumentException when there is no such room, or the topic is longer than {@link #MAX_TOPIC}
     */
    void setTopic(String room, String topic);

    @Override
    void close();
}
