package dev.hubbub.server.http;

import dev.hubbub.chat.Sentence;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.export.Export;
import dev.hubbub.server.export.ExportFormat;
import dev.hubbub.server.export.Exporter;
import dev.hubbub.server.files.FileStore;
import dev.hubbub.server.hub.Hub;
import dev.hubbub.server.store.Conversations;
import dev.hubbub.server.store.Directory;
import dev.hubbub.server.text.Catalog;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /export?room=ID} (or {@code with=NAME}, one's direct conversation; or {@code all=1}, every room, for a
 * host) {@code &format=json|html}: a conversation someone may read, whole, to keep ({@link Exporter}). Signed in; a
 * conversation the caller may not read is 404, as everywhere.
 *
 * <p>The export is written to the response as it is read, on the request executor, through a blocking stream: each
 * write waits until the connection has taken the bytes before the next page is read, so a slow reader slows its
 * export and nothing piles up. Each export holds an executor thread, so at most {@value #AT_ONCE_PER_PERSON} run at
 * once per person and {@value #AT_ONCE_PER_ADDRESS} per client address ({@link AddressKey}) ({@code 429}), and
 * {@value #AT_ONCE} in all ({@code 503}); and each has a deadline ({@link HttpLimits#exportDeadline}), past which its
 * connection is closed, so a client that reads slowly (each write it takes at all keeps the connection from idling
 * out) cannot keep an export and its thread: the write under way fails and the export ends. Whatever fails, an {@link Error}
 * included, the request is answered: with a sentence if nothing was sent yet, else by cutting the response short,
 * which the client sees as a broken download (never a hang).
 */
final class ExportHandler {
    static final int AT_ONCE_PER_PERSON = 2;
    static final int AT_ONCE_PER_ADDRESS = 4;
    static final int AT_ONCE = 8;
    /** What is gathered before a write to the connection: a few writes per picture, not one per message. */
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ExportHandler.class);

    private final Hub hub;
    private final Authenticator auth;
    private final Exporter exporter;
    private final Executor executor;
    private final Duration deadline;
    private final StreamLimiter running = new StreamLimiter(AT_ONCE_PER_PERSON, AT_ONCE);
    /** The same exports by client address (the total is {@link #running}'s). */
    private final StreamLimiter byAddress = new StreamLimiter(AT_ONCE_PER_ADDRESS, AT_ONCE);

    ExportHandler(Hub hub, Authenticator auth, FileStore files, Executor executor, Duration deadline) {
        this.hub = hub;
        this.auth = auth;
        this.exporter = new Exporter(hub, files);
        this.executor = executor;
        this.deadline = deadline;
    }

    boolean handle(Caller caller, Request request, Response response, Callback callback) {
        Optional<Directory.Identity> who = caller.identity();
        if (who.isEmpty()) {
            Replies.text(response, callback, HttpStatus.UNAUTHORIZED_401, Sentence.of("server.signInToExport"));
            return true;
        }
        Fields query = Request.extractQueryParameters(request);
        Optional<ExportFormat> format = ExportFormat.named(Optional.ofNullable(query.getValue("format")).orElse("json"));
        if (format.isEmpty()) {
            Replies.text(response, callback, HttpStatus.BAD_REQUEST_400, Sentence.of("server.exportFormat"));
            return true;
        }
        Directory directory = auth.directory();
        List<StreamEvents.RoomInfo> wanted = new ArrayList<>();
        if ("1".equals(query.getValue("all"))) {
            if (!caller.isHost()) {
                Replies.text(response, callback, HttpStatus.FORBIDDEN_403, Sentence.of("server.onlyTheHostCanDo"));
                return true;
            }
            wanted.addAll(directory.rooms());
        } else {
            String with = query.getValue("with");
            String room = with != null ? auth.conversationWith(who.get(), with)
                    : Optional.ofNullable(query.getValue("room")).orElse(Conversations.GENERAL);
            if (!auth.mayRead(room, who)) {
                Replies.text(response, callback, HttpStatus.NOT_FOUND_404, Sentence.of("server.noConversation",
                        "room", with != null ? with : room));
                return true;
            }
            wanted.add(new StreamEvents.RoomInfo(room, with != null ? with
                    : directory.room(room).map(StreamEvents.RoomInfo::name).orElse(room)));
        }
        String key = who.get().key();
        String address = caller.addressKey();
        if (byAddress.tryOpen(address) == StreamLimiter.Admission.ADDRESS_FULL) {
            Replies.tooMany(response, callback, 5_000, Sentence.of("server.exportsPerAddress",
                    "count", AT_ONCE_PER_ADDRESS));
            return true;
        }
        switch (running.tryOpen(key)) {
            case ADDRESS_FULL -> {
                byAddress.closed(address);
                Replies.tooMany(response, callback, 5_000, Sentence.of("server.exportsPerPerson",
                        "count", AT_ONCE_PER_PERSON));
                return true;
            }
            case SERVER_FULL -> {
                byAddress.closed(address);
                response.getHeaders().put(HttpHeader.RETRY_AFTER, "10");
                Replies.text(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503,
                        Sentence.of("server.exportsAtOnce"));
                return true;
            }
            case OPEN -> {
                // counted until the export ends, however it ends
            }
        }
        Export export = new Export(hub.name(), Instant.now(), who.get().name(), wanted);
        Locale language = Replies.languageOf(request);
        HttpURI uri = request.getHttpURI();
        String server = uri.getScheme() + "://" + uri.getAuthority();
        try {
            executor.execute(() -> {
                Scheduler.Task cut = request.getComponents().getScheduler().schedule(() -> cut(request),
                        deadline.toMillis(), TimeUnit.MILLISECONDS);
                try {
                    stream(response, callback, format.get().contentType(), export.fileName(format.get()),
                            out -> exporter.write(export, format.get(), Catalog.of(language), server, out));
                } finally {
                    cut.cancel();
                    running.closed(key);
                    byAddress.closed(address);
                }
            });
        } catch (RuntimeException rejected) {
            running.closed(key);
            byAddress.closed(address);
            throw rejected;
        }
        return true;
    }

    /**
     * On the scheduler, when an export has run past its deadline: closes its connection, which fails the write under
     * way (and the next), so the export's thread ends it as cut short. Over HTTP/2 the client's other requests on that
     * connection end too; it opens another.
     */
    private void cut(Request request) {
        LOG.warn("an export took longer than {} s; its connection is closed", deadline.toSeconds());
        request.getConnectionMetaData().getConnection().getEndPoint()
                .close(new TimeoutException("the export took longer than " + deadline));
    }

    /** What an answer streams: its whole body, written to a stream that blocks until the connection takes it. */
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * On the executor: 200 with {@code body} as it is written, then the end of the response; or, whatever failed
     * (an {@link Error} too: OutOfMemoryError, StackOverflowError), an answer, and the server goes on.
     */
    static void stream(Response response, Callback callback, String type, String fileName, Body body) {
        try {
            response.setStatus(HttpStatus.OK_200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
            response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"");
            OutputStream out = new BufferedOutputStream(Content.Sink.asOutputStream(response), BUFFER_BYTES);
            body.writeTo(out);
            // Closed only when whole: closing ends the response as complete, which a failed export is not.
            out.close();
            callback.succeeded();
        } catch (Throwable failure) {
            failed(response, callback, failure);
        }
    }

    /** Before the first byte went out, a sentence (503 for an Error, as for a server out of breath); else a cut. */
    private static void failed(Response response, Callback callback, Throwable failure) {
        try {
            if (!response.isCommitted() && failure instanceof Error) {
                LOG.error("an export failed", failure);
                response.reset();
                response.getHeaders().put(HttpHeader.RETRY_AFTER, "10");
                Replies.text(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503,
                        Sentence.of("server.exportFailed"));
            } else if (!response.isCommitted()) {
                response.reset();
                Replies.unexpected(response, callback, failure);
            } else {
                LOG.warn("an export was cut short: {}", failure.toString());
                callback.failed(failure);
            }
        } catch (Throwable again) {
            callback.failed(failure);
        }
    }
}
