package dev.hubbub.desktop.net;

import dev.hubbub.chat.Attachment;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.InvalidMessageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.function.DoubleConsumer;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
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
        CompletableFuture<Attachment> result = new CompletableFuture<>();
        call.enqueue(new Callback() {
            @Override
            public void onFailure(@NotNull Call c, @NotNull IOException e) {
                result.completeExceptionally(failure(c, e));
            }

            @Override
            public void onResponse(@NotNull Call c, @NotNull Response response) {
                try (response) {
                    String text = BoundedBody.text(response, Outbox.MAX_REPLY_BYTES);
                    if (response.code() == 201) {
                        result.complete(ChatJson.read(text, Attachment.class));
                    } else {
                        result.completeExceptionally(new IOException(text.isBlank()
                                ? "the room answered " + response.code() : text.strip()));
                    }
                } catch (IOException | InvalidMessageException e) {
                    result.completeExceptionally(e);
                }
            }
        });
        return new Transfer<>(result, call);
    }

    /** Downloads a file to {@code target}: written beside it first, moved into place only once complete. */
    public Transfer<Path> download(Attachment file, Path target, DoubleConsumer progress) {
        Call call = http.newCall(new Request.Builder().url(urlOf(file.url())).build());
        CompletableFuture<Path> result = new CompletableFuture<>();
        call.enqueue(new Callback() {
            @Override
            public void onFailure(@NotNull Call c, @NotNull IOException e) {
                result.completeExceptionally(failure(c, e));
            }

            @Override
            public void onResponse(@NotNull Call c, @NotNull Response response) {
                Path part = null;
                try (response) {
                    if (!response.isSuccessful()) {
                        throw new IOException(BoundedBody.text(response, Outbox.MAX_REPLY_BYTES).strip());
                    }
                    Path dir = target.toAbsolutePath().getParent();
                    Files.createDirectories(dir);
                    part = Files.createTempFile(dir, ".hubbub-", ".part");
                    long total = response.body().contentLength();
                    try (InputStream in = response.body().byteStream();
                         var out = Files.newOutputStream(part)) {
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
                    result.complete(target);
                } catch (IOException e) {
                    deleteQuietly(part);
                    result.completeExceptionally(e);
                }
            }
        });
        return new Transfer<>(result, call);
    }

    /** A thumbnail's bytes. */
    public CompletableFuture<byte[]> thumbnail(String url) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        http.newCall(new Request.Builder().url(urlOf(url)).build()).enqueue(new Callback() {
            @Override
            public void onFailure(@NotNull Call c, @NotNull IOException e) {
                result.completeExceptionally(e);
            }

            @Override
            public void onResponse(@NotNull Call c, @NotNull Response response) {
                try (response) {
                    if (!response.isSuccessful()) {
                        throw new IOException("the room answered " + response.code());
                    }
                    result.complete(BoundedBody.read(response, MAX_THUMBNAIL_BYTES));
                } catch (IOException e) {
                    result.completeExceptionally(e);
                }
            }
        });
        return result;
    }

    /** Why a transfer stopped, in a sentence: cancelled, or what the network said. */
    private IOException failure(Call call, IOException e) {
        return new IOException(call.isCanceled() ? "cancelled" : Problems.describe(server, e, null), e);
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
