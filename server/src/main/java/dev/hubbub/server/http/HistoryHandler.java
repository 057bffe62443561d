package dev.hubbub.server.http;

import dev.hubbub.chat.Sentence;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.Names;
import dev.hubbub.server.hub.Hub;
import dev.hubbub.server.store.Conversations;
import dev.hubbub.server.store.Directory;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * {@code GET /chat/history?room=ID&before=ID&limit=N} (or {@code after=ID}, or neither for the newest; or
 * {@code with=NAME} instead of {@code room}, for the signed-in client's direct conversation with that person): a page
 * of one conversation's stored messages as JSON, for clients that keep only a window of it and load the rest as the
 * reader scrolls. A direct conversation is there only for its two people, signed in: for anyone else it does not
 * exist (404, as for a room there is not). {@code GET /chat/history?thread=ID} (with {@code before}, {@code after},
 * {@code limit} as above) pages the replies in the thread of the message {@code ID}, with that message as the page's
 * {@code root}, for whoever may read its conversation. A page holds at most {@link Hub#READ_BYTES} of messages,
 * whatever its {@code limit} ({@link Hub#page}). The store is read on the executor, never on the thread that called.
 */
final class HistoryHandler {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;

    /** Which page. */
    record Query(String room, String with, String thread, String before, String after, int limit) {
    }

    private final Hub hub;
    private final Authenticator auth;
    private final Executor executor;

    HistoryHandler(Hub hub, Authenticator auth, Executor executor) {
        this.hub = hub;
        this.auth = auth;
        this.executor = executor;
    }

    boolean handle(Caller caller, Request request, Response response, Callback callback) {
        Query query;
        try {
            query = parse(Request.extractQueryParameters(request));
        } catch (IllegalArgumentException e) {
            Replies.text(response, callback, HttpStatus.BAD_REQUEST_400, Replies.reason(response, e));
            return true;
        }
        Optional<Directory.Identity> who = caller.identity();
        if (query.thread() != null) {
            thread(query, who, response, callback);
            return true;
        }
        if (query.with() != null) {
            if (who.isEmpty()) {
                Replies.text(response, callback, HttpStatus.UNAUTHORIZED_401, Sentence.of("server.signInToReadDirect"));
                return true;
            }
            query = new Query(auth.conversationWith(who.get(), query.with()), null, null, query.before(),
                    query.after(), query.limit());
        }
        if (!auth.mayRead(query.room(), who)) {
            Replies.text(response, callback, HttpStatus.NOT_FOUND_404, Conversations.isDirect(query.room()) ? Sentence.of("server.noConversationForYou", "room", query.room()) : Sentence.of("server.noConversation", "room", query.room()));
            return true;
        }
        Query asked = query;
        executor.execute(() -> hub.page(asked.room(), asked.before(), asked.after(), asked.limit())
                .whenComplete((page, failure) -> {
                    if (failure == null) {
                        Replies.json(response, callback, HttpStatus.OK_200, ChatJson.write(page));
                    } else {
                        Replies.unexpected(response, callback, failure);
                    }
                }));
        return true;
    }

    /**
     * {@code GET /chat/pins?room=ID} (or {@code with=NAME}): the conversation's pinned messages, each as it stands now,
     * the newest pin first ({@link dev.hubbub.chat.Api.Pins}); a conversation the caller may not read is 404.
     */
    boolean pins(Caller caller, Request request, Response response, Callback callback) {
        Fields fields = Request.extractQueryParameters(request);
        String room = fields.getValue("room");
        String with = fields.getValue("with");
        Optional<Directory.Identity> who = caller.identity();
        if (room != null && with != null) {
            Replies.text(response, callback, HttpStatus.BAD_REQUEST_400, Sentence.of("server.askForARoomOr"));
            return true;
        }
        if (with != null && who.isEmpty()) {
            Replies.text(response, callback, HttpStatus.UNAUTHORIZED_401, Sentence.of("server.signInToReadDirect"));
            return true;
        }
        String conversation = with != null ? auth.conversationWith(who.get(), with)
                : room == null ? Conversations.GENERAL : room;
        if (!auth.mayRead(conversation, who)) {
            Replies.text(response, callback, HttpStatus.NOT_FOUND_404, with != null ? Sentence.of("server.noConversationForYou", "room", with) : Sentence.of("server.noConversation", "room", conversation));
            return true;
        }
        executor.execute(() -> hub.events().pinned(conversation).whenComplete((pinned, failure) -> {
            if (failure == null) {
                Replies.json(response, callback, HttpStatus.OK_200, ChatJson.write(new dev.hubbub.chat.Api.Pins(
                        conversation, pinned.stream().map(hub::messageOf).toList())));
            } else {
                Replies.unexpected(response, callback, failure);
            }
        }));
        return true;
    }

    /**
     * A page of a thread: its root must be a message the caller may read, and no reply itself; a thread nobody may
     * see is one there is not (404), whatever its id.
     */
    private void thread(Query query, Optional<Directory.Identity> who, Response response, Callback callback) {
        executor.execute(() -> ThreadsHandler.root(hub, auth, query.thread(), who, "open")
                .thenCompose(message -> hub.thread(message, query.before(), query.after(), query.limit()))
                .whenComplete((page, failure) -> {
                    Throwable cause = failure instanceof java.util.concurrent.CompletionException
                            && failure.getCause() != null ? failure.getCause() : failure;
                    if (cause == null) {
                        Replies.json(response, callback, HttpStatus.OK_200, ChatJson.write(page));
                    } else if (cause instanceof dev.hubbub.server.Refused refused) {
                        Replies.text(response, callback, refused.status(), Replies.reason(response, refused));
                    } else {
                        Replies.unexpected(response, callback, cause);
                    }
                }));
    }

    static Query parse(Fields query) {
        String room = query.getValue("room");
        String with = query.getValue("with");
        String thread = id(query, "thread");
        if (room != null && with != null) {
            throw new IllegalArgumentException("ask for a room or a person's conversation, not both");
        }
        if (thread != null && (room != null || with != null)) {
            throw new IllegalArgumentException("ask for a thread by its message's id alone, without room or with");
        }
        if (room == null) {
            room = Conversations.GENERAL;
        }
        String before = id(query, "before");
        String after = id(query, "after");
        if (before != null && after != null) {
            throw new IllegalArgumentException("ask for messages before an id or after one, not both");
        }
        String limitText = query.getValue("limit");
        int limit = DEFAULT_LIMIT;
        if (limitText != null) {
            if (!limitText.matches("[0-9]{1,4}") || Integer.parseInt(limitText) < 1
                    || Integer.parseInt(limitText) > MAX_LIMIT) {
                throw new IllegalArgumentException("limit must be a number from 1 to " + MAX_LIMIT + ", not '"
                        + limitText + "'");
            }
            limit = Integer.parseInt(limitText);
        }
        return new Query(room, with, thread, before, after, limit);
    }

    private static String id(Fields query, String name) {
        String value = query.getValue(name);
        if (value != null && (value.isEmpty() || value.length() > 100)) {
            throw new IllegalArgumentException(name + " must be a message id");
        }
        return value;
    }
}
