package dev.hubbub.server.http;

import dev.hubbub.chat.Sentence;
import dev.hubbub.chat.StreamEvents.RoomInfo;
import dev.hubbub.server.Refused;
import dev.hubbub.server.store.Conversations;
import dev.hubbub.server.store.Directory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.eclipse.jetty.http.HttpStatus;

/**
 * The host's rules, decided in this one place for every action that changes what others see: posts, edits,
 * reactions, typing, uploads, new rooms, the words of a status and a picture (both go to every stream). A muted
 * person does none of them; in a read-only room only the host
 * posts, edits, reacts or is seen typing; in slow mode each person (someone not signed in: each address) posts once
 * per interval, and edits once per interval too, on a turn of their own (so a typo fixed just after sending goes
 * through, but a message cannot be rewritten to everyone many times a second). Hosts are exempt from the room's
 * rules, not from a mute. Nobody, the host included, acts in an archived room (the host brings it back first). Refuses by throwing {@link Refused}; thread-safe (the directory decides, one check-and-act
 * per turn, across servers sharing a store).
 */
final class Moderation {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());

    /** What someone is about to do. */
    enum Act {
        POST, EDIT, REACT, TYPE, UPLOAD, CREATE_ROOM, TOPIC,
        /** New words (text or emoji) in a status: a state alone (away, back) is no message to anyone. */
        STATUS_WORDS,
        PICTURE;

        private boolean showsInTheRoom() {
            return this == POST || this == EDIT || this == REACT || this == TYPE || this == TOPIC;
        }
    }

    /**
     * Who acts.
     *
     * @param name how the refusal names them
     * @param key their person key (a name nobody claimed: its key), for mutes and, signed in, slow mode
     * @param signedIn whether a token proved it; if not, slow mode counts {@code address} instead
     * @param address the client's address key ({@link AddressKey})
     * @param isHost whether they are signed in as a host (exempt from the room's rules, not from a mute): asked only
     *     when a rule of the room's would refuse them
     */
    record Actor(String name, String key, boolean signedIn, String address, java.util.function.BooleanSupplier isHost) {
        /** A signed-in caller. */
        static Actor of(Caller caller) {
            Directory.Identity who = caller.identity().orElseThrow();
            return new Actor(who.name(), who.key(), true, caller.addressKey(), caller::isHost);
        }

        boolean host() {
            return signedIn && isHost.getAsBoolean();
        }

        private String turnKey() {
            return signedIn ? key : "address " + address;
        }
    }

    private final Directory directory;
    private final Clock clock;

    Moderation(Directory directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    /** A time as the server says it in a sentence ("14:05", the server's time zone). */
    static String time(Instant instant) {
        return TIME.format(instant);
    }

    /**
     * Refuses what the rules forbid.
     *
     * @param conversation where it happens: a room's id or a direct conversation; null where it happens nowhere yet
     *     (an upload, a new room)
     * @throws Refused 403 muted or read-only, 429 slow mode (with when to try again)
     */
    void check(Actor actor, String conversation, Act act) {
        Instant now = clock.instant();
        directory.mutedUntil(actor.key(), now).ifPresent(until -> {
            throw new Refused(HttpStatus.FORBIDDEN_403, Sentence.of("server.theHostMutedUntil", "name", actor.name(), "value", time(until)));
        });
        if (conversation == null || Conversations.isDirect(conversation) || !act.showsInTheRoom()) {
            return;
        }
        RoomInfo room = directory.room(conversation).orElse(null);
        if (room == null) {
            return;
        }
        if (room.archived()) {
            throw new Refused(HttpStatus.FORBIDDEN_403, Sentence.of("server.isArchivedItsHistoryStays", "name", room.name()));
        }
        if (actor.host()) {
            return;
        }
        if (room.readOnly()) {
            throw new Refused(HttpStatus.FORBIDDEN_403, Sentence.of("server.isReadOnlyOnlyThe", "name", room.name()));
        }
        if (room.slowModeSeconds() > 0 && (act == Act.POST || act == Act.EDIT)) {
            String turn = (act == Act.EDIT ? "edit " : "") + actor.turnKey();
            directory.takeSlowModeTurn(room.id(), turn, room.slowModeSeconds(), now).ifPresent(wait -> {
                long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
                throw new Refused(HttpStatus.TOO_MANY_REQUESTS_429, act == Act.EDIT ? Sentence.of("server.slowModeEdit", "name", room.name(), "every", room.slowModeSeconds(), "seconds", seconds) : Sentence.of("server.slowMode", "name", room.name(), "every", room.slowModeSeconds(), "seconds", seconds));
            });
        }
    }
}
