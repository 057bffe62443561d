package dev.hubbub.server.http;

import dev.hubbub.chat.Sentence;
import dev.hubbub.chat.Api;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.Draft;
import dev.hubbub.chat.Mentions;
import dev.hubbub.chat.Names;
import dev.hubbub.server.Refused;
import dev.hubbub.server.hub.Hub;
import dev.hubbub.server.store.Directory;
import dev.hubbub.server.store.LogEvent;
import dev.hubbub.server.store.EventLog;
import dev.hubbub.server.store.Logged;
import dev.hubbub.server.store.PinNotice;
import dev.hubbub.server.store.Position;
import dev.hubbub.server.text.Formatting;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * What people do to messages, each stored as an event of its own ({@link LogEvent.Kind#isAction}) and streamed like
 * a message: {@code PATCH /chat/{id}} {@code {"text":…}} edits, {@code DELETE /chat/{id}} deletes (both the author's
 * own messages only), {@code POST /chat/{id}/reactions} {@code {"emoji":"👍"}} adds a reaction and
 * {@code DELETE /chat/{id}/reactions/{emoji}} takes it back (anyone who may read the message). All need a token.
 * Answers 200 with the action's id ({@link Api.Accepted}); 401 without a token, 404 for an id that names no message
 * this person may read, 403 for someone else's message, 410 for a deleted one. Actions count against the poster's
 * rate, as posts do.
 */
final class MessageActionsHandler {
    /** The longest message id and emoji a path names: anything longer names nothing. */
    static final int MAX_ID = 100;
    static final int MAX_EMOJI = 64;
    /** Different emoji under one message, at most. */
    static final int MAX_REACTIONS = 20;

    private final Hub hub;
    private final Authenticator auth;
    private final Moderation rules;
    private final JsonBodies bodies;
    private final RateLimiter rate;
    private final Clock clock;

    MessageActionsHandler(Hub hub, Authenticator auth, Moderation rules, JsonBodies bodies, RateLimiter rate,
                          Clock clock) {
        this.hub = hub;
        this.auth = auth;
        this.rules = rules;
        this.bodies = bodies;
        this.rate = rate;
        this.clock = clock;
    }

    /**
     * @param id the message's id, as the path names it
     * @param reactions whether the path is the message's reactions ({@code /chat/{id}/reactions[/{emoji}]})
     * @param emoji the reaction the path names, or null
     */
    boolean handle(Caller caller, String id, boolean reactions, String emoji, Request request, Response response,
                   Callback callback) {
        String method = request.getMethod();
        if (id.length() > MAX_ID || emoji != null && emoji.length() > MAX_EMOJI) {
            Replies.text(response, callback, HttpStatus.NOT_FOUND_404, Sentence.of("server.thereIsNoMessage", "id", id));
            return true;
        }
        String allowed = !reactions ? "PATCH, DELETE" : emoji == null ? "POST" : "DELETE";
        if (!allowed.contains(method)) {
            String what = !reactions ? "a message takes PATCH (edit) and DELETE"
                    : emoji == null ? "a message's reactions take POST (add one)" : "a reaction takes DELETE";
            return SessionHandler.notAllowed(request, response, callback, what, allowed);
        }
        Action action = begin(caller, id, "sign in to change messages or react", response, callback);
        if (action == null) {
            return true;
        }
        rules.check(action.actor, null, Moderation.Act.EDIT);
        if (!reactions && method.equals("PATCH")) {
            bodies.read(request, response, callback, Api.EditText.class, edit -> action.edit(edit.text()));
        } else if (!reactions) {
            action.delete();
        } else if (emoji == null) {
            bodies.read(request, response, callback, Api.NewReaction.class, r -> action.react(r.emoji(), true));
        } else {
            try {
                action.react(new Api.NewReaction(emoji).emoji(), false);
            } catch (dev.hubbub.chat.InvalidMessageException e) {
                Replies.text(response, callback, HttpStatus.BAD_REQUEST_400, Replies.reason(response, e));
            }
        }
        return true;
    }

    /**
     * {@code PUT /chat/{id}/pin} pins a message to its conversation, {@code DELETE} takes its pin away: anyone who
     * may post there (in a direct conversation, its two people; in a read-only room, the host). Each is an action
     * (a {@code pin} event) and a line in the conversation ("Ann pinned a message: …"). 409 past
     * {@value EventLog#MAX_PINNED} pins in a conversation; pinning what is pinned, or unpinning what is not, changes
     * nothing (200, {@code "duplicate":true}).
     */
    boolean pin(Caller caller, String id, Request request, Response response, Callback callback) {
        String method = request.getMethod();
        if (id.length() > MAX_ID) {
            Replies.text(response, callback, HttpStatus.NOT_FOUND_404, Sentence.of("server.thereIsNoMessage", "id", id));
            return true;
        }
        if (!method.equals("PUT") && !method.equals("DELETE")) {
            return SessionHandler.notAllowed(request, response, callback,
                    "a message's pin takes PUT (pin it) and DELETE (unpin it)", "PUT, DELETE");
        }
        Action action = begin(caller, id, "sign in to pin messages", response, callback);
        if (action != null) {
            action.pin(method.equals("PUT"));
        }
        return true;
    }

    /**
     * What every action on a message checks first, in order: a signed-in caller ({@code 401}, saying
     * {@code signIn}), the address's rate ({@code 429}), an id of this history ({@code 404}). The action, or null
     * once the refusal is answered.
     */
    private Action begin(Caller caller, String id, String signIn, Response response, Callback callback) {
        Optional<Directory.Identity> who = caller.identity();
        if (who.isEmpty()) {
            Replies.text(response, callback, HttpStatus.UNAUTHORIZED_401, signIn);
            return null;
        }
        long waitMillis = rate.acquire(caller.addressKey());
        if (waitMillis > 0) {
            Replies.tooMany(response, callback, waitMillis, Sentence.of("server.tooManyMessagesFrom", "address", caller.address(), "describe", rate.describe()));
            return null;
        }
        Optional<Position> target = hub.events().parse(id);
        if (target.isEmpty()) {
            Replies.text(response, callback, HttpStatus.NOT_FOUND_404, Sentence.of("server.thereIsNoMessage", "id", id));
            return null;
        }
        return new Action(who.get(), Moderation.Actor.of(caller), id, target.get(), response, callback);
    }

    /** One request's action on one message. */
    private final class Action {
        private final Directory.Identity me;
        private final Moderation.Actor actor;
        private final String id;
        private final Position target;
        private final Response response;
        private final Callback callback;

        Action(Directory.Identity me, Moderation.Actor actor, String id, Position target, Response response,
               Callback callback) {
            this.me = me;
            this.actor = actor;
            this.id = id;
            this.target = target;
            this.response = response;
            this.callback = callback;
        }

        void edit(String text) {
            withMessage(true, message -> {
                rules.check(actor, message.event().conversation(), Moderation.Act.EDIT);
                String checked = Draft.checkedText(text, !message.event().files().isEmpty());
                Mentions.Found mentions = Mentions.in(Formatting.outsideCode(checked),
                        auth.directory()::claimedNames);
                return append(action(LogEvent.Kind.EDIT, message, checked, mentions));
            });
        }

        /**
         * The author deletes their message; the host removes anyone's in a room (the deletion says so, and a notice
         * tells the room).
         */
        void delete() {
            boolean host = actor.host();
            withMessage(!host, message -> {
                boolean theirs = !(message.event().verified() && message.event().authorKey().equals(me.key()));
                if (!theirs) {
                    return append(action(LogEvent.Kind.DELETE, message, "", null));
                }
                if (message.event().isDirect()) {
                    Replies.text(response, callback, HttpStatus.FORBIDDEN_403, Sentence.of("server.onlyCanDeleteTheirMessage", "author", message.event().author()));
                    return CompletableFuture.completedFuture(null);
                }
                return hub.append(action(LogEvent.Kind.DELETE, message, LogEvent.REMOVED, null))
                        .thenCompose(removed -> append(new LogEvent.Notice(message.event().conversation(),
                                me.name(), me.key(), ChatJson.write(Sentence.of("notice.messageRemoved", "host",
                                me.name(), "author", message.event().author())), clock.instant())));
            });
        }

        void react(String emoji, boolean add) {
            withMessage(false, message -> {
                rules.check(actor, message.event().conversation(), Moderation.Act.REACT);
                if (add && !dev.hubbub.server.unicode.Emoji.isOne(emoji)) {
                    throw new dev.hubbub.chat.InvalidMessageException("a reaction is one emoji (Unicode's "
                            + "recommended ones, such as 👍 or 🎉), not '" + emoji + "'");
                }
                Logged.Reaction now = message.state().reactions().stream().filter(r -> r.emoji().equals(emoji))
                        .findFirst().orElse(null);
                String myName = dev.hubbub.chat.Names.key(me.name());
                boolean mine = now != null && now.names().stream().anyMatch(n -> dev.hubbub.chat.Names.key(n)
                        .equals(myName));
                if (add == mine) {
                    // Already so: nothing to store (folding is a set's, so a race that stores it twice is harmless).
                    Replies.json(response, callback, HttpStatus.OK_200, ChatJson.write(new Api.Accepted(id,
                            message.event().conversation(), message.event().at(), true)));
                    return CompletableFuture.completedFuture(null);
                }
                if (add && now == null && message.state().reactions().size() >= MAX_REACTIONS) {
                    Replies.text(response, callback, HttpStatus.CONFLICT_409, Sentence.of("server.aMessageTakesAtMost", "reactions", MAX_REACTIONS));
                    return CompletableFuture.completedFuture(null);
                }
                return append(action(add ? LogEvent.Kind.REACT : LogEvent.Kind.UNREACT, message, emoji, null));
            });
        }

        void pin(boolean pinning) {
            withMessage(false, message -> {
                LogEvent m = message.event();
                rules.check(actor, m.isDirect() ? null : m.conversation(), Moderation.Act.REACT);
                if ((message.state().pinned() != null) == pinning) {
                    Replies.json(response, callback, HttpStatus.OK_200, ChatJson.write(new Api.Accepted(id,
                            m.conversation(), m.at(), true)));
                    return CompletableFuture.completedFuture(null);
                }
                CompletableFuture<Void> room = !pinning ? CompletableFuture.completedFuture(null)
                        : hub.events().pinned(m.conversation()).thenAccept(pins -> {
                            if (pins.size() >= EventLog.MAX_PINNED) {
                                throw new Refused(HttpStatus.CONFLICT_409, Sentence.of("server.aConversationKeepsAtMost", "pinned", EventLog.MAX_PINNED));
                            }
                        });
                LogEvent action = action(pinning ? LogEvent.Kind.PIN : LogEvent.Kind.UNPIN, message, "", null);
                return room.thenCompose(ok -> hub.append(action)).thenCompose(stored -> hub.append(
                        new LogEvent.Notice(m.conversation(), me.name(), me.key(),
                                PinNotice.of(pinning, me.name(), message).text(), clock.instant(), action.to(),
                                action.toKey(), message.position())).thenApply(notice -> stored)).thenAccept(stored -> Replies.json(response, callback, HttpStatus.OK_200,
                        ChatJson.write(new Api.Accepted(hub.events().format(stored.logged().position()),
                                m.conversation(), stored.logged().event().at(), false))));
            });
        }

        /** The action, in the message's conversation; on a direct message, between the same two people. */
        private LogEvent action(LogEvent.Kind kind, Logged message, String text, Mentions.Found mentions) {
            LogEvent m = message.event();
            String to = null;
            String toKey = null;
            if (m.isDirect()) {
                boolean iWrote = m.authorKey().equals(me.key());
                to = iWrote ? m.to() : m.author();
                toKey = iWrote ? m.toKey() : m.authorKey();
            }
            return switch (kind) {
                case EDIT -> new LogEvent.Edit(m.conversation(), me.name(), me.key(), text, clock.instant(), to,
                        toKey, mentions, message.position());
                case DELETE -> new LogEvent.Delete(m.conversation(), me.name(), me.key(), text, clock.instant(), to,
                        toKey, message.position());
                case REACT -> new LogEvent.React(m.conversation(), me.name(), me.key(), text, clock.instant(), to,
                        toKey, message.position());
                case UNREACT -> new LogEvent.Unreact(m.conversation(), me.name(), me.key(), text, clock.instant(),
                        to, toKey, message.position());
                case PIN -> new LogEvent.Pin(m.conversation(), me.name(), me.key(), text, clock.instant(), to, toKey,
                        message.position());
                case UNPIN -> new LogEvent.Unpin(m.conversation(), me.name(), me.key(), text, clock.instant(), to,
                        toKey, message.position());
                default -> throw new IllegalArgumentException(kind + " is not an action");
            };
        }

        /**
         * Reads the message, refuses what may not be done to it (answering itself), else runs {@code then}.
         *
         * @param own whether only its author may do this
         */
        private void withMessage(boolean own, java.util.function.Function<Logged, CompletableFuture<?>> then) {
            hub.events().message(target).thenCompose(found -> {
                Logged message = found.filter(m -> m.event().visibleTo(me.key())).orElse(null);
                if (message == null) {
                    Replies.text(response, callback, HttpStatus.NOT_FOUND_404, Sentence.of("server.thereIsNoMessage", "id", id));
                    return CompletableFuture.completedFuture(null);
                }
                if (message.state().deleted()) {
                    Replies.text(response, callback, HttpStatus.GONE_410, Sentence.of("server.thatMessageWasDeleted"));
                    return CompletableFuture.completedFuture(null);
                }
                if (own && !(message.event().verified() && message.event().authorKey().equals(me.key()))) {
                    boolean sameName = Names.key(message.event().author())
                            .equals(Names.key(me.name()));
                    Replies.text(response, callback, HttpStatus.FORBIDDEN_403, sameName
                            ? Sentence.of("server.heldBefore", "author", message.event().author())
                            : Sentence.of("server.onlyTheAuthor", "author", message.event().author()));
                    return CompletableFuture.completedFuture(null);
                }
                try {
                    return then.apply(message);
                } catch (Refused refused) {
                    Replies.text(response, callback, refused.status(), Replies.reason(response, refused));
                    return CompletableFuture.completedFuture(null);
                } catch (dev.hubbub.chat.InvalidMessageException invalid) {
                    Replies.text(response, callback, HttpStatus.BAD_REQUEST_400, Replies.reason(response, invalid));
                    return CompletableFuture.completedFuture(null);
                }
            }).whenComplete((done, failure) -> {
                if (failure != null) {
                    fail(failure);
                }
            });
        }

        private CompletableFuture<?> append(LogEvent action) {
            return hub.append(action).thenAccept(stored -> Replies.json(response, callback, HttpStatus.OK_200,
                    ChatJson.write(new Api.Accepted(hub.events().format(stored.logged().position()),
                            action.conversation(), stored.logged().event().at(), false))));
        }

        private void fail(Throwable failure) {
            Replies.storeFailure(response, callback, failure, "that change");
        }
    }
}
