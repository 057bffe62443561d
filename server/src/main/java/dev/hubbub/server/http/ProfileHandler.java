package dev.hubbub.server.http;

import dev.hubbub.chat.Sentence;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.server.Refused;
import dev.hubbub.server.files.FileStore;
import dev.hubbub.server.files.Thumbnails;
import dev.hubbub.server.store.Directory;
import dev.hubbub.server.store.FileIndex;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A person's picture. {@code PUT /profile/picture} {@code {"file":"ID"}} makes it from a picture the person uploaded
 * ({@code POST /files}, which checked and thumbnailed it): the middle square of its thumbnail, 128 pixels a side,
 * kept by the directory; {@code DELETE /profile/picture} takes it away. {@code GET /avatars/{name}} then serves it
 * in place of the initials. Signed in; at most a few changes a minute per person; none while muted (taking one away
 * is always allowed).
 */
final class ProfileHandler {
    static final double CHANGES_PER_SECOND = 0.1;
    static final int CHANGE_BURST = 3;

    /** {@code PUT /profile/picture}'s body. */
    record PictureIn(String file) {
    }

    private final Authenticator auth;
    private final Moderation rules;
    private final FileStore files;
    private final JsonBodies bodies;
    private final java.util.concurrent.Executor executor;
    private final RateLimiter rate = new RateLimiter(CHANGES_PER_SECOND, CHANGE_BURST, System::nanoTime);

    ProfileHandler(Authenticator auth, Moderation rules, FileStore files, JsonBodies bodies,
                   java.util.concurrent.Executor executor) {
        this.auth = auth;
        this.rules = rules;
        this.executor = executor;
        this.files = files;
        this.bodies = bodies;
    }

    boolean handle(Caller caller, Request request, Response response, Callback callback) {
        Optional<Directory.Identity> who = caller.identity();
        String method = request.getMethod();
        if (!method.equals("PUT") && !method.equals("DELETE")) {
            return SessionHandler.notAllowed(request, response, callback,
                    "/profile/picture takes PUT (set it from an upload) and DELETE", "PUT, DELETE");
        }
        if (who.isEmpty()) {
            Replies.text(response, callback, HttpStatus.UNAUTHORIZED_401, Sentence.of("server.signInToChangeYour"));
            return true;
        }
        Directory.Identity me = who.get();
        long wait = rate.acquire(me.key());
        if (wait > 0) {
            Replies.tooMany(response, callback, wait, Sentence.of("server.yourPictureChangesAFew"));
            return true;
        }
        if (method.equals("DELETE")) {
            // The directory blocks (a write): off Jetty's thread.
            executor.execute(() -> {
                try {
                    auth.directory().setPicture(me.key(), null);
                    response.setStatus(HttpStatus.NO_CONTENT_204);
                    callback.succeeded();
                } catch (RuntimeException e) {
                    Replies.unexpected(response, callback, e);
                }
            });
            return true;
        }
        bodies.read(request, response, callback, PictureIn.class, in -> {
            if (in.file() == null || in.file().isBlank()) {
                throw new Refused(HttpStatus.BAD_REQUEST_400, Sentence.of("server.sayWhichUploadFileId"));
            }
            rules.check(Moderation.Actor.of(caller), null, Moderation.Act.PICTURE);
            FileIndex.StoredFile file = files.find(in.file()).filter(f -> f.uploaderKey().equals(me.key()))
                    .orElseThrow(() -> new Refused(HttpStatus.NOT_FOUND_404, Sentence.of("server.youUploadedNoFile", "file", in.file())));
            FileStore.ThumbnailFile thumbnail = files.thumbnailOf(file).orElseThrow(() -> new Refused(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE_415, Sentence.of("server.aPictureIsAPng", "name", file.name())));
            byte[] png;
            try {
                png = Thumbnails.avatar(thumbnail.path());
            } catch (IOException e) {
                throw new Refused(HttpStatus.UNSUPPORTED_MEDIA_TYPE_415, Sentence.of("server.thatPictureCouldNotBe"));
            }
            auth.directory().setPicture(me.key(), png);
            Replies.json(response, callback, HttpStatus.OK_200, ChatJson.write(Map.of("picture",
                    "/avatars/" + URLEncoder.encode(me.name(), StandardCharsets.UTF_8).replace("+", "%20"))));
        });
        return true;
    }
}
