package dev.hubbub.server.http;

import dev.hubbub.chat.Sentence;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.server.Refused;
import dev.hubbub.server.files.FileStore;
import dev.hubbub.server.files.MediaTypes;
import dev.hubbub.server.store.Conversations;
import dev.hubbub.server.store.Directory;
import dev.hubbub.server.store.FileIndex.StoredFile;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /files?name=NAME} takes a file's bytes as the body (signed in) and answers {@code 201}
 * {@code {"id":…,"url":…}} once they are stored; {@code GET /files/ID} and {@code GET /files/ID/thumbnail} give
 * them back to whoever may read a message that carries the file (and to its uploader), with ranges, a strong ETag
 * and every header that keeps a file from ever acting as a page of the room's origin.
 */
final class FilesHandler {
    private static final Logger LOG = LoggerFactory.getLogger(FilesHandler.class);
    /** What a file id looks like (the server makes them); anything else names no file. */
    static final Pattern FILE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** A file's bytes never change, so a browser may keep them as long as it likes (but no shared cache). */
    static final String CACHE = "private, max-age=31536000, immutable";
    /** A file opened directly in a tab runs no script, loads nothing and cannot be framed. */
    static final String SANDBOX = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'";
    /** An upload slower than this, after its first {@code requestTimeout}, is cut off. */
    static final long MIN_BYTES_PER_SECOND = 32 * 1024;
    private static final int MAX_NAME = 255;
    private static final int BUFFER = 64 * 1024;

    private final FileStore files;
    private final Authenticator auth;
    private final Moderation rules;
    private final RateLimiter uploads;
    private final Duration requestTimeout;
    private final Executor executor;

    FilesHandler(FileStore files, Authenticator auth, Moderation rules, RateLimiter uploads, Duration requestTimeout,
                 Executor executor) {
        this.files = files;
        this.auth = auth;
        this.rules = rules;
        this.uploads = uploads;
        this.requestTimeout = requestTimeout;
        this.executor = executor;
    }

    boolean upload(Caller caller, Request request, Response response, Callback callback) {
        Optional<Directory.Identity> who = caller.identity();
        if (who.isEmpty()) {
            refuseUnread(request, response, callback, HttpStatus.UNAUTHORIZED_401, "sign in to send files");
            return true;
        }
        String address = caller.address();
        try {
            rules.check(Moderation.Actor.of(caller), null, Moderation.Act.UPLOAD);
        } catch (Refused refused) {
            refuseUnread(request, response, callback, refused.status(), Replies.reason(response, refused));
            return true;
        }
        long waitMillis = uploads.acquire(caller.addressKey());
        if (waitMillis > 0) {
            refuse(request, response, callback, () -> Replies.tooMany(response, callback, waitMillis,
                    Sentence.of("server.tooManyFilesFromAt", "address", address, "uploadsPerMinute", files.limits().uploadsPerMinute())));
            return true;
        }
        String name;
        try {
            name = fileName(Request.extractQueryParameters(request, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            refuseUnread(request, response, callback, HttpStatus.BAD_REQUEST_400, Replies.reason(response, e));
            return true;
        }
        FileStore.Upload upload;
        try {
            upload = files.begin(name, MediaTypes.declared(request.getHeaders().get(HttpHeader.CONTENT_TYPE)),
                    request.getLength(), who.get().key());
        } catch (Refused refused) {
            refuseUnread(request, response, callback, refused.status(), Replies.reason(response, refused));
            return true;
        } catch (IOException e) {
            LOG.error("could not start an upload", e);
            refuseUnread(request, response, callback, HttpStatus.INSUFFICIENT_STORAGE_507,
                    "the server cannot store files right now: " + e.getMessage());
            return true;
        }
        new UploadReader(request, response, callback, upload).run();
        return true;
    }

    /** Refused uploads announcing at most this much are read to their end before the answer. */
    static final long DRAIN_BYTES = 1 << 20;

    /** Answers a refused upload with a sentence ({@link #refuse}). */
    private static void refuseUnread(Request request, Response response, Callback callback, int status,
                                     String sentence) {
        refuse(request, response, callback, () -> Replies.text(response, callback, status, sentence));
    }

    /**
     * Answers an upload whose body will not be kept. A small one (at most {@value #DRAIN_BYTES} bytes announced) is
     * read to its end first, so the client, still sending, is not cut off before it can read the answer; a larger
     * one, or one of unknown length, is answered at once and the connection closed after the answer: the rest of
     * its body (maybe a gigabyte) is never read.
     */
    private static void refuse(Request request, Response response, Callback callback, Runnable answer) {
        long length = request.getLength();
        if (length >= 0 && length <= DRAIN_BYTES) {
            Content.Source.consumeAll(request, Callback.from(answer, failure -> callback.failed(failure)));
            return;
        }
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        answer.run();
    }

    /**
     * The file's name from {@code ?name=}: its last path segment, NFC, 1 to 255 characters, no control characters nor
     * any that hide or turn the text around them ({@link dev.hubbub.server.unicode.FreeText}: a right-to-left
     * override would make a program's name look like a document's).
     */
    static String fileName(Fields query) {
        String raw = query.getValue("name");
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("say the file's name: POST /files?name=FILENAME");
        }
        String name = Normalizer.normalize(raw, Normalizer.Form.NFC);
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(slash + 1).strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("the file's name is empty");
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME) {
            throw new IllegalArgumentException("the file's name is longer than " + MAX_NAME + " characters");
        }
        if (name.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("the file's name contains a control or invisible character");
        }
        return dev.hubbub.server.unicode.FreeText.checked("the file's name", name);
    }

