package dev.hubbub.server.http;

import dev.hubbub.chat.Sentence;
import dev.hubbub.chat.InvalidMessageException;
import dev.hubbub.chat.Names;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.hub.Hub;
import dev.hubbub.server.store.Conversations;
import dev.hubbub.server.store.Directory;
import java.util.Optional;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code POST /typing} {@code {"room":"design"}} or {@code {"to":"Bob"}}, signed in: tells the others that this
 * person is typing there ({@link Hub#typing}). Answers 204; nothing is stored. A person may say so at most
 * {@value #PER_SECOND_TEXT} (clients send it every few seconds while someone types); more is 429.
 */
final class TypingHandler {
    static final double PER_SECOND = 1;
    static final int BURST = 3;
    private static final String PER_SECOND_TEXT = "once a second";

    private final Hub hub;
    private final Authenticator auth;
    private final JsonBodies bodies;
    private final RateLimiter rate = new RateLimiter(PER_SECOND, BURST, System::nanoTime);

    private final Moderation rules;

    TypingHandler(Hub hub, Authenticator auth, Moderation rules, JsonBodies bodies) {
        this.hub = hub;
        this.auth = auth;
        this.rules = rules;
        this.bodies = bodies;
    }

    boolean handle(Caller caller, Request request, Response response, Callback callback) {
        Optional<Directory.Identity> who = caller.identity();
        if (who.isEmpty()) {
            Replies.text(response, callback, HttpStatus.UNAUTHORIZED_401, Sentence.of("server.signInToSayYou"));
            return true;
        }
        bodies.read(request, response, callback, StreamEvents.TypingIn.class, typing -> {
            Directory.Identity me = who.get();
            Moderation.Actor actor = Moderation.Actor.of(caller);
            rules.check(actor, typing.to() != null ? null : typing.room() == null ? Conversations.GENERAL
                    : typing.room(), Moderation.Act.TYPE);
            if (typing.to() != null) {
                if (typing.room() != null) {
                    throw new InvalidMessageException(Sentence.of("server.typingGoesToARoom"));
                }
                Optional<Directory.Identity> other = auth.directory().claimed(Names.key(typing.to()));
                if (other.isEmpty()) {
                    Replies.text(response, callback, HttpStatus.NOT_FOUND_404, Sentence.of("server.nobodyHereIsCalled2", "to", typing.to()));
                    return;
                }
                if (withinRate(me, response, callback)) {
                    hub.typing(me.name(), Conversations.direct(me.key(), other.get().key()), other.get().name(),
                            other.get().key());
                } else {
                    return;
                }
            } else {
                String room = typing.room() == null ? Conversations.GENERAL : typing.room();
                if (auth.directory().room(room).isEmpty()) {
                    Replies.text(response, callback, HttpStatus.NOT_FOUND_404, Sentence.of("server.thereIsNoRoom2", "room", room));
                    return;
                }
                if (withinRate(me, response, callback)) {
                    hub.typing(me.name(), room, null, null);
                } else {
                    return;
                }
            }
            response.setStatus(HttpStatus.NO_CONTENT_204);
            callback.succeeded();
        });
        return true;
    }

    /** Whether this person may say so now; if not, answers 429 itself. */
    private boolean withinRate(Directory.Identity me, Response response, Callback callback) {
        long waitMillis = rate.acquire(me.key());
        if (waitMillis > 0) {
            Replies.tooMany(response, callback, waitMillis, Sentence.of("server.sayYouAreTypingAt", "text", Sentence.word(PER_SECOND_TEXT)));
            return false;
        }
        return true;
    }
}
