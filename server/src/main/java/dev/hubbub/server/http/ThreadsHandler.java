package dev.hubbub.server.http;

import dev.hubbub.chat.Sentence;
import dev.hubbub.chat.Api;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.InvalidMessageException;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.Refused;
import dev.hubbub.server.hub.Hub;
import dev.hubbub.server.store.Conversations;
import dev.hubbub.server.store.Directory;
import dev.hubbub.server.store.Logged;
import dev.hubbub.server.store.Position;
import dev.hubbub.server.store.ReadState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Threads a person follows, and where people read. Signed in only (401 otherwise):
 *
 * <ul>
 *   <li>{@code GET /threads}: the threads the caller follows ({@link Api.Threads}), newest activity first, each with
 *       how many replies from others came after where the caller read it (up to {@link Api#MAX_UNREAD_COUNTED});
 *       at most {@value #LISTED} threads.</li>
 *   <li>{@code PUT /threads/{id}/follow} and {@code DELETE /threads/{id}/follow}: follow the thread of the message
 *       {@code id}, or stop (then taking part in it does not follow it again); 200 with {@link StreamEvents.Following},
 *       which the caller's other streams hear too; 409 past {@value ReadState#MAX_FOLLOWED} threads.</li>
 *   <li>{@code POST /read} {@link Api.Read}: the caller read a conversation or a thread up to a message; 204. Those
 *       reading the same conversation hear it ({@link Hub#read}) when the caller shares where they read. Kept only
 *       for a room the caller is in (403 otherwise), a person who holds a name, or a thread they may read (404
 *       otherwise); the store keeps at most {@value ReadState#MAX_PLACES} places a person.</li>
 *   <li>{@code GET /read?room=ID} or {@code ?with=NAME}: where those who share it read a conversation; {@code PUT
 *       /read/sharing} {@code {"share":false}}: the caller stops sharing it (and sees nobody's).</li>
 * </ul>
 *
 * A thread is there only for who may read its conversation: for anyone else it is not (404, whatever its id). Taking
 * part follows a thread by itself ({@link #tookPart}). Store work runs on the executor.
 */
final class ThreadsHandler {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ThreadsHandler.class);
    /** How many followed threads {@code GET /threads} lists at most, newest activity first. */
    static final int LISTED = 100;
    static final double READS_PER_SECOND = 10;
    static final int READ_BURST = 30;

    private final Hub hub;
    private final Authenticator auth;
    private final ReadState reading;
    private final JsonBodies bodies;
    private final Executor executor;
    private final RateLimiter readRate = new RateLimiter(READS_PER_SECOND, READ_BURST, System::nanoTime);

    ThreadsHandler(Hub hub, Authenticator auth, ReadState reading, JsonBodies bodies, Executor executor) {
        this.hub = hub;
        this.auth = auth;
        this.reading = reading;
        this.bodies = bodies;
        this.executor = executor;
    }

    private static Optional<Directory.Identity> signedIn(Caller caller, Response response, Callback callback,
                                                         String what) {
        Optional<Directory.Identity> who = caller.identity();
        if (who.isEmpty()) {
            Replies.text(response, callback, HttpStatus.UNAUTHORIZED_401, Sentence.of("server.signInTo", "what", Sentence.word(what)));
        }
        return who;
    }

    /**
     * The root of the thread {@code id} names, when {@code who} may read it; else a failed future with 404 (or 400
     * for a reply, which has no thread of its own). {@code verb}: what the caller meant to do with the thread, for
     * the sentence ("open", "follow").
     */
    static CompletableFuture<Logged> root(Hub hub, Authenticator auth, String id, Optional<Directory.Identity> who,
                                          String verb) {
        boolean open = "open".equals(verb);
        Sentence missing = open ? Sentence.of("server.noThreadToOpen", "id", id)
                : Sentence.of("server.noThreadToFollow", "id", id);
        Optional<Position> position = hub.events().parse(id);
        if (position.isEmpty()) {
            return CompletableFuture.failedFuture(new Refused(HttpStatus.NOT_FOUND_404, missing));
        }
        return hub.events().message(position.get()).thenApply(found -> {
            Logged root = found.filter(m -> auth.mayRead(m.event().conversation(), who))
                    .orElseThrow(() -> new Refused(HttpStatus.NOT_FOUND_404, missing));
            if (root.event().thread() != null) {
                throw new Refused(HttpStatus.BAD_REQUEST_400, open ? Sentence.of("server.replyHasNoThreadOpen")
                        : Sentence.of("server.replyHasNoThreadFollow"));
            }
            return root;
        });
    }

    private CompletableFuture<Logged> root(String id, Directory.Identity who) {
        return root(hub, auth, id, Optional.of(who), "follow");
    }

    private boolean visible(String conversation, Directory.Identity who) {
        return auth.mayRead(conversation, Optional.of(who));
    }

    boolean list(Caller caller, Request request, Response response, Callback callback) {
        Optional<Directory.Identity> who = signedIn(caller, response, callback, "see the threads you follow");
        if (who.isEmpty()) {
            return true;
        }
        executor.execute(() -> answer(response, callback, threadsOf(who.get())));
        return true;
    }

    /** The followed threads still there for the person, newest activity first, with their unread counts. */
    private CompletableFuture<Api.Threads> threadsOf(Directory.Identity who) {
        List<CompletableFuture<Optional<Logged>>> roots = new ArrayList<>();
        for (ReadState.Followed followed : reading.followed(who.key())) {
            roots.add(visible(followed.conversation(), who) ? hub.events().message(followed.root())
                    : CompletableFuture.completedFuture(Optional.empty()));
        }
        return CompletableFuture.allOf(roots.toArray(CompletableFuture[]::new)).thenComposeAsync(all -> {
            List<Logged> shown = roots.stream().map(CompletableFuture::join).flatMap(Optional::stream)
                    .sorted(Comparator.comparing(ThreadsHandler::lastActivity).reversed()).limit(LISTED).toList();
            List<CompletableFuture<Api.FollowedThread>> threads = new ArrayList<>();
            for (Logged root : shown) {
                Optional<Position> read = reading.readUpTo(who.key(), ReadState.threadPlace(root.position()));
                threads.add(hub.events().thread(root.position(), null, read.orElse(Position.START),
                        Api.MAX_UNREAD_COUNTED).thenApply(page -> new Api.FollowedThread(hub.messageOf(root),
                        (int) page.events().stream().filter(reply -> !who.key().equals(reply.event().authorKey()))
                                .count())));
            }
            return CompletableFuture.allOf(threads.toArray(CompletableFuture[]::new))
                    .thenApply(done -> new Api.Threads(threads.stream().map(CompletableFuture::join).toList()));
        }, executor);
    }

    private static Instant lastActivity(Logged root) {
        Logged.Replies replies = root.state() == null ? null : root.state().replies();
        return replies == null ? root.event().at() : replies.lastAt();
    }

    boolean follow(Caller caller, String id, Request request, Response response, Callback callback) {
        boolean following = request.getMethod().equals("PUT");
        if (!following && !request.getMethod().equals("DELETE")) {
            Replies.text(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405,
                    Sentence.of("server.threadsFollowTakesPutFollow"));
            return true;
        }
        Optional<Directory.Identity> who = signedIn(caller, response, callback, "follow threads");
        if (who.isEmpty()) {
            return true;
        }
        String key = who.get().key();
        executor.execute(() -> answer(response, callback, root(id, who.get()).thenApplyAsync(root -> {
            String conversation = root.event().conversation();
            String rootId = hub.events().format(root.position());
            if (following) {
                if (reading.follow(key, root.position(), conversation, true) == ReadState.Follow.TOO_MANY) {
                    throw new Refused(HttpStatus.CONFLICT_409, Sentence.of("server.youFollowThreadsAlreadyStop", "followed", ReadState.MAX_FOLLOWED));
                }
            } else {
                reading.unfollow(key, root.position(), conversation);
            }
            StreamEvents.Following now = new StreamEvents.Following(rootId, conversation, following, null);
            hub.tell(key, StreamEvents.THREAD, now);
            return now;
        }, executor)));
        return true;
    }

    boolean read(Caller caller, Request request, Response response, Callback callback) {
        Optional<Directory.Identity> who = signedIn(caller, response, callback, "keep where you read");
        if (who.isEmpty()) {
            return true;
        }
        long waitMillis = readRate.acquire(who.get().key());
        if (waitMillis > 0) {
            Replies.tooMany(response, callback, waitMillis, Sentence.of("server.tooManyReadPositionsFrom", "name", who.get().name(), "second", (int) READS_PER_SECOND));
            return true;
        }
        bodies.read(request, response, callback, Api.Read.class, read -> {
            int named = (read.room() != null ? 1 : 0) + (read.with() != null ? 1 : 0) + (read.thread() != null ? 1 : 0);
            if (named != 1) {
                throw new InvalidMessageException(Sentence.of("server.nameOnePlaceYouRead"));
            }
            Position upTo = hub.events().parse(read.upTo()).orElseThrow(() -> new InvalidMessageException(
                    Sentence.of("server.uptoMustBeTheId")));
            Directory.Identity me = who.get();
            String place;
            if (read.thread() != null) {
                try {
                    place = ReadState.threadPlace(root(read.thread(), me).join().position());
                } catch (CompletionException e) {
                    throw e.getCause() instanceof RuntimeException cause ? cause : e;
                }
            } else {
                place = read.with() != null ? withSomeone(me, read.with()) : joinedRoom(me, read.room());
            }
            reading.markRead(me.key(), me.name(), place, upTo);
            if (read.thread() == null) {
                hub.read(place, me.key(), me.name(), read.upTo(), reading.shares(me.key()));
            }
            response.setStatus(HttpStatus.NO_CONTENT_204);
            callback.succeeded();
        });
        return true;
    }

    /**
     * The direct conversation with the person who holds {@code name}: a position is kept only in a conversation
     * there can be (a made-up half of a {@code dm:} id would make a new place on every request).
     */
    private String withSomeone(Directory.Identity me, String name) {
        if (auth.directory().claimed(dev.hubbub.chat.Names.key(name)).isEmpty()) {
            throw new Refused(HttpStatus.NOT_FOUND_404, Sentence.of("server.thereIsNoConversationHere3",
                    "value", name));
        }
        return auth.conversationWith(me, name);
    }

    /** The room {@code id}, which the person is in: a position is kept only where they belong. */
    private String joinedRoom(Directory.Identity me, String id) {
        StreamEvents.RoomInfo room = Conversations.isDirect(id) ? null : auth.directory().room(id).orElse(null);
        if (room == null) {
            throw new Refused(HttpStatus.NOT_FOUND_404, Sentence.of("server.thereIsNoConversationHere3", "value", id));
        }
        if (auth.directory().memberships(me.key()).stream().noneMatch(m -> m.room().equals(id))) {
            throw new Refused(HttpStatus.FORBIDDEN_403, Sentence.of("server.joinToKeepWhereYouRead",
                    "room", room.name()));
        }
        return id;
    }

    /** How many readers {@code GET /read} names at most: those who read furthest. */
    static final int READERS_LISTED = 200;

    /**
     * {@code GET /read?room=ID} (or {@code with=NAME}): where the people who share it have read the conversation
     * ({@link Api.ReadPositions}); for a caller who does not share, nobody's.
     */
    boolean positions(Caller caller, Request request, Response response, Callback callback) {
        Optional<Directory.Identity> who = signedIn(caller, response, callback, "see where others read");
        if (who.isEmpty()) {
            return true;
        }
        org.eclipse.jetty.util.Fields query = Request.extractQueryParameters(request);
        String room = query.getValue("room");
        String with = query.getValue("with");
        if ((room == null) == (with == null)) {
            Replies.text(response, callback, HttpStatus.BAD_REQUEST_400, Sentence.of("server.askForARoomOr2"));
            return true;
        }
        Directory.Identity me = who.get();
        String place = with != null ? auth.conversationWith(me, with) : room;
        if (!visible(place, me)) {
            Replies.text(response, callback, HttpStatus.NOT_FOUND_404, Sentence.of("server.thereIsNoConversationHere3", "value", (with != null ? with : room)));
            return true;
        }
        executor.execute(() -> answer(response, callback, CompletableFuture.supplyAsync(() -> {
            if (!reading.shares(me.key())) {
                return new Api.ReadPositions(place, false, java.util.Map.of());
            }
            java.util.Map<String, String> readers = new java.util.HashMap<>();
            reading.readers(place, READERS_LISTED).forEach((person, reader) -> {
                if (reading.shares(person)) {
                    readers.put(reader.name(), hub.events().format(reader.upTo()));
                }
            });
            return new Api.ReadPositions(place, true, readers);
        }, executor)));
        return true;
    }

    /** {@code PUT /read/sharing} {@code {"share":false}}: the caller stops sharing where they read, or starts. */
    boolean sharing(Caller caller, Request request, Response response, Callback callback) {
        Optional<Directory.Identity> who = signedIn(caller, response, callback, "choose whether you share where you read");
        if (who.isEmpty()) {
            return true;
        }
        bodies.read(request, response, callback, Api.ReadSharing.class, choice -> {
            reading.share(who.get().key(), choice.share());
            response.setStatus(HttpStatus.NO_CONTENT_204);
            callback.succeeded();
        });
        return true;
    }

    /**
     * Someone took part in a thread with {@code reply} (stored, not a retry, with its root as it stood right after:
     * {@link Logged#changed}): its author, the root's author and the people it mentions follow the thread unless they
     * chose not to, and hear so; its author has read it. Runs on the executor (it writes to the store); a failure is
     * logged, the reply stays stored.
     */
    void tookPart(Logged reply) {
        Logged root = reply.changed();
        if (root == null || reply.event().thread() == null) {
            return;
        }
        executor.execute(() -> {
          try {
            List<String> mentionedKeys = reply.event().mentions().names().stream()
                    .flatMap(name -> auth.directory().claimed(dev.hubbub.chat.Names.key(name)).stream())
                    .map(Directory.Identity::key).toList();
            String rootId = hub.events().format(root.position());
            String replyId = hub.events().format(reply.position());
            String conversation = root.event().conversation();
            reading.markRead(reply.event().authorKey(), reply.event().author(), ReadState.threadPlace(root.position()),
                    reply.position());
            java.util.LinkedHashSet<String> people = new java.util.LinkedHashSet<>();
            people.add(reply.event().authorKey());
            if (root.event().verified()) {
                people.add(root.event().authorKey());
            }
            people.addAll(mentionedKeys);
            for (String person : people) {
                if (Conversations.isDirect(conversation) && !Conversations.isMember(conversation, person)) {
                    continue;
                }
                if (reading.follow(person, root.position(), conversation, false) == ReadState.Follow.STARTED) {
                    hub.tell(person, StreamEvents.THREAD, new StreamEvents.Following(rootId, conversation, true,
                            replyId));
                }
            }
          } catch (RuntimeException e) {
            LOG.warn("could not follow a thread for those who took part: {}", e.toString());
          }
        });
    }

    private static void answer(Response response, Callback callback, CompletableFuture<?> work) {
        work.whenComplete((value, failure) -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause == null) {
                Replies.json(response, callback, HttpStatus.OK_200, ChatJson.write(value));
            } else if (cause instanceof Refused refused) {
                Replies.text(response, callback, refused.status(), Replies.reason(response, refused));
            } else {
                Replies.unexpected(response, callback, cause);
            }
        });
    }
}
