package dev.hubbub.server.http;

import dev.hubbub.chat.Api;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.Names;
import dev.hubbub.chat.PersonStatus;
import dev.hubbub.chat.Sentence;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.files.FileStore;
import dev.hubbub.server.hub.Hub;
import dev.hubbub.server.store.Conversations;
import dev.hubbub.server.store.Directory;
import dev.hubbub.server.store.FileIndex;
import dev.hubbub.server.store.LogEvent;
import dev.hubbub.server.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The host's console, beside {@link HostHandler}'s actions: what the server holds, for hosts only (401, 403).
 * <ul>
 *   <li>{@code GET /host/people}: everyone who holds a name, online or not ({@link Api.ConsolePerson}): their status,
 *       how many devices, when last seen, whether host, removed, muted, with a passphrase. Never their messages, their
 *       tokens, their passphrase or their devices' ids.</li>
 *   <li>{@code GET /host/files}: storage used and allowed (every file counts), and the {@value #LARGEST} largest files
 *       sent in rooms with the rooms they were sent in; {@code DELETE /host/files/{id}} removes one (its messages
 *       stay, with its name only; a notice says so). A file only direct messages carry, or none yet, is never listed,
 *       and removing it is 404 as for no file at all: a host never sees direct messages.</li>
 *   <li>{@code GET /host/server}: version, uptime, streams open, who is online, messages in the last minute, the store
 *       (kind, whether it answers, its size), rooms, people, files.</li>
 *   <li>{@code POST /host/rename-room {"room","name"}}: a room's new name (the id, and so links, stay); a notice.</li>
 *   <li>{@code GET /host/retention}, {@code POST /host/retention {"room","days","messages"}}: the rooms' own retention
 *       ({@link Directory.Retention}), applied within a minute; a notice in the room.</li>
 * </ul>
 * Read off Jetty's threads (the store may block).
 */
final class ConsoleHandler {
    static final int LARGEST = 20;

    private final Hub hub;
    private final Authenticator auth;
    private final JsonBodies bodies;
    private final FileStore files;
    private final Supplier<Store.Health> health;
    private final Executor executor;
    private final Clock clock;

    ConsoleHandler(Hub hub, Authenticator auth, JsonBodies bodies, FileStore files, Supplier<Store.Health> health,
                   Executor executor, Clock clock) {
        this.hub = hub;
        this.auth = auth;
        this.bodies = bodies;
        this.files = files;
        this.health = health;
        this.executor = executor;
        this.clock = clock;
    }

    boolean handle(Caller caller, Map<String, String> path, Request request, Response response, Callback callback) {
        Directory.Identity me = HostHandler.hostOrAnswer(caller, response, callback);
        if (me == null) {
            return true;
        }
        String what = Request.getPathInContext(request);
        if (what.equals("/host/retention") && request.getMethod().equals("POST")) {
            bodies.read(request, response, callback, Api.RoomRetention.class, kept -> retention(me, kept, response,
                    callback));
            return true;
        }
        if (what.equals("/host/rename-room")) {
            bodies.read(request, response, callback, Api.RenameRoom.class, rename -> rename(me, rename, response,
                    callback));
            return true;
        }
        executor.execute(() -> {
            try {
                switch (what.startsWith("/host/files/") ? "/host/files/{id}" : what) {
                    case "/host/people" -> Replies.json(response, callback, HttpStatus.OK_200, ChatJson.write(people()));
                    case "/host/files" -> Replies.json(response, callback, HttpStatus.OK_200, ChatJson.write(files()));
                    case "/host/server" -> Replies.json(response, callback, HttpStatus.OK_200,
                            ChatJson.write(server()));
                    case "/host/retention" -> Replies.json(response, callback, HttpStatus.OK_200,
                            ChatJson.write(auth.directory().retention().entrySet().stream()
                                    .map(e -> new Api.RoomRetention(e.getKey(), e.getValue().days(),
                                            e.getValue().messages())).toList()));
                    default -> removeFile(me, path.get("id"), response, callback);
                }
            } catch (RuntimeException e) {
                Replies.unexpected(response, callback, e);
            }
        });
        return true;
    }

    private List<Api.ConsolePerson> people() {
        Directory directory = auth.directory();
        Set<String> online = new HashSet<>();
        hub.online().forEach(name -> online.add(Names.key(name)));
        Map<String, PersonStatus> statuses = directory.statuses();
        Instant now = clock.instant();
        List<Api.ConsolePerson> people = new ArrayList<>();
        for (Directory.Person person : directory.people(now)) {
            Directory.Identity who = person.identity();
            Instant seen = person.devices().stream().map(Directory.Device::lastSeen)
                    .filter(java.util.Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
            PersonStatus status = statuses.get(who.name());
            people.add(new Api.ConsolePerson(who.name(), online.contains(Names.key(who.name())),
                    status == null ? null : status.at(now), person.devices().size(), seen, person.host(),
                    person.removed(), person.mutedUntil(), person.hasPassphrase()));
        }
        people.sort(Comparator.comparing(p -> Names.fold(p.name())));
        return people;
    }

    private Api.ConsoleFiles files() {
        List<Api.ConsoleFile> largest = new ArrayList<>();
        for (FileIndex.InRooms inRooms : files.index().largestInRooms(LARGEST)) {
            FileIndex.StoredFile file = inRooms.file();
            largest.add(new Api.ConsoleFile(file.id(), file.name(), file.type(), file.blob().size(), file.uploadedAt(),
                    inRooms.rooms()));
        }
        return new Api.ConsoleFiles(files.used(), files.limits().maxTotalBytes(), largest);
    }

    private Api.ConsoleServer server() {
        Store.Health store = health.get();
        Directory directory = auth.directory();
        Instant started = hub.startedAt();
        return new Api.ConsoleServer(dev.hubbub.server.HubbubServer.version(), started,
                Duration.between(started, clock.instant()).toSeconds(), hub.streamCount(), hub.online().size(),
                hub.postsLastMinute(), store.kind(), store.answering(), store.bytes(), store.problem(),
                directory.rooms().size(), directory.claimedNames().size(), files.used());
    }

    private void removeFile(Directory.Identity me, String id, Response response, Callback callback) {
        FileIndex.StoredFile file = id == null ? null : files.find(id).orElse(null);
        if (file == null || !files.index().removeFromRooms(id)) {
            Replies.text(response, callback, HttpStatus.NOT_FOUND_404, Sentence.of("server.thereIsNoSuchFile"));
            return;
        }
        HostHandler.notice(hub, clock, me, Conversations.GENERAL, Sentence.of("notice.fileRemoved", "host", me.name(),
                "file", file.name()), response, callback);
    }

    private void retention(Directory.Identity me, Api.RoomRetention kept, Response response, Callback callback) {
        Directory directory = auth.directory();
        StreamEvents.RoomInfo room = HostHandler.roomOrAnswer(directory, kept.room(), response, callback);
        if (room == null) {
            return;
        }
        Directory.Retention retention;
        try {
            retention = new Directory.Retention(kept.days(), kept.messages());
        } catch (IllegalArgumentException e) {
            Replies.text(response, callback, HttpStatus.BAD_REQUEST_400, Sentence.of("server.retentionRange",
                    "days", Directory.Retention.MAX_DAYS, "messages", Directory.Retention.MAX_MESSAGES));
            return;
        }
        directory.setRetention(room.id(), retention);
        Sentence said = retention.equals(Directory.Retention.SERVER)
                ? Sentence.of("notice.retentionServer", "host", me.name())
                : retention.messages() == 0 ? Sentence.of("notice.retentionDays", "host", me.name(),
                        "count", retention.days())
                : retention.days() == 0 ? Sentence.of("notice.retentionMessages", "host", me.name(),
                        "count", retention.messages())
                : Sentence.of("notice.retentionBoth", "host", me.name(), "days", retention.days(),
                        "count", retention.messages());
        HostHandler.notice(hub, clock, me, room.id(), said, response, callback);
    }

    private void rename(Directory.Identity me, Api.RenameRoom rename, Response response, Callback callback) {
        Directory directory = auth.directory();
        StreamEvents.RoomInfo before = HostHandler.roomOrAnswer(directory, rename.room(), response, callback);
        if (before == null) {
            return;
        }
        String name = dev.hubbub.server.unicode.Lookalikes.checked("room name", rename.name());
        StreamEvents.RoomInfo now;
        try {
            now = directory.renameRoom(before.id(), name);
        } catch (Directory.RoomExistsException e) {
            Replies.text(response, callback, HttpStatus.CONFLICT_409, Sentence.of("server.aRoomCalledExistsAlready",
                    "name", e.existing().name(), "id", e.existing().id()));
            return;
        }
        hub.append(new LogEvent.RoomChanged(now.id(), me.name(), me.key(), ChatJson.write(now), clock.instant()))
                .join();
        HostHandler.notice(hub, clock, me, now.id(), Sentence.of("notice.roomRenamed", "host", me.name(),
                "before", before.name(), "room", now.name()), response, callback);
    }
}
