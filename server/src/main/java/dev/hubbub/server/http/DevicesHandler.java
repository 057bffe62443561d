package dev.hubbub.server.http;

import dev.hubbub.chat.Api;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.Sentence;
import dev.hubbub.server.hub.Hub;
import dev.hubbub.server.store.Directory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * What a person does to keep their way in, signed in:
 * <ul>
 *   <li>{@code GET /session/devices}: the devices they are signed in on ({@link Api.Device}, this one marked
 *       {@code current}); {@code DELETE /session/devices/{id}} signs one out (204; 404 when it is not theirs).</li>
 *   <li>{@code GET /profile/passphrase} ({@code {"set":true}}), {@code PUT /profile/passphrase {"passphrase":"…"}}
 *       (204; {@value Passphrases#MIN_LENGTH} to {@value Passphrases#MAX_LENGTH} characters) and
 *       {@code DELETE /profile/passphrase}: the passphrase that signs them in by name on any device.</li>
 * </ul>
 * Not signed in: 401. Changes count against the person's profile rate.
 */
final class DevicesHandler {
    /** {@code GET /profile/passphrase}'s answer. */
    record PassphraseSet(boolean set) {
    }

    private final Hub hub;
    private final Authenticator auth;
    private final JsonBodies bodies;
    private final Passphrases passphrases;
    private final RateLimiter rate = new RateLimiter(ProfileHandler.CHANGES_PER_SECOND, ProfileHandler.CHANGE_BURST,
            System::nanoTime);

    DevicesHandler(Hub hub, Authenticator auth, JsonBodies bodies, Passphrases passphrases) {
        this.hub = hub;
        this.auth = auth;
        this.bodies = bodies;
        this.passphrases = passphrases;
    }

    boolean devices(Caller caller, Map<String, String> path, Request request, Response response,
                    Callback callback) {
        Directory.Identity me = signedIn(caller, response, callback);
        if (me == null) {
            return true;
        }
        Directory directory = auth.directory();
        String id = path.get("id");
        if (id == null) {
            String current = Directory.deviceId(caller.token());
            List<Api.Device> devices = directory.devices(me.key()).stream().map(d -> new Api.Device(d.id(),
                    d.label(), d.signedIn(), d.lastSeen(), d.id().equals(current))).toList();
            Replies.json(response, callback, HttpStatus.OK_200, ChatJson.write(devices));
            return true;
        }
        if (!directory.signOut(me.key(), id)) {
            Replies.text(response, callback, HttpStatus.NOT_FOUND_404, Sentence.of("server.noSuchDevice"));
            return true;
        }
        // Streams are not kept by device: the person's streams end, and those of devices still signed in come back
        // at once (their tokens work); the one signed out is refused when it tries.
        hub.endStreamsOf(me.key());
        response.setStatus(HttpStatus.NO_CONTENT_204);
        callback.succeeded();
        return true;
    }

    boolean passphrase(Caller caller, Request request, Response response, Callback callback) {
        Directory.Identity me = signedIn(caller, response, callback);
        if (me == null) {
            return true;
        }
        Directory directory = auth.directory();
        if (request.getMethod().equals("GET")) {
            Replies.json(response, callback, HttpStatus.OK_200,
                    ChatJson.write(new PassphraseSet(directory.passphrase(me.key()).isPresent())));
            return true;
        }
        long wait = rate.acquire(me.key());
        if (wait > 0) {
            Replies.tooMany(response, callback, wait, Sentence.of("server.passphraseChangesTooOften"));
            return true;
        }
        if (request.getMethod().equals("DELETE")) {
            directory.setPassphrase(me.key(), null);
            response.setStatus(HttpStatus.NO_CONTENT_204);
            callback.succeeded();
            return true;
        }
        bodies.read(request, response, callback, Api.Passphrase.class, set -> {
            directory.setPassphrase(me.key(), passphrases.hash(caller.addressKey(),
                    Passphrases.checked(set.passphrase())));
            response.setStatus(HttpStatus.NO_CONTENT_204);
            callback.succeeded();
        });
        return true;
    }

    private static Directory.Identity signedIn(Caller caller, Response response, Callback callback) {
        Optional<Directory.Identity> who = caller.identity();
        if (who.isEmpty()) {
            Replies.text(response, callback, HttpStatus.UNAUTHORIZED_401, Sentence.of("server.notSignedIn"));
            return null;
        }
        return who.get();
    }
}
