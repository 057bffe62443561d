package dev.hubbub.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** The JSON bodies of Hubbub's HTTP API besides messages and streams, one record each. */
public final class Api {
    private Api() {
    }

    /**
     * {@code POST /session}: one of a name to claim, a name and its passphrase, a link code from another device (or
     * the host's reset), or a token to sign this client in with again (its cookie lost); {@code key} is the invite
     * key of an invite-only room.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SignIn(String name, String code, String token, String key, String passphrase) {
        public SignIn(String name, String code, String token, String key) {
            this(name, code, token, key, null);
        }

        public SignIn(String name, String code, String token) {
            this(name, code, token, null, null);
        }
    }

    /** Who a client is signed in as, and the token that says so (only when it was just given). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Session(String name, String token) {
    }

    /** {@code PUT /profile/passphrase}: the passphrase to sign in with by name on any device. */
    public record Passphrase(String passphrase) {
    }

    /**
     * {@code GET /session/devices}: one device a person is signed in on.
     *
     * @param id its public id, for {@code DELETE /session/devices/{id}}
     * @param label how it described itself ("Firefox · Android"), or empty
     * @param signedInAt when it signed in; null when not known (signed in before devices were kept)
     * @param lastSeenAt when it last connected, to the quarter hour; null when not since it signed in
     * @param current whether it is the device asking
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Device(String id, String label, Instant signedInAt, Instant lastSeenAt, boolean current) {
    }

    /** {@code POST /session/link}: a one-time code another device of the same person exchanges for a token. */
    public record LinkCode(String code, Instant expiresAt) {
    }

    /**
     * A room as the room browser shows it ({@code GET /rooms}, {@code GET /rooms/{id}}): its rules, its topic, how
     * many are in it, and, to someone signed in, whether they are (with their marks). A superset of
     * {@link StreamEvents.RoomInfo}'s fields, so a reader of those reads these.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RoomEntry(String id, String name,
                            @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean readOnly,
                            @JsonInclude(JsonInclude.Include.NON_DEFAULT) int slowModeSeconds,
                            @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean archived,
                            String topic, int members, Boolean joined, Boolean starred, Boolean hidden) {
    }

    /** {@code GET /rooms}: every room (or those a search found), in the order rooms are listed. */
    public record RoomDirectory(List<RoomEntry> rooms) {
        public RoomDirectory {
            rooms = List.copyOf(rooms);
        }
    }

    /**
     * Someone's place in a room: {@code PUT /rooms/{id}/membership} ({@code starred}, {@code hidden} in its body:
     * joins, or sets the marks), {@code DELETE} (leaves), the {@code membership} event, {@code GET /profile/rooms}.
     */
    public record Membership(String room, boolean joined, boolean starred, boolean hidden) {
    }

    /** {@code GET /profile/rooms}: the rooms the reader is in, General first, then in the order rooms are listed. */
    public record Memberships(List<Membership> rooms) {
        public Memberships {
            rooms = List.copyOf(rooms);
        }
    }

    /** {@code PUT /rooms/{id}/topic {"topic":"…"}} ({@code ""} clears it), and the {@code topic} event. */
    public record Topic(String room, String topic) {
        /** The most characters of a topic. */
        public static final int MAX = 250;

        public Topic {
            topic = topic == null ? "" : topic.strip();
            Rules.checkLine("a topic", topic, MAX);
        }
    }

    /** One person of the directory ({@code GET /people}): everyone who holds a name, online or not. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Someone(String name, boolean online, PersonStatus status) {
    }

    /** {@code GET /people}: a page of people by name; {@code more} when there are more after the last. */
    public record People(List<Someone> people, boolean more) {
        public People {
            people = List.copyOf(people);
        }
    }

    /** {@code POST /rooms}. */
    public record NewRoom(String name) {
    }

    /** {@code GET /rooms}. */
    public record Rooms(List<StreamEvents.RoomInfo> rooms) {
        public Rooms {
            rooms = List.copyOf(rooms);
        }
    }

    /** What a poster gets back: where the message went and its id. */
    public record Accepted(String id, String room, Instant sentAt, boolean duplicate) {
    }

    /** {@code PATCH /chat/{id}}: a message's new text. */
    public record EditText(String text) {
    }

    /** {@code POST /chat/{id}/reactions}. */
    public record NewReaction(String emoji) {
        public NewReaction {
            Rules.checkEmoji(emoji);
        }
    }

    /**
     * {@code GET /search}: the newest messages that match, newest first, each as a history page has it (its room
     * and time included); {@code more} when there were more than were sent.
     */
    public record SearchResults(String query, List<ChatMessage> results, boolean more) {
        public SearchResults {
            results = List.copyOf(results);
        }
    }

    /**
     * {@code GET /host}: what the host sees of the room's door. {@code key} and {@code links} only when the room is
     * invite-only: the links carry the key.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HostView(boolean inviteOnly, String key, List<String> links) {
    }

    /** {@code POST /host/claim}: the host token ({@code hubbub serve} prints it) makes the signed-in person a host. */
    public record HostClaim(String token) {
    }

