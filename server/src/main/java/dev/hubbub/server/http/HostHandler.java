package dev.hubbub.server.http;

import dev.hubbub.chat.Sentence;
import dev.hubbub.chat.Api;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.InvalidMessageException;
import dev.hubbub.chat.Names;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.hub.Hub;
import dev.hubbub.server.store.Conversations;
import dev.hubbub.server.store.Directory;
import dev.hubbub.server.store.LogEvent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code /host}: the host keeps order. {@code POST /host/claim {"token":…}} makes the signed-in person a host (the
 * token {@code hubbub serve} prints, or the desktop app's when it hosts). A host may then: {@code POST /host/mute}
 * a name for a time, {@code POST /host/remove} a person (their tokens stop working, their streams end),
 * {@code POST /host/free-name}, {@code POST /host/room} (read-only, slow mode), {@code POST /host/archive-room}
 * (archived, or brought back), {@code POST /host/delete-room} (the room and its messages, for good; not
 * {@code general}), {@code POST /host/key} (a new invite
 * key: the room is invite-only from then on) and {@code DELETE /host/key} (open to all again), and
 * {@code GET /host} (the door: invite-only or not, the key and the links), {@code POST /host/reset-sign-in}
 * (a person's devices, link codes and passphrase end; the answer is a one-time code, valid
 * {@value #RESET_CODE_HOURS} hours, for the host to hand over in person; nothing else of theirs changes) and
 * {@code POST /host/let-back-in} (a removed person's tokens work again). Removing someone's message is
 * {@code DELETE /chat/{id}}. Each action is told to everyone as a notice in the history ("Ann muted Bob for 10
 * minutes"). Not signed in: 401; not a host: 403.
 */
final class HostHandler {
    static final int MAX_MUTE_MINUTES = 7 * 24 * 60;
    static final int MAX_SLOW_SECONDS = 3600;
    /** How long the code the host's reset makes stays valid: time to meet and hand it over. */
    static final int RESET_CODE_HOURS = 24;

    private final Hub hub;
    private final Authenticator auth;
    private final JsonBodies bodies;
    private final byte[] hostToken;
    private final Supplier<List<URI>> joinUris;
    private final Clock clock;

    HostHandler(Hub hub, Authenticator auth, JsonBodies bodies, String hostToken, Supplier<List<URI>> joinUris,
                Clock clock) {
        this.hub = hub;
        this.auth = auth;
        this.bodies = bodies;
        this.hostToken = hostToken.getBytes(StandardCharsets.UTF_8);
        this.joinUris = joinUris;
        this.clock = clock;
    }

    boolean handle(Caller caller, String path, Request request, Response response, Callback callback) {
        Optional<Directory.Identity> who = caller.identity();
        if (who.isEmpty()) {
            Replies.text(response, callback, HttpStatus.UNAUTHORIZED_401, Sentence.of("server.signInFirst"));
            return true;
        }
        Directory.Identity me = who.get();
        Directory directory = auth.directory();
        String method = request.getMethod();
        if (path.equals("/host/claim")) {
            if (!method.equals("POST")) {
                return SessionHandler.notAllowed(request, response, callback, path + " takes POST", "POST");
            }
            bodies.read(request, response, callback, Api.HostClaim.class, claim -> {
                if (claim.token() == null || !MessageDigest.isEqual(hostToken,
                        claim.token().getBytes(StandardCharsets.UTF_8))) {
                    Replies.text(response, callback, HttpStatus.FORBIDDEN_403, Sentence.of("server.thatIsNotThisRoom"));
                    return;
                }
                directory.makeHost(me.key());
                Replies.json(response, callback, HttpStatus.OK_200, ChatJson.write(view(directory)));
            });
            return true;
        }
        if (!caller.isHost()) {
            Replies.text(response, callback, HttpStatus.FORBIDDEN_403, Sentence.of("server.onlyTheHostCanDo"));
            return true;
        }
        switch (path + " " + method) {
            case "/host GET" -> Replies.json(response, callback, HttpStatus.OK_200, ChatJson.write(view(directory)));
            case "/host/key POST" -> bodies.read(request, response, callback, Api.NewKey.class, newKey -> {
                directory.newInviteKey(newKey.signOutEveryone());
                Replies.json(response, callback, HttpStatus.OK_200, ChatJson.write(view(directory)));
            });
            case "/host/key DELETE" -> {
                directory.openToAll();
                Replies.json(response, callback, HttpStatus.OK_200, ChatJson.write(view(directory)));
            }
            case "/host/mute POST" -> bodies.read(request, response, callback, Api.Mute.class, mute -> {
                String name = dev.hubbub.chat.Draft.checkedName("name", mute.name());
                if (mute.minutes() < 0 || mute.minutes() > MAX_MUTE_MINUTES) {
                    throw new InvalidMessageException(Sentence.of("server.minutesMustBeFromUnmute", "minutes", MAX_MUTE_MINUTES));
                }
                // A claimed name's person, or else the name itself (someone posting under it unsigned).
                Optional<Directory.Identity> holder = directory.claimed(Names.key(name));
                String key = holder.map(Directory.Identity::key).orElse(Names.key(name));
                if (directory.isHost(key)) {
                    Replies.text(response, callback, HttpStatus.CONFLICT_409, Sentence.of("server.aHostCannotBeMuted"));
                    return;
                }
                String shown = holder.map(Directory.Identity::name).orElse(name);
                Instant until = mute.minutes() == 0 ? null : clock.instant().plus(Duration.ofMinutes(mute.minutes()));
                directory.mute(key, until);
                notice(me, Conversations.GENERAL, until == null
                        ? Sentence.of("notice.unmuted", "host", me.name(), "name", shown)
                        : Sentence.of("notice.muted", "host", me.name(), "name", shown, "time", duration(mute.minutes())),
                        response, callback);
            });
            case "/host/remove POST" -> bodies.read(request, response, callback, Api.Person.class, person -> {
                Directory.Identity target = claimedOrAnswer(directory, person.name(), me, response, callback);
                if (target != null) {
                    directory.remove(target.key());
                    hub.endStreamsOf(target.key());
                    notice(me, Conversations.GENERAL, Sentence.of("notice.removed", "host", me.name(),
                            "name", target.name()), response, callback);
                }
            });
            case "/host/reset-sign-in POST" -> bodies.read(request, response, callback, Api.Person.class, person -> {
                Directory.Identity target = claimedOrAnswer(directory, person.name(), me, response, callback);
                if (target != null) {
                    // Every way in of theirs ends (devices, codes, passphrase); a one-time code, for the host to hand
                    // over in person, is the way back. Nothing else of theirs changes, and everyone is told.
                    directory.resetSignIn(target.key());
                    hub.endStreamsOf(target.key());
                    Instant expires = clock.instant().plus(Duration.ofHours(RESET_CODE_HOURS));
                    String code = directory.linkCode(target, expires);
                    hub.append(new LogEvent.Notice(Conversations.GENERAL, me.name(), me.key(), ChatJson.write(
                            Sentence.of("notice.signInReset", "host", me.name(), "name", target.name())),
                            clock.instant())).whenComplete((stored, failure) -> {
                                if (failure != null) {
                                    Replies.storeFailure(response, callback, failure, "the notice");
                                } else {
                                    Replies.json(response, callback, HttpStatus.OK_200,
                                            ChatJson.write(new Api.LinkCode(code, expires)));
                                }
                            });
                }
            });
            case "/host/let-back-in POST" -> bodies.read(request, response, callback, Api.Person.class, person -> {
                Directory.Identity target = claimedOrAnswer(directory, person.name(), me, response, callback);
                if (target != null) {
                    directory.letBackIn(target.key());
                    notice(me, Conversations.GENERAL, Sentence.of("notice.letBackIn", "host", me.name(),
                            "name", target.name()), response, callback);
                }
            });
            case "/host/free-name POST" -> bodies.read(request, response, callback, Api.Person.class, person -> {
                Directory.Identity target = claimedOrAnswer(directory, person.name(), me, response, callback);
                if (target != null) {
                    directory.free(target.key());
                    hub.endStreamsOf(target.key());
                    notice(me, Conversations.GENERAL, Sentence.of("notice.freed", "host", me.name(),
                            "name", target.name()), response, callback);
                }
            });
            case "/host/room POST" -> bodies.read(request, response, callback, Api.RoomRules.class, rules -> {
                StreamEvents.RoomInfo before = roomOrAnswer(directory, rules.room(), response, callback);
                if (before == null) {
                    return;
                }
                if (rules.slowModeSeconds() < 0 || rules.slowModeSeconds() > MAX_SLOW_SECONDS) {
                    throw new InvalidMessageException(Sentence.of("server.slowmodesecondsMustBeFromOff", "seconds", MAX_SLOW_SECONDS));
                }
                StreamEvents.RoomInfo now = directory.setRules(rules.room(), rules.readOnly(),
                        rules.slowModeSeconds());
                changed(me, now);
                Sentence said = before.readOnly() != now.readOnly()
                        ? now.readOnly() ? Sentence.of("notice.readOnly", "host", me.name())
                        : Sentence.of("notice.open", "host", me.name())
                        : now.slowModeSeconds() == 0 ? Sentence.of("notice.slowOff", "host", me.name())
                        : Sentence.of("notice.slowOn", "host", me.name(), "seconds", now.slowModeSeconds());
                notice(me, now.id(), said, response, callback);
            });
            case "/host/archive-room POST" -> bodies.read(request, response, callback, Api.ArchiveRoom.class,
                    archive -> {
                        StreamEvents.RoomInfo room = roomOrAnswer(directory, archive.room(), response, callback);
                        if (room == null) {
                            return;
                        }
                        if (room.archived() == archive.archived()) {
                            Replies.text(response, callback, HttpStatus.CONFLICT_409, room.archived() ? Sentence.of("server.archivedAlready", "name", room.name()) : Sentence.of("server.notArchived", "name", room.name()));
                            return;
                        }
                        StreamEvents.RoomInfo now = directory.setArchived(room.id(), archive.archived());
                        changed(me, now);
                        notice(me, now.id(), now.archived() ? Sentence.of("notice.archived", "host", me.name())
                                : Sentence.of("notice.unarchived", "host", me.name()), response, callback);
                    });
            case "/host/delete-room POST" -> bodies.read(request, response, callback, Api.DeleteRoom.class,
                    deletion -> {
                        StreamEvents.RoomInfo room = roomOrAnswer(directory, deletion.room(), response, callback);
                        if (room == null) {
                            return;
                        }
                        if (room.id().equals(Conversations.GENERAL)) {
                            Replies.text(response, callback, HttpStatus.CONFLICT_409, Sentence.of("server.isWhereEveryoneStartsIt", "name", room.name()));
                            return;
                        }
                        if (directory.deleteRoom(room.id(), clock.instant()).isEmpty()) {
                            Replies.text(response, callback, HttpStatus.NOT_FOUND_404, Sentence.of("server.thereIsNoRoomAny", "id", room.id()));
                            return;
                        }
                        // Storing the deletion forgets the room's messages; then everyone is told, in General.
                        hub.append(new LogEvent.RoomDeleted(room.id(), me.name(), me.key(), room.name(),
                                clock.instant())).join();
                        notice(me, Conversations.GENERAL, Sentence.of("notice.roomDeleted", "host", me.name(),
                                "room", room.name()), response, callback);
                    });
            default -> Replies.text(response, callback, HttpStatus.NOT_FOUND_404, Sentence.of("server.thereIsNoTheHost", "method", method, "path", path));
        }
        return true;
    }

    /** The room with that id, or null after answering 404. */
    static StreamEvents.RoomInfo roomOrAnswer(Directory directory, String id, Response response,
                                                      Callback callback) {
        Optional<StreamEvents.RoomInfo> room = id == null ? Optional.empty() : directory.room(id);
        if (room.isEmpty()) {
            Replies.text(response, callback, HttpStatus.NOT_FOUND_404, Sentence.of("server.thereIsNoRoom", "id", id));
            return null;
        }
        return room.get();
    }

    /** Tells every stream, through the history, the room as the host changed it; waits until it is stored. */
    private void changed(Directory.Identity host, StreamEvents.RoomInfo now) {
        hub.append(new LogEvent.RoomChanged(now.id(), host.name(), host.key(), ChatJson.write(now), clock.instant()))
                .join();
    }

    /** The person with that claimed name, or null after answering 404 (nobody) or 409 (a host, or oneself). */
    private static Directory.Identity claimedOrAnswer(Directory directory, String name, Directory.Identity me,
                                                      Response response, Callback callback) {
        Optional<Directory.Identity> target = directory.claimed(Names.key(dev.hubbub.chat.Draft.checkedName("name",
                name)));
        if (target.isEmpty()) {
            Replies.text(response, callback, HttpStatus.NOT_FOUND_404, Sentence.of("server.nobodyHereIsCalled", "name", name));
            return null;
        }
        if (target.get().key().equals(me.key()) || directory.isHost(target.get().key())) {
            Replies.text(response, callback, HttpStatus.CONFLICT_409, Sentence.of("server.aHostCannotBeRemoved"));
            return null;
        }
        return target.get();
    }

    /** The signed-in host the request comes from; null after answering 401 (not signed in) or 403 (not a host). */
    static Directory.Identity hostOrAnswer(Caller caller, Response response, Callback callback) {
        Optional<Directory.Identity> who = caller.identity();
        if (who.isEmpty()) {
            Replies.text(response, callback, HttpStatus.UNAUTHORIZED_401, Sentence.of("server.signInFirst"));
            return null;
        }
        if (!caller.isHost()) {
            Replies.text(response, callback, HttpStatus.FORBIDDEN_403, Sentence.of("server.onlyTheHostCanDo"));
            return null;
        }
        return who.get();
    }

    /** Tells everyone, as a line in the history, what the host did; answers 200 with it once it is stored. */
    private void notice(Directory.Identity host, String room, Sentence said, Response response, Callback callback) {
        notice(hub, clock, host, room, said, response, callback);
    }

    /** {@link #notice(Directory.Identity, String, Sentence, Response, Callback)}, for the console's actions too. */
    static void notice(Hub hub, Clock clock, Directory.Identity host, String room, Sentence said, Response response,
                       Callback callback) {
        // Kept as the sentence itself (its JSON): each client says it in its reader's language.
        hub.append(new LogEvent.Notice(room, host.name(), host.key(), ChatJson.write(said), clock.instant()))
                .whenComplete((stored, failure) -> {
                    if (failure != null) {
                        Replies.storeFailure(response, callback, failure, "the notice");
                    } else {
                        Replies.json(response, callback, HttpStatus.OK_200,
                                ChatJson.write(hub.messageOf(stored.logged())));
                    }
                });
    }

    private Api.HostView view(Directory directory) {
        Optional<String> key = directory.inviteKey();
        return new Api.HostView(key.isPresent(), key.orElse(null), key.map(k -> joinUris.get().stream()
                .map(uri -> uri.resolve("/?key=" + k).toString()).toList()).orElse(null));
    }

    /** "10 minutes", "1 hour", "2 days": a sentence with a count, in each reader's plural forms. */
    private static Sentence duration(int minutes) {
        return minutes % (24 * 60) == 0 ? Sentence.of("notice.days", "count", minutes / (24 * 60))
                : minutes % 60 == 0 ? Sentence.of("notice.hours", "count", minutes / 60)
                : Sentence.of("notice.minutes", "count", minutes);
    }
}
