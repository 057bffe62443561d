package dev.hubbub.desktop.net;

import static dev.hubbub.desktop.ui.Words.t;

import dev.hubbub.chat.Attachment;
import dev.hubbub.chat.ChatJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.function.DoubleConsumer;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;
import org.jetbrains.annotations.NotNull;

/**
 * Files to and from the room: uploads ({@code POST /files}) streamed from disk with their progress, downloads
 * streamed to disk (to a temporary file beside the target, moved into place when complete), and thumbnails as
 * bytes. Every request goes through the session's client, so it carries the token.
 *
 * <p>Threads: call from any thread; futures and progress complete on OkHttp's threads.
 */
public final class FileTransfers {
    /** A thumbnail is a few dozen kB; more is not believed. */
    static final long MAX_THUMBNAIL_BYTES = 4L * 1024 * 1024;
    private static final long CHUNK = 64 * 1024;

    private final OkHttpClient http;
    private final ServerAddress server;

    public FileTransfers(OkHttpClient http, ServerAddress server) {
        this.http = http;
        this.server = server;
    }

    /** An upload or download under way: its result, and how to stop it. */
    public record Transfer<T>(CompletableFuture<T> result, Call call) {
        public void cancel() {
            call.cancel();
        }
    }

    /**
     * Uploads a file.
     *
     * @param progress told the fraction sent (0 to 1) as bytes go out
     */
    public Transfer<Attachment> upload(Path file, String name, String type, DoubleConsumer progress)
            throws IOException {
        long length = Files.size(file);
        MediaType mediaType = MediaType.parse(type == null ? "application/octet-stream" : type);
        RequestBody body = new RequestBody() {
            @Override
            public MediaType contentType() {
                return mediaType;
            }

            @Override
            public long contentLength() {
                return length;
            }

            @Override
            public void writeTo(@NotNull BufferedSink sink) throws IOException {
                try (Source source = Okio.source(file)) {
                    long sent = 0;
                    long read;
                    while ((read = source.read(sink.getBuffer(), CHUNK)) != -1) {
                        sink.emitCompleteSegments();
                        sent += read;
                        progress.accept(length == 0 ? 1 : (double) sent / length);
                    }
                }
            }
        };
        HttpUrl url = server.base().resolve("files").newBuilder().addQueryParameter("name", name).build();
        Call call = http.newCall(new Request.Builder().url(url).post(body).build());
        CompletableFuture<Attachment> result = Calls.enqueue(call, response -> {
            String text = BoundedBody.text(response, Outbox.MAX_REPLY_BYTES);
            if (response.code() != 201) {
                throw new Calls.Refusal(response.code(), new Calls.Reply(response.code(), text).sentence());
            }
            return ChatJson.read(text, Attachment.class);
        }).exceptionallyCompose(e -> CompletableFuture.failedFuture(failure(call, e)));
        return new Transfer<>(result, call);
    }

    /** Downloads a file to {@code target}: written beside it first, moved into place only once complete. */
    public Transfer<Path> download(Attachment file, Path target, DoubleConsumer progress) {
        Call call = http.newCall(new Request.Builder().url(urlOf(file.url())).build());
        CompletableFuture<Path> result = Calls.enqueue(call, response -> {
            if (!response.isSuccessful()) {
                throw new Calls.Refusal(response.code(),
                        new Calls.Reply(response.code(), BoundedBody.text(response, Outbox.MAX_REPLY_BYTES)).sentence());
            }
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path part = Files.createTempFile(dir, ".hubbub-", ".part");
            try {
                long total = response.body().contentLength();
                try (InputStream in = response.body().byteStream(); var out = Files.newOutputStream(part)) {
                    byte[] buffer = new byte[(int) CHUNK];
                    long done = 0;
                    int n;
                    while ((n = in.read(buffer)) != -1) {
                        out.write(buffer, 0, n);
                        done += n;
                        if (total > 0) {
                            progress.accept((double) done / total);
                        }
                    }
                }
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return target;
            } catch (IOException e) {
                deleteQuietly(part);
                throw e;
            }
        }).exceptionallyCompose(e -> CompletableFuture.failedFuture(failure(call, e)));
        return new Transfer<>(result, call);
    }

    /** A thumbnail's bytes. */
    /**
     * A person's picture ({@code GET /avatars/{name}?picture=only}: a small PNG), or empty when they set none (or
     * it cannot be had: the initials do then).
     */
    public CompletableFuture<java.util.Optional<byte[]>> picture(String name) {
        HttpUrl url = server.base().newBuilder().addPathSegment("avatars").addPathSegment(name)
                .addQueryParameter("picture", "only").build();
        return Calls.enqueue(http.newCall(new Request.Builder().url(url).build()), response ->
                response.code() == 200 ? java.util.Optional.of(BoundedBody.read(response, MAX_PICTURE_BYTES))
                        : java.util.Optional.<byte[]>empty());
    }

    /** The largest picture a person may have (the server makes them 128 pixels, far smaller). */
    static final int MAX_PICTURE_BYTES = 64 * 1024;

    public CompletableFuture<byte[]> thumbnail(String url) {
        return Calls.enqueue(http.newCall(new Request.Builder().url(urlOf(url)).build()), response -> {
            if (!response.isSuccessful()) {
                throw new IOException(t("serverAnswered", "status", String.valueOf(response.code())));
            }
            return BoundedBody.read(response, MAX_THUMBNAIL_BYTES);
        });
    }

    /** Why a transfer stopped, in a sentence: cancelled, what the network said, or the room's refusal. */
    private Throwable failure(Call call, Throwable e) {
        Throwable cause = Calls.cause(e);
        if (call.isCanceled()) {
            return new IOException("cancelled", cause);
        }
        return cause instanceof IOException io ? new IOException(Problems.describe(server, io, null), io) : cause;
    }

    /** A URL the server gave ({@code /files/…}), on this server; anything else is refused. */
    HttpUrl urlOf(String path) {
        if (path == null || !path.startsWith("/files/")) {
            throw new IllegalArgumentException("not a file of this room: " + path);
        }
        return server.base().resolve(path.substring(1));
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file; the next start of the app does not depend on it
            }
        }
    }

}
