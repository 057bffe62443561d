package dev.hubbub.server.http;

import dev.hubbub.chat.Sentence;
import dev.hubbub.chat.Api;
import dev.hubbub.chat.Attachment;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.Draft;
import dev.hubbub.chat.InvalidMessageException;
import dev.hubbub.chat.Mentions;
import dev.hubbub.chat.Names;
import dev.hubbub.server.Refused;
import dev.hubbub.server.files.FileStore;
import dev.hubbub.server.hub.Hub;
import dev.hubbub.server.store.Conversations;
import dev.hubbub.server.store.Directory;
import dev.hubbub.server.store.FileIndex;
import dev.hubbub.server.store.LogEvent;
import dev.hubbub.server.text.Formatting;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /chat}: a message as {@code text/plain} (the line {@code name: text}, as tutorial clients send it,
 * into {@code general}) or as {@code application/json} ({@link Draft}: into a room, or to a person). Answers 201
 * with where it went and its id once it is stored (200 when the client id shows it was stored before), or a status
 * with a sentence saying what was wrong, in which case nothing changed.
 *
 * <p>Who the author is: a signed-in post's author is its token's name (naming someone else is 403). A post without a
 * token may use any name nobody has claimed, and is marked unverified; a claimed name without its token is 403.
 * Direct messages need a token.
 */