    /** {@code POST /host/mute}: no message from {@code name} for {@code minutes} (0: unmute). */
    public record Mute(String name, int minutes) {
    }

    /** {@code POST /host/remove} and {@code POST /host/free-name}. */
    public record Person(String name) {
    }

    /** {@code POST /host/room}: a room's rules. */
    public record RoomRules(String room, boolean readOnly, int slowModeSeconds) {
    }

    /** {@code POST /host/archive-room}: archives a room ({@code archived}), or brings it back. */
    public record ArchiveRoom(String room, boolean archived) {
    }

    /**
     * {@code POST /host/retention}: a room's own retention: its messages kept {@code days} days (0: as long as the
     * server keeps any) and at most its newest {@code messages} (0: no number of its own); both 0 is the server's.
     * {@code GET /host/retention} lists the rooms that have one.
     */
    public record RoomRetention(String room, int days, int messages) {
    }

    /** {@code POST /host/rename-room}: a room's new name (its id stays). */
    public record RenameRoom(String room, String name) {
    }

    /**
     * {@code GET /host/people}: one person who holds a name, online or not, as the host's console shows them.
     *
     * @param status their status as they set it, or null
     * @param devices how many devices they are signed in on
     * @param lastSeen when one of their devices last connected (to the quarter hour), or null
     * @param mutedUntil until when the host muted them, or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConsolePerson(String name, boolean online, PersonStatus status, int devices, Instant lastSeen,
                                boolean host, boolean removed, Instant mutedUntil, boolean passphrase) {
    }

    /** {@code GET /host/files}: the storage used, the most it may take, and the largest files. */
    public record ConsoleFiles(long used, long limit, List<ConsoleFile> largest) {
    }

    /** One file in the console: what it is and where it was sent (conversation ids). */
    public record ConsoleFile(String id, String name, String type, long size, Instant uploadedAt, List<String> sentIn) {
    }

    /**
     * {@code GET /host/server}: how the server is.
     *
     * @param store "SQLite" or "Redis", whether it answered just now, and how much it takes (-1: not known)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConsoleServer(String version, Instant startedAt, long uptimeSeconds, int streams, int online,
                                int postsLastMinute, String store, boolean storeAnswering, long storeBytes,
                                String storeProblem, int rooms, int people, long filesUsed) {
    }

    /** {@code POST /host/delete-room}: deletes a room and every message in it, for good. */
    public record DeleteRoom(String room) {
    }

    /** {@code POST /host/key}: a new invite key (the old one stops letting people in); optionally signs everyone out. */
    public record NewKey(boolean signOutEveryone) {
    }

    /**
     * {@code GET /threads}: the threads the caller follows, newest activity first.
     *
     * @param threads each thread's root as it stands now (with its {@link ChatMessage#thread}), and how many replies
     *     from others came after the caller's read position there (at most {@link #MAX_UNREAD_COUNTED})
     */
    public record Threads(List<FollowedThread> threads) {
        public Threads {
            threads = List.copyOf(threads);
        }
    }

    /** A followed thread: its root, and how many of its replies the caller has not read. */
    public record FollowedThread(ChatMessage root, int unread) {
    }

    /** How many unread replies {@code GET /threads} counts in a thread at most (a client shows "99+"). */
    public static final int MAX_UNREAD_COUNTED = 100;

    /**
     * {@code POST /read}: the caller has read a conversation ({@code room}, or {@code with} a person) or a thread
     * ({@code thread}, its root's id) up to the message {@code upTo}.
     */
    public record Read(String room, String with, String thread, String upTo) {
    }

    /** {@code GET /chat/pins}: a conversation's pinned messages, each as it stands now, the newest pin first. */
    public record Pins(String room, List<ChatMessage> messages) {
        public Pins {
            messages = List.copyOf(messages);
        }
    }

    /**
     * {@code GET /read}: where people have read a conversation, for read receipts.
     *
     * @param sharing whether the caller shares where they read (when not, they see nobody's: {@code readers} is
     *     empty)
     * @param readers each reader's name and the id of the newest message they read there (those who share)
     */
    public record ReadPositions(String room, boolean sharing, java.util.Map<String, String> readers) {
        public ReadPositions {
            readers = java.util.Map.copyOf(readers);
        }
    }

    /** {@code PUT /read/sharing}: whether the caller shares where they read. */
    public record ReadSharing(boolean share) {
    }

    /**
     * {@code GET /statuses}: the statuses of those online (or of those asked for), as they stand now, by name; those
     * active with nothing to say are left out.
     */
    public record Statuses(java.util.Map<String, PersonStatus> statuses) {
        public Statuses {
            statuses = statuses == null ? java.util.Map.of() : java.util.Map.copyOf(statuses);
        }
    }
}
