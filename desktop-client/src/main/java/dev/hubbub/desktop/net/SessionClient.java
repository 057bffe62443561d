package dev.hubbub.desktop.net;

import dev.hubbub.chat.Api;
import dev.hubbub.chat.ChatJson;
import java.util.concurrent.CompletableFuture;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Signing in to a server: claiming a name, exchanging a link code, signing in again with a kept token, asking for a
 * code for another device ({@code /session}). And the one place a token goes onto requests.
 *
 * <p>Threads: any; futures complete on OkHttp's threads.
 */
public final class SessionClient {
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final long MAX_REPLY_BYTES = 64 * 1024;

    /** How signing in went. */
    public sealed interface Outcome {
    }

    /** Signed in as {@code name}; {@code token} is the one to keep. */
    public record SignedIn(String name, String token) implements Outcome {
    }

    /** The server refused, saying why; {@code taken} when the name is someone else's. */
    public record Refused(String reason, boolean taken) implements Outcome {
        /** Whether the host removed this person (then no other way in will do either). */
        public boolean removed() {
            return reason.startsWith("the host removed");
        }
    }

    /** A server without names (a tutorial server, or an older Hubbub): post and read under the name as before. */
    public record NoNames() implements Outcome {
    }

    private final OkHttpClient http;

    public SessionClient(OkHttpClient http) {
        this.http = http;
    }

    /** A client whose every request carries {@code token} (none when it is null). */
    public static OkHttpClient signedIn(OkHttpClient http, String token) {
        if (token == null) {
            return http;
        }
        Interceptor bearer = chain -> chain.proceed(chain.request().newBuilder()
                .header("Authorization", "Bearer " + token).build());
        return http.newBuilder().addInterceptor(bearer).build();
    }

    /** With a kept token when there is one (the name it holds wins), else by claiming {@code name}. */
    public CompletableFuture<Outcome> signIn(ServerAddress server, String name, String keptToken) {
        if (keptToken == null) {
            return post(server, new Api.SignIn(name, null, null, server.key()), null);
        }
        return post(server, new Api.SignIn(null, null, keptToken), keptToken).thenCompose(outcome ->
                outcome instanceof Refused refused && !refused.removed()
                        ? post(server, new Api.SignIn(name, null, null, server.key()), null)
                        : CompletableFuture.completedFuture(outcome));
    }

    /** With the name's passphrase (set on another device), on a device that has nothing of that person's. */
    public CompletableFuture<Outcome> withPassphrase(ServerAddress server, String name, String passphrase) {
        return post(server, new Api.SignIn(name, null, null, server.key(), passphrase), null);
    }

    /** With a one-time code from another device of the same person. */
    public CompletableFuture<Outcome> link(ServerAddress server, String code) {
        return post(server, new Api.SignIn(null, code, null, server.key()), null);
    }

    private CompletableFuture<Outcome> post(ServerAddress server, Api.SignIn signIn, String keptToken) {
        Request request = new Request.Builder().url(server.base().resolve("session"))
                .post(RequestBody.create(ChatJson.write(signIn), JSON)).build();
        return Calls.reply(http.newCall(request), MAX_REPLY_BYTES).thenApply(reply -> {
            if (reply.status() == 404 || reply.status() == 405) {
                return new NoNames();
            }
            if (!reply.ok()) {
                return new Refused(reply.sentence(), reply.status() == 409);
            }
            Api.Session session = ChatJson.read(reply.body().strip(), Api.Session.class);
            return new SignedIn(session.name(), session.token() != null ? session.token() : keptToken);
        });
    }
}