    /** Reads the body chunk by chunk as it arrives, into the upload, without holding a thread while none arrives. */
    private final class UploadReader implements Runnable {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final FileStore.Upload upload;
        private final long started = System.nanoTime();

        UploadReader(Request request, Response response, Callback callback, FileStore.Upload upload) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.upload = upload;
        }

        @Override
        public void run() {
            while (true) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                boolean last = chunk.isLast();
                if (Content.Chunk.isFailure(chunk)) {
                    // The client went away (or the connection failed): nothing of it is kept.
                    upload.close();
                    callback.failed(chunk.getFailure());
                    return;
                }
                try {
                    if (chunk.hasRemaining()) {
                        upload.write(chunk.getByteBuffer());
                    }
                } catch (Refused refused) {
                    upload.close();
                    refuseUnread(request, response, callback, refused.status(), Replies.reason(response, refused));
                    return;
                } catch (IOException e) {
                    upload.close();
                    LOG.error("could not write an upload", e);
                    refuseUnread(request, response, callback, HttpStatus.INSUFFICIENT_STORAGE_507,
                            "the server could not store the file (" + e.getMessage() + "); nothing was kept");
                    return;
                } finally {
                    chunk.release();
                }
                if (last) {
                    executor.execute(this::finish);
                    return;
                }
                if (tooSlow()) {
                    upload.close();
                    response.getHeaders().put(HttpHeader.CONNECTION, "close"); // never wait for the rest of it
                    Replies.text(response, callback, HttpStatus.REQUEST_TIMEOUT_408, Sentence.of("server.theFileArrivedTooSlowly", "value", MIN_BYTES_PER_SECOND / 1024));
                    return;
                }
            }
        }

        private boolean tooSlow() {
            double seconds = (System.nanoTime() - started) / 1e9;
            double allowed = requestTimeout.toSeconds() + (double) upload.received() / MIN_BYTES_PER_SECOND;
            return seconds > allowed;
        }

        private void finish() {
            try {
                StoredFile file = upload.finish();
                response.getHeaders().put(HttpHeader.LOCATION, file.attachment().url());
                Replies.json(response, callback, HttpStatus.CREATED_201, ChatJson.write(file.attachment()));
            } catch (Refused refused) {
                Replies.text(response, callback, refused.status(), Replies.reason(response, refused));
            } catch (IOException e) {
                LOG.error("could not store an upload", e);
                Replies.text(response, callback, HttpStatus.INSUFFICIENT_STORAGE_507,
                        Sentence.of("server.theServerCouldNotStore", "message", e.getMessage()));
            } catch (RuntimeException | Error e) {
                // Error too: one upload that ran out of memory is still answered, and the server goes on.
                upload.close();
                Replies.unexpected(response, callback, e);
            }
        }
    }

    /**
     * {@code GET} or {@code HEAD} of a file or its thumbnail.
     *
     * @param id the file's id, as the path names it
     */
    boolean download(Caller caller, String id, boolean thumbnail, Request request, Response response,
                     Callback callback) throws IOException {
        if (!FILE_ID.matcher(id).matches()) {
            Replies.text(response, callback, HttpStatus.NOT_FOUND_404, Sentence.of("server.thereIsNoSuchFile"));
            return true;
        }
        return download(caller, id, thumbnail, request, response, callback, true);
    }

    /**
     * @param again whether to look the file up once more should its bytes have moved since it was looked up (when
     *     their hash became known, or they were found to be a copy of stored content)
     */
    private boolean download(Caller caller, String id, boolean thumbnail, Request request, Response response,
                             Callback callback, boolean again) throws IOException {
        Optional<StoredFile> found = files.find(id);
        Optional<Directory.Identity> who = caller.identity();
        if (found.isEmpty() || !mayRead(found.get(), who.map(Directory.Identity::key).orElse(null))) {
            // The same answer for a file that does not exist and one that is not yours to see.
            Replies.text(response, callback, HttpStatus.NOT_FOUND_404, Sentence.of("server.thereIsNoSuchFile"));
            return true;
        }
        StoredFile file = found.get();
        Path bytes;
        String type;
        String etag;
        if (thumbnail) {
            Optional<FileStore.ThumbnailFile> small = files.thumbnailOf(file);
            if (small.isEmpty() && file.thumbnail() && again) {
                // renamed by its hash meanwhile
                return download(caller, id, thumbnail, request, response, callback, false);
            }
            if (small.isEmpty()) {
                Replies.text(response, callback, HttpStatus.NOT_FOUND_404, Sentence.of("server.thisFileHasNoThumbnail"));
                return true;
            }
            bytes = small.get().path();
            type = small.get().type();
            etag = "\"" + file.id() + "-t\"";
        } else {
            bytes = files.bytesOf(file);
            type = MediaTypes.RASTER.contains(file.type()) ? file.type() : MediaTypes.OCTET_STREAM;
            etag = "\"" + file.id() + "\"";
        }
        // Opened now, the bytes stay readable even if the hasher moves or drops the file while they are sent.
        java.nio.channels.SeekableByteChannel channel;
        long length;
        try {
            channel = Files.newByteChannel(bytes);
            length = channel.size();
        } catch (IOException e) {
            if (again) {
                return download(caller, id, thumbnail, request, response, callback, false);
            }
            Replies.text(response, callback, HttpStatus.NOT_FOUND_404, Sentence.of("server.thisFileIsNoLonger"));
            return true;
        }
        var headers = response.getHeaders();
        headers.put(HttpHeader.ETAG, etag);
        headers.put(HttpHeader.CACHE_CONTROL, CACHE);
        headers.put("Content-Security-Policy", SANDBOX);
        headers.put(HttpHeader.ACCEPT_RANGES, "bytes");
        headers.put(HttpHeader.CONTENT_DISPOSITION, disposition(thumbnail || MediaTypes.RASTER.contains(file.type()),
                file.name()));
        headers.put(HttpHeader.VARY, "Cookie, Authorization");
        String ifNoneMatch = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
        if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.strip().equals("*"))) {
            channel.close();
            response.setStatus(HttpStatus.NOT_MODIFIED_304);
            callback.succeeded();
            return true;
        }
        long start = 0;
        long count = length;
        String range = request.getHeaders().get(HttpHeader.RANGE);
        String ifRange = request.getHeaders().get(HttpHeader.IF_RANGE);
        if (range != null && (ifRange == null || ifRange.strip().equals(etag))) {
            long[] span = ByteRange.parse(range, length);
            if (span == ByteRange.UNSATISFIABLE) {
                channel.close();
                headers.put(HttpHeader.CONTENT_RANGE, "bytes */" + length);
                Replies.text(response, callback, HttpStatus.RANGE_NOT_SATISFIABLE_416,
                        Sentence.of("server.theRangeIsOutsideThe", "range", range, "length", length));
                return true;
            }
            if (span != null) {
                start = span[0];
                count = span[1] - span[0] + 1;
                response.setStatus(HttpStatus.PARTIAL_CONTENT_206);
                headers.put(HttpHeader.CONTENT_RANGE, "bytes " + span[0] + "-" + span[1] + "/" + length);
            }
        }
        headers.put(HttpHeader.CONTENT_TYPE, type);
        headers.put(HttpHeader.CONTENT_LENGTH, count);
        if (request.getMethod().equals("HEAD")) {
            channel.close();
            callback.succeeded();
            return true;
        }
        ByteBufferPool.Sized buffers = new ByteBufferPool.Sized(request.getComponents().getByteBufferPool(), true,
                BUFFER);
        Content.copy(Content.Source.from(buffers, channel, start, count), response, callback);
        return true;
    }

    /**
     * Whether the person with name key {@code key} (null: nobody signed in) may read the file: its uploader; anyone,
     * when a message in a room carries it; the two people of a direct conversation whose message carries it.
     */
    private boolean mayRead(StoredFile file, String key) {
        if (key != null && key.equals(file.uploaderKey())) {
            return true;
        }
        for (String conversation : files.carriedIn(file.id())) {
            if (!Conversations.isDirect(conversation) || Conversations.isMember(conversation, key)) {
                return true;
            }
        }
        return false;
    }

    /** {@code inline} for images the page shows, {@code attachment} for everything else; the name in both forms. */
    static String disposition(boolean inline, String name) {
        StringBuilder ascii = new StringBuilder();
        name.codePoints().forEach(c -> ascii.append(c >= 0x20 && c < 0x7F && c != '"' && c != '\\' ? (char) c : '_'));
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return (inline ? "inline" : "attachment") + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }

    /** One {@code Range: bytes=…} of a file; several ranges are served as the whole file (which HTTP allows). */
    static final class ByteRange {
        static final long[] UNSATISFIABLE = new long[0];

        private ByteRange() {
        }

        /** {first, last} inclusive; null to serve the whole file; {@link #UNSATISFIABLE}. */
        static long[] parse(String header, long length) {
            String value = header.strip();
            if (!value.startsWith("bytes=") || value.contains(",")) {
                return null;
            }
            String spec = value.substring(6).strip();
            int dash = spec.indexOf('-');
            if (dash < 0) {
                return null;
            }
            try {
                String first = spec.substring(0, dash).strip();
                String last = spec.substring(dash + 1).strip();
                if (first.isEmpty()) {
                    long suffix = Long.parseLong(last);
                    if (suffix <= 0) {
                        return UNSATISFIABLE;
                    }
                    return length == 0 ? UNSATISFIABLE : new long[] {Math.max(0, length - suffix), length - 1};
                }
                long from = Long.parseLong(first);
                long to = last.isEmpty() ? length - 1 : Math.min(Long.parseLong(last), length - 1);
                if (from >= length || from > to) {
                    return from >= length ? UNSATISFIABLE : null;
                }
                return new long[] {from, to};
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
