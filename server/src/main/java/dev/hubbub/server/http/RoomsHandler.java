package dev.hubbub.server.http;

import dev.hubbub.chat.Api;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.hub.Hub;
import dev.hubbub.server.store.Directory;
import dev.hubbub.server.store.LogEvent;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /rooms} lists the rooms; {@code POST /rooms {"name":"Design"}} (signed in) creates one: 201 with its id,
 * once it is stored (so every stream hears of it as a {@code room} event), or 409 with the existing room's id.
 *
 * <p>Every stream's {@code hello} lists every room, so rooms are a bounded resource: at most {@code maxRooms} in all
 * (403 past it, with a sentence for the host), {@value #ROOMS_PER_HOUR} an hour per person and per address with
 * {@value #ROOM_BURST} at once, and none from someone the host muted.
 */
final class RoomsHandler {
    static final int ROOMS_PER_HOUR = 10;
    static final int ROOM_BURST = 5;

    private final Hub hub;
    private final Authenticator auth;
    private final Moderation rules;
    private final JsonBodies bodies;
    private final int maxRooms;
    private final Clock clock;
    private final RateLimiter perPerson = new RateLimiter(ROOMS_PER_HOUR / 3600.0, ROOM_BURST, System::nanoTime);
    private final RateLimiter perAddress = new RateLimiter(ROOMS_PER_HOUR / 3600.0, ROOM_BURST, System::nanoTime);

    RoomsHandler(Hub hub, Authenticator auth, Moderation rules, JsonBodies bodies, int maxRooms, Clock clock) {
        this.hub = hub;
        this.auth = auth;
        this.rules = rules;
        this.bodies = bodies;
        this.maxRooms = maxRooms;
        this.clock = clock;
    }

    boolean handle(Caller caller, Request request, Response response, Callback callback) {
        switch (request.getMethod()) {
            case "GET" -> Replies.json(response, callback, HttpStatus.OK_200,
                    ChatJson.write(new Api.Rooms(hub.rooms())));
            case "POST" -> {
                Optional<Directory.Identity> who = caller.identity();
                if (who.isEmpty()) {
                    Replies.text(response, callback, HttpStatus.UNAUTHORIZED_401, "sign in to create a room");
                    return true;
                }
                String address = caller.addressKey();
                rules.check(Moderation.Actor.of(caller), null, Moderation.Act.CREATE_ROOM);
                long wait = Math.max(perPerson.acquire(who.get().key()), perAddress.acquire(address));
                if (wait > 0) {
                    Replies.tooMany(response, callback, wait, "too many new rooms (at most " + ROOMS_PER_HOUR
                            + " an hour, " + ROOM_BURST + " at once, for each person and each address)");
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
                    "a room called " + e.existing().name() + " exists already (its id is " + e.existing().id() + ")");
            return;
        }
        hub.append(new LogEvent.RoomMade(room.id(), who.name(), who.key(), room.name(), clock.instant()))
                .whenComplete((stored, failure) -> {
                    if (failure == null) {
                        Replies.json(response, callback, HttpStatus.CREATED_201, ChatJson.write(room));
                    } else {
                        Replies.unexpected(response, callback, failure);
                    }
                });
    }
}