final class PostHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PostHandler.class);

    private enum Format { LINE, JSON }

    private final Hub hub;
    private final Authenticator auth;
    private final Moderation rules;
    private final FileStore files;
    private final RateLimiter rate;
    private final int maxBodyBytes;
    private final Duration bodyTimeout;
    private final Executor executor;
    private final Clock clock;
    private final ThreadsHandler threads;

    PostHandler(Hub hub, Authenticator auth, Moderation rules, FileStore files, RateLimiter rate, int maxBodyBytes,
                Duration bodyTimeout, Executor executor, Clock clock, ThreadsHandler threads) {
        this.threads = threads;
        this.hub = hub;
        this.auth = auth;
        this.rules = rules;
        this.files = files;
        this.rate = rate;
        this.maxBodyBytes = maxBodyBytes;
        this.bodyTimeout = bodyTimeout;
        this.executor = executor;
        this.clock = clock;
    }

    boolean handle(Caller caller, Request request, Response response, Callback callback) {
        String address = caller.address();
        long waitMillis = rate.acquire(AddressKey.of(address));
        if (waitMillis > 0) {
            Replies.tooMany(response, callback, waitMillis, Sentence.of("server.tooManyMessagesFrom", "address", address, "describe", rate.describe()));
            return true;
        }
        Format format = formatOf(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
        if (format == null) {
            Replies.text(response, callback, HttpStatus.UNSUPPORTED_MEDIA_TYPE_415,
                    Sentence.of("server.sendTheMessageAsText"));
            return true;
        }
        if (request.getLength() > maxBodyBytes) {
            tooLarge(response, callback);
            return true;
        }
        BodyReader.read(request, maxBodyBytes, bodyTimeout).whenCompleteAsync((body, failure) -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause == null) {
                accept(body, format, caller, response, callback);
            } else if (cause instanceof BodyReader.TooLarge) {
                tooLarge(response, callback);
            } else if (cause instanceof BodyReader.TooSlow slow) {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
                Replies.text(response, callback, HttpStatus.REQUEST_TIMEOUT_408, slow.getMessage());
            } else {
                callback.failed(cause);
            }
        }, executor);
        return true;
    }

    private void accept(byte[] body, Format format, Caller caller, Response response, Callback callback) {
        Optional<Directory.Identity> who = caller.identity();
        LogEvent.Message event;
        Draft draft;
        try {
            String text = JsonBodies.utf8(body, "the message");
            draft = format == Format.LINE ? parseLine(text) : ChatJson.read(text, Draft.class);
            event = eventOf(draft, caller);
        } catch (InvalidMessageException e) {
            Replies.text(response, callback, HttpStatus.BAD_REQUEST_400, Replies.reason(response, e));
            return;
        } catch (Refused refused) {
            Replies.text(response, callback, refused.status(), Replies.reason(response, refused));
            return;
        } catch (RuntimeException e) {
            Replies.unexpected(response, callback, e);
            return;
        }
        answering(event, draft.replyTo()).thenCompose(answer -> threaded(answer, draft))
                .thenCompose(hub::append).whenComplete((stored, failure) -> {
            if (failure == null) {
                if (!stored.duplicate()) {
                    threads.tookPart(stored.logged());
                }
                Api.Accepted accepted = new Api.Accepted(hub.events().format(stored.logged().position()),
                        stored.logged().event().conversation(), stored.logged().event().at(), stored.duplicate());
                Replies.json(response, callback, stored.duplicate() ? HttpStatus.OK_200 : HttpStatus.CREATED_201,
                        ChatJson.write(accepted));
                return;
            }
            Replies.storeFailure(response, callback, failure, "the message");
        });
    }

    /**
     * The event as a reply to the message with id {@code replyTo} (null: as it is): that message must be one in the
     * same conversation, not deleted; the reply keeps its author and the start of its text as they are now.
     */
    private java.util.concurrent.CompletableFuture<LogEvent.Message> answering(LogEvent.Message event,
                                                                              String replyTo) {
        if (replyTo == null) {
            return java.util.concurrent.CompletableFuture.completedFuture(event);
        }
        var target = hub.events().parse(replyTo);
        if (target.isEmpty()) {
            return java.util.concurrent.CompletableFuture.failedFuture(new Refused(HttpStatus.NOT_FOUND_404,
                    Sentence.of("server.thereIsNoMessageTo", "replyTo", replyTo)));
        }
        return hub.events().message(target.get()).thenApply(found -> {
            var quoted = found.filter(m -> m.event().conversation().equals(event.conversation())).orElseThrow(() ->
                    new Refused(HttpStatus.NOT_FOUND_404, Sentence.of("server.thereIsNoMessageTo2", "replyTo", replyTo)));
            if (quoted.state().deleted()) {
                throw new Refused(HttpStatus.GONE_410, Sentence.of("server.theMessageYouReplyTo"));
            }
            LogEvent.Quote quote = new LogEvent.Quote(quoted.event().author(),
                    dev.hubbub.chat.ChatMessage.Quote.excerpt(quoted.state().text()));
            return event.answering(quoted.position(), quote);
        });
    }

    /**
     * The event as a reply in the thread of the message {@code draft.thread()} (none: as it is): that message must be
     * one in the same conversation, in no thread itself (a thread does not branch), and not deleted unless people
     * replied to it already (a thread goes on under a deleted root's placeholder).
     */
    private java.util.concurrent.CompletableFuture<LogEvent.Message> threaded(LogEvent.Message event, Draft draft) {
        if (draft.thread() == null) {
            return java.util.concurrent.CompletableFuture.completedFuture(event);
        }
        String missing = "there is no message " + draft.thread() + " in this conversation to reply in the thread of";
        var root = hub.events().parse(draft.thread());
        if (root.isEmpty()) {
            return java.util.concurrent.CompletableFuture.failedFuture(new Refused(HttpStatus.NOT_FOUND_404, missing));
        }
        return hub.events().message(root.get()).thenApply(found -> {
            var message = found.filter(m -> m.event().conversation().equals(event.conversation()))
                    .orElseThrow(() -> new Refused(HttpStatus.NOT_FOUND_404, missing));
            if (message.event().thread() != null) {
                throw new Refused(HttpStatus.BAD_REQUEST_400, Sentence.of("server.thatMessageIsItselfA"));
            }
            if (message.state().deleted() && message.state().replies() == null) {
                throw new Refused(HttpStatus.GONE_410, Sentence.of("server.theMessageYouReplyTo"));
            }
            return event.inThread(message.position(), draft.alsoInRoom());
        });
    }

    /** What to store for a draft from the caller (signed in or not), or why not. */
    private LogEvent.Message eventOf(Draft draft, Caller caller) {
        Optional<Directory.Identity> who = caller.identity();
        LogEvent.Message event = draftEvent(draft, who);
        rules.check(new Moderation.Actor(event.author(), event.authorKey(), who.isPresent(), caller.addressKey(),
                caller::isHost), event.conversation(), Moderation.Act.POST);
        return event;
    }

    private LogEvent.Message draftEvent(Draft draft, Optional<Directory.Identity> who) {
        Directory directory = auth.directory();
        String author;
        String authorKey;
        boolean verified;
        if (who.isPresent()) {
            if (draft.author() != null && !Names.key(draft.author()).equals(Names.key(who.get().name()))) {
                throw new Refused(HttpStatus.FORBIDDEN_403, Sentence.of("server.youAreSignedInAs", "name", who.get().name(), "author", draft.author()));
            }
            author = who.get().name();
            authorKey = who.get().key();
            verified = true;
        } else {
            if (draft.author() == null) {
                throw new InvalidMessageException(Sentence.of("server.authorIsMissingSignIn"));
            }
            author = dev.hubbub.server.unicode.Lookalikes.checked("author", draft.author());
            authorKey = Names.key(author);
            Optional<Directory.Identity> holder = directory.claimedLookalike(author);
            if (holder.isPresent()) {
                String name = holder.get().name();
                throw new Refused(HttpStatus.FORBIDDEN_403, Names.key(name).equals(authorKey) ? Sentence.of("server.claimedSignInToPost", "name", name) : Sentence.of("server.lookalikeSignInToPost", "author", author, "name", name));
            }
            verified = false;
        }
        List<Attachment> attached = attachments(draft.files(), who);
        Mentions.Found mentions = Mentions.in(Formatting.outsideCode(draft.text()), directory::claimedNames);
        if (draft.to() != null) {
            if (who.isEmpty()) {
                throw new Refused(HttpStatus.UNAUTHORIZED_401, Sentence.of("server.signInToSendDirect"));
            }
            Directory.Identity recipient = directory.claimed(Names.key(draft.to())).orElseThrow(() ->
                    new Refused(HttpStatus.NOT_FOUND_404, Sentence.of("server.nobodyHereIsCalledDirect", "to", draft.to())));
            return LogEvent.Message.direct(Conversations.direct(authorKey, recipient.key()), author, authorKey,
                    draft.text(), clock.instant(), draft.clientId(), recipient.name(), recipient.key(), attached,
                    mentions);
        }
        String room = draft.room() == null ? Conversations.GENERAL : draft.room();
        if (directory.room(room).isEmpty()) {
            throw new Refused(HttpStatus.NOT_FOUND_404, Sentence.of("server.thereIsNoRoom2", "room", room));
        }
        return LogEvent.Message.inRoom(room, author, authorKey, verified, draft.text(), clock.instant(),
                draft.clientId(), attached, mentions);
    }

    /**
     * The files a draft names, each one the poster uploaded: sending a file on is for its uploader only, so a file
     * seen in a direct message cannot be made public by the other person.
     */
    private List<Attachment> attachments(List<String> ids, Optional<Directory.Identity> who) {
        if (ids.isEmpty()) {
            return List.of();
        }
        if (who.isEmpty()) {
            throw new Refused(HttpStatus.UNAUTHORIZED_401, Sentence.of("server.signInToSendFiles"));
        }
        List<Attachment> attached = new ArrayList<>();
        for (String id : ids) {
            FileIndex.StoredFile file = files.find(id).filter(f -> f.uploaderKey().equals(who.get().key()))
                    .orElseThrow(() -> new Refused(HttpStatus.BAD_REQUEST_400, Sentence.of("server.youHaveNotUploadedA", "id", id)));
            attached.add(file.attachment());
        }
        return attached;
    }

    private void tooLarge(Response response, Callback callback) {
        Replies.text(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413,
                Sentence.of("server.theMessageIsLargerThan", "maxBodyBytes", maxBodyBytes, "text", Draft.MAX_TEXT));
    }

    /** The line {@code name: text}: the name is everything before the first colon. */
    static Draft parseLine(String body) {
        if (body.isBlank()) {
            throw new InvalidMessageException(Sentence.of("server.theMessageIsEmpty"));
        }
        int colon = body.indexOf(':');
        if (colon < 0) {
            throw new InvalidMessageException(Sentence.of("server.aTextPlainMessageIs"));
        }
        return Draft.of(body.substring(0, colon), body.substring(colon + 1).stripLeading());
    }

    /** The body's format from its Content-Type; null for anything else, or a charset other than UTF-8. */
    static Format formatOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
        String type = parts[0].strip();
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            if (parameter.startsWith("charset=")) {
                String charset = parameter.substring("charset=".length()).replace("\"", "");
                if (!charset.equals("utf-8") && !charset.equals("utf8") && !charset.equals("us-ascii")) {
                    return null;
                }
            }
        }
        return switch (type) {
            case "text/plain" -> Format.LINE;
            case "application/json" -> Format.JSON;
            default -> null;
        };
    }
}
