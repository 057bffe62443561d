package dev.hubbub.server.http;

import dev.hubbub.chat.Sentence;
import dev.hubbub.chat.Api;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.Names;
import dev.hubbub.server.hub.Hub;
import dev.hubbub.server.store.Conversations;
import dev.hubbub.server.store.Directory;
import dev.hubbub.server.store.Logged;
import dev.hubbub.server.store.MessageSearch;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * {@code GET /search?q=WORDS} (with {@code room=ID} or {@code with=NAME} to search one conversation;
 * {@code limit=N}), signed in: the newest messages the person may read (every room, their own direct messages) whose
 * text, as it is now, has every word (the last also as a prefix), as {@link Api.SearchResults}: at most {@code limit}
 * and at most {@link Hub#READ_BYTES} of them, with {@code more} past either. Someone else's direct messages are never
 * searched: their conversation is not one this person has.
 */
final class SearchHandler {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    static final int MAX_QUERY = 200;

    private final Hub hub;
    private final MessageSearch search;
    private final Authenticator auth;
    private final Executor executor;

    SearchHandler(Hub hub, MessageSearch search, Authenticator auth, Executor executor) {
        this.hub = hub;
        this.search = search;
        this.auth = auth;
        this.executor = executor;
    }

    boolean handle(Caller caller, Request request, Response response, Callback callback) {
        Optional<Directory.Identity> who = caller.identity();
        if (who.isEmpty()) {
            Replies.text(response, callback, HttpStatus.UNAUTHORIZED_401, Sentence.of("server.signInToSearch"));
            return true;
        }
        Fields fields = Request.extractQueryParameters(request);
        String q = fields.getValue("q");
        String room = fields.getValue("room");
        String with = fields.getValue("with");
        String limitText = fields.getValue("limit");
        String refusal = q == null || q.isBlank() ? "say what to search for: ?q=words"
                : q.length() > MAX_QUERY ? "a search is at most " + MAX_QUERY + " characters"
                : room != null && with != null ? "search a room or a person's conversation, not both"
                : limitText != null && !(limitText.matches("[0-9]{1,3}") && Integer.parseInt(limitText) >= 1
                        && Integer.parseInt(limitText) <= MAX_LIMIT)
                        ? "limit must be a number from 1 to " + MAX_LIMIT : null;
        if (refusal != null) {
            Replies.text(response, callback, HttpStatus.BAD_REQUEST_400, refusal);
            return true;
        }
        Directory.Identity me = who.get();
        String conversation = with != null ? auth.conversationWith(me, with) : room;
        if (room != null && (Conversations.isDirect(room) ? !Conversations.isMember(room, me.key())
                : auth.directory().room(room).isEmpty())) {
            Replies.text(response, callback, HttpStatus.NOT_FOUND_404, Conversations.isDirect(room) ? Sentence.of("server.noConversationForYou", "room", room) : Sentence.of("server.noConversation", "room", room));
            return true;
        }
        int limit = limitText == null ? DEFAULT_LIMIT : Integer.parseInt(limitText);
        executor.execute(() -> search.search(q, me.key(), conversation, limit + 1).whenComplete((found, failure) -> {
            if (failure != null) {
                Replies.unexpected(response, callback, failure);
                return;
            }
            List<Logged> asked = found.size() > limit ? found.subList(0, limit) : found;
            List<dev.hubbub.chat.ChatMessage> shown = hub.messagesWithin(asked);
            Replies.json(response, callback, HttpStatus.OK_200, ChatJson.write(new Api.SearchResults(q, shown,
                    found.size() > limit || shown.size() < asked.size())));
        }));
        return true;
    }
}
