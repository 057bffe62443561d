package dev.hubbub.server.http;

import dev.hubbub.chat.Sentence;
import dev.hubbub.chat.Api;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.hub.Hub;
import dev.hubbub.server.store.Directory;
import dev.hubbub.server.store.LogEvent;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /rooms[?q=words]} lists the rooms (those whose name or topic has every word, accents aside) with their
 * topics, how many are in each and, signed in, whether the caller is; {@code GET /rooms/{id}} one of them;
 * {@code POST /rooms {"name":"Design"}} (signed in) creates one: 201 with its id, once it is stored (so every stream
 * hears of it as a {@code room} event), or 409 with the existing room's id. Its maker is in it.
 *
 * <p>Members: {@code PUT /rooms/{id}/membership} joins a room (its body's {@code starred} and {@code hidden}, when
 * given, set the caller's marks), {@code DELETE} leaves it (not General); {@code GET /profile/rooms} lists the
 * caller's rooms. Each change is a {@code membership} event to the caller's own streams, on every server. Topics:
 * {@code PUT /rooms/{id}/topic {"topic":"…"}} by anyone who may post there: a line in the room and a {@code topic}
 * event to every stream. Changes of both: {@value #CHANGES_PER_MINUTE} a minute per person, {@value #CHANGE_BURST}
 * at once.
 *
 * <p>Every stream's {@code hello} lists every room, so rooms are a bounded resource: at most {@code maxRooms} in all
 * (403 past it, with a sentence for the host), {@value #ROOMS_PER_HOUR} an hour per person and per address with
 * {@value #ROOM_BURST} at once, and none from someone the host muted.
 */
final class RoomsHandler {
    static final int ROOMS_PER_HOUR = 10;
    static final int ROOM_BURST = 5;
    static final int CHANGES_PER_MINUTE = 60;
    static final int CHANGE_BURST = 20;

    private final Hub hub;
    private final Authenticator auth;
    private final Moderation rules;
    private final JsonBodies bodies;
    private final int maxRooms;
    private final Clock clock;
    private final RateLimiter perPerson = new RateLimiter(ROOMS_PER_HOUR / 3600.0, ROOM_BURST, System::nanoTime);
    private final RateLimiter perAddress = new RateLimiter(ROOMS_PER_HOUR / 3600.0, ROOM_BURST, System::nanoTime);
    private final RateLimiter changes = new RateLimiter(CHANGES_PER_MINUTE / 60.0, CHANGE_BURST, System::nanoTime);
    private final java.util.concurrent.Executor executor;

    RoomsHandler(Hub hub, Authenticator auth, Moderation rules, JsonBodies bodies, int maxRooms, Clock clock,
                 java.util.concurrent.Executor executor) {
        this.hub = hub;
        this.auth = auth;
        this.rules = rules;
        this.bodies = bodies;
        this.maxRooms = maxRooms;
        this.clock = clock;
        this.executor = executor;
    }

    /**
     * The rooms as the browser lists them: every word of {@code query} in a room's name or topic. From the directory,
     * which has a new room the moment its {@code POST} is answered (the hub's list follows when its event is applied).
     */
    private List<Api.RoomEntry> entries(Caller caller, String query) {
        Directory directory = auth.directory();
        Map<String, Integer> members = directory.memberCounts();
        Map<String, String> topics = directory.topics();
        Map<String, Directory.Membership> mine = new java.util.HashMap<>();
        boolean signedIn = caller.identity().isPresent();
        if (signedIn) {
            directory.memberships(caller.identity().get().key()).forEach(m -> mine.put(m.room(), m));
        }
        List<String> words = dev.hubbub.chat.Names.searchWords(query);
        List<Api.RoomEntry> found = new java.util.ArrayList<>();
        for (StreamEvents.RoomInfo room : directory.rooms()) {
            String topic = topics.get(room.id());
            String searched = dev.hubbub.chat.Names.fold(room.name() + " " + (topic == null ? "" : topic));
            if (words.stream().allMatch(searched::contains)) {
                Directory.Membership in = mine.get(room.id());
                found.add(new Api.RoomEntry(room.id(), room.name(), room.readOnly(), room.slowModeSeconds(),
                        room.archived(), topic, members.getOrDefault(room.id(), 0), signedIn ? in != null : null,
                        signedIn ? in != null && in.starred() : null, signedIn ? in != null && in.hidden() : null));
            }
        }
        return found;
    }

    /** Runs {@code work} off Jetty's thread (the directory may block), answering 500 when it fails unexpectedly. */
    private void off(Response response, Callback callback, Runnable work) {
        executor.execute(() -> {
            try {
                work.run();
            } catch (dev.hubbub.server.Refused e) {
                Replies.text(response, callback, e.status(), Replies.reason(response, e));
            } catch (RuntimeException e) {
                Replies.unexpected(response, callback, e);
            }
        });
    }

    /** {@code GET /rooms/{id}}. */
    boolean room(Caller caller, String id, Request request, Response response, Callback callback) {
        off(response, callback, () -> entries(caller, null).stream().filter(r -> r.id().equals(id)).findFirst()
                .ifPresentOrElse(room -> Replies.json(response, callback, HttpStatus.OK_200, ChatJson.write(room)),
                        () -> Replies.text(response, callback, HttpStatus.NOT_FOUND_404,
                                Sentence.of("server.thereIsNoRoom", "id", id))));
        return true;
    }

    /** {@code GET /profile/rooms}. */
    boolean mine(Caller caller, Request request, Response response, Callback callback) {
        Optional<Directory.Identity> who = caller.identity();
        if (who.isEmpty()) {
            Replies.text(response, callback, HttpStatus.UNAUTHORIZED_401, Sentence.of("server.signInToSeeYour"));
            return true;
        }
        off(response, callback, () -> Replies.json(response, callback, HttpStatus.OK_200, ChatJson.write(
                new Api.Memberships(auth.directory().memberships(who.get().key()).stream()
                        .map(m -> new Api.Membership(m.room(), true, m.starred(), m.hidden())).toList()))));
        return true;
    }

    /** The marks a membership's body asks for; what it leaves out stays as it was. */
    private record Marks(Boolean starred, Boolean hidden) {
    }

    /** {@code PUT} and {@code DELETE /rooms/{id}/membership}. */
    boolean membership(Caller caller, String id, Request request, Response response, Callback callback) {
        String method = request.getMethod();
        if (!method.equals("PUT") && !method.equals("DELETE")) {
            return SessionHandler.notAllowed(request, response, callback,
                    "a room's membership takes PUT (join it, or mark it) and DELETE (leave it)", "PUT, DELETE");
        }
        Optional<Directory.Identity> who = caller.identity();
        if (who.isEmpty()) {
            Replies.text(response, callback, HttpStatus.UNAUTHORIZED_401, Sentence.of("server.signInToJoinOr"));
            return true;
        }
        if (auth.directory().room(id).isEmpty()) {
            Replies.text(response, callback, HttpStatus.NOT_FOUND_404, Sentence.of("server.thereIsNoRoom", "id", id));
            return true;
        }
        if (method.equals("DELETE") && id.equals(dev.hubbub.server.store.Conversations.GENERAL)) {
            Replies.text(response, callback, HttpStatus.FORBIDDEN_403, Sentence.of("server.everyoneStaysInGeneralYou"));
            return true;
        }
        if (tooMany(who.get(), response, callback)) {
            return true;
        }
        String key = who.get().key();
        if (method.equals("DELETE")) {
            off(response, callback, () -> {
                auth.directory().leave(key, id);
                Api.Membership now = new Api.Membership(id, false, false, false);
                hub.tell(key, StreamEvents.MEMBERSHIP, now);
                Replies.json(response, callback, HttpStatus.OK_200, ChatJson.write(now));
            });
            return true;
        }
        bodies.readOptional(request, response, callback, Marks.class, marks -> {
            Directory.Membership before = auth.directory().memberships(key).stream()
                    .filter(m -> m.room().equals(id)).findFirst().orElse(null);
            boolean starred = marks != null && marks.starred() != null ? marks.starred()
                    : before != null && before.starred();
            boolean hidden = marks != null && marks.hidden() != null ? marks.hidden()
                    : before != null && before.hidden();
            auth.directory().join(key, id, starred, hidden);
            Api.Membership now = new Api.Membership(id, true, starred, hidden);
            hub.tell(key, StreamEvents.MEMBERSHIP, now);
            Replies.json(response, callback, HttpStatus.OK_200, ChatJson.write(now));
        });
        return true;
    }

    private boolean tooMany(Directory.Identity who, Response response, Callback callback) {
        long wait = changes.acquire(who.key());
        if (wait > 0) {
            Replies.tooMany(response, callback, wait, Sentence.of("server.tooManyChangesOfRooms", "minute", CHANGES_PER_MINUTE, "burst", CHANGE_BURST));
        }
        return wait > 0;
    }

    /** {@code PUT /rooms/{id}/topic}. */
    boolean topic(Caller caller, String id, Request request, Response response, Callback callback) {
        Optional<Directory.Identity> who = caller.identity();
        if (who.isEmpty()) {
            Replies.text(response, callback, HttpStatus.UNAUTHORIZED_401, Sentence.of("server.signInToSetA"));
            return true;
        }
        Optional<StreamEvents.RoomInfo> room = auth.directory().room(id);
        if (room.isEmpty()) {
            Replies.text(response, callback, HttpStatus.NOT_FOUND_404, Sentence.of("server.thereIsNoRoom", "id", id));
            return true;
        }
        bodies.read(request, response, callback, Api.Topic.class, asked -> {
            rules.check(Moderation.Actor.of(caller), id, Moderation.Act.TOPIC);
            if (tooMany(who.get(), response, callback)) {
                return;
            }
            Api.Topic now = new Api.Topic(id, asked.topic());
            auth.directory().setTopic(id, now.topic());
            Sentence said = now.topic().isEmpty() ? Sentence.of("notice.topicCleared", "host", who.get().name())
                    : Sentence.of("notice.topicSet", "host", who.get().name(), "topic", now.topic());
            hub.append(new LogEvent.Notice(id, who.get().name(), who.get().key(), ChatJson.write(said),
                    clock.instant()))
                    .whenComplete((stored, failure) -> {
                        if (failure == null) {
                            hub.tellEveryone(StreamEvents.TOPIC, now);
                            Replies.json(response, callback, HttpStatus.OK_200, ChatJson.write(now));
                        } else {
                            Replies.unexpected(response, callback, failure);
                        }
                    });
        });
        return true;
    }

    boolean handle(Caller caller, Request request, Response response, Callback callback) {
        switch (request.getMethod()) {
            case "GET" -> {
                String query = Request.extractQueryParameters(request).getValue("q");
                if (query != null && query.length() > 200) {
                    Replies.text(response, callback, HttpStatus.BAD_REQUEST_400, Sentence.of("server.aSearchOfRoomsIs"));
                    return true;
                }
                off(response, callback, () -> Replies.json(response, callback, HttpStatus.OK_200,
                        ChatJson.write(new Api.RoomDirectory(entries(caller, query)))));
            }
            case "POST" -> {
                Optional<Directory.Identity> who = caller.identity();
                if (who.isEmpty()) {
                    Replies.text(response, callback, HttpStatus.UNAUTHORIZED_401, Sentence.of("server.signInToCreateA"));
                    return true;
                }
                String address = caller.addressKey();
                rules.check(Moderation.Actor.of(caller), null, Moderation.Act.CREATE_ROOM);
                long wait = Math.max(perPerson.acquire(who.get().key()), perAddress.acquire(address));
                if (wait > 0) {
                    Replies.tooMany(response, callback, wait, Sentence.of("server.tooManyNewRoomsAt", "hour", ROOMS_PER_HOUR, "burst", ROOM_BURST));
                    return true;
                }
                bodies.read(request, response, callback, Api.NewRoom.class,
                        room -> create(room, who.get(), response, callback));
            }
            default -> {
                return SessionHandler.notAllowed(request, response, callback, "/rooms takes GET and POST",
                        "GET, POST");
            }
        }
        return true;
    }

    private void create(Api.NewRoom request, Directory.Identity who, Response response, Callback callback) {
        String name = dev.hubbub.server.unicode.Lookalikes.checked("room name", request.name());
        StreamEvents.RoomInfo room;
        try {
            room = auth.directory().createRoom(name, who.key(), clock.instant(), maxRooms);
        } catch (Directory.RoomsFullException e) {
            Replies.text(response, callback, HttpStatus.FORBIDDEN_403, e.getMessage());
            return;
        } catch (Directory.RoomExistsException e) {
            Replies.text(response, callback, HttpStatus.CONFLICT_409,
                    Sentence.of("server.aRoomCalledExistsAlready", "name", e.existing().name(), "id", e.existing().id()));
            return;
        }
        hub.append(new LogEvent.RoomMade(room.id(), who.name(), who.key(), room.name(), clock.instant()))
                .whenComplete((stored, failure) -> {
                    if (failure == null) {
                        // Its maker is in it: their own streams (every device) list it.
                        hub.tell(who.key(), StreamEvents.MEMBERSHIP, new Api.Membership(room.id(), true, false, false));
                        Replies.json(response, callback, HttpStatus.CREATED_201, ChatJson.write(room));
                    } else {
                        Replies.unexpected(response, callback, failure);
                    }
                });
    }
}
