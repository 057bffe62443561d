package dev.hubbub.desktop.net;

import dev.hubbub.chat.Attachment;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.Draft;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Messages on their way to the room, sent one at a time in the order they were typed. A line typed while offline
 * waits, marked pending, and goes out when the connection is back. Each carries a client id, so a send retried after
 * a lost answer is stored once. A message is reported sent only when the server acknowledged it; one the server
 * refuses, or that cannot be delivered after {@value #MAX_ATTEMPTS} tries, is reported failed and can be retried.
 *
 * <p>To a tutorial server (one that never said {@code hello}) it posts the plain line {@code name: text}.
 *
 * <p>Threads: any thread may call in; listener calls come from OkHttp's threads or the scheduler's.
 */
public final class Outbox {
    /** A post's answer is a line or a small JSON object; more than this is not believed. */
    static final long MAX_REPLY_BYTES = 64 * 1024;
    static final int MAX_ATTEMPTS = 5;
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final MediaType TEXT = MediaType.get("text/plain; charset=utf-8");

    /**
     * A message the user wrote, and where it goes: a room ({@code room}), or a person ({@code to}); both null on a
     * server without rooms.
     */
    public record Outgoing(String clientId, String author, String text, String room, String to,
                           List<Attachment> files, String replyTo, String thread, boolean alsoInRoom) {
        public Outgoing {
            files = files == null ? List.of() : List.copyOf(files);
        }

        /** A message in no thread. */
        public Outgoing(String clientId, String author, String text, String room, String to, List<Attachment> files,
                        String replyTo) {
            this(clientId, author, text, room, to, files, replyTo, null, false);
        }

        /** A message that answers none. */
        public Outgoing(String clientId, String author, String text, String room, String to, List<Attachment> files) {
            this(clientId, author, text, room, to, files, null);
        }
    }

    /** Told what happens to each message. */
    public interface Listener {
        /** @param id the server's id for it; null when the server did not say */
        void sent(Outgoing message, String id, Instant sentAt);

        void failed(Outgoing message, String reason);
    }

    private final OkHttpClient http;
    private final ServerAddress server;
    private final BooleanSupplier speaksHubbub;
    private final Listener listener;
    private final ScheduledExecutorService scheduler;
    private final Deque<Outgoing> waiting = new ArrayDeque<>();
    private Outgoing inFlight;
    private int attempts;
    private boolean online;

    public Outbox(OkHttpClient http, ServerAddress server, BooleanSupplier speaksHubbub, Listener listener,
                  ScheduledExecutorService scheduler) {
        this.http = http;
        this.server = server;
        this.speaksHubbub = speaksHubbub;
        this.listener = listener;
        this.scheduler = scheduler;
    }

    /** Queues a message; it goes out as soon as the connection allows. Checks it first, on the caller's thread. */
    public Outgoing send(String author, String text, String room, String to, List<Attachment> files) {
        return send(author, text, room, to, files, null);
    }

    /** The same, answering the message with id {@code replyTo} (null: none). */
    public Outgoing send(String author, String text, String room, String to, List<Attachment> files,
                         String replyTo) {
        return send(author, text, room, to, files, replyTo, null, false);
    }

    /**
     * The same, as a reply in the thread of the message {@code thread} (null: none), also sent to its conversation
     * when {@code alsoInRoom}.
     */
    public Outgoing send(String author, String text, String room, String to, List<Attachment> files,
                         String replyTo, String thread, boolean alsoInRoom) {
        Draft draft = Draft.of(author, text, UUID.randomUUID().toString(),
                files.stream().map(Attachment::id).toList());
        Outgoing message = new Outgoing(draft.clientId(), draft.author(), draft.text(), room, to, files, replyTo,
                thread, thread != null && alsoInRoom);
        synchronized (this) {
            waiting.addLast(message);
        }
        pump();
        return message;
    }

    /** Sends a failed message again, with the same client id. */
    public void retry(Outgoing message) {
        synchronized (this) {
            waiting.addLast(message);
        }
        pump();
    }

    /** The stream is up (true) or down (false); pending messages go out while it is up. */
    public void setOnline(boolean isOnline) {
        synchronized (this) {
            online = isOnline;
        }
        pump();
    }

    private void pump() {
        Outgoing next;
        synchronized (this) {
            if (!online || inFlight != null || waiting.isEmpty()) {
                return;
            }
            next = waiting.pollFirst();
            inFlight = next;
            attempts++;
        }
        Calls.reply(http.newCall(request(next)), MAX_REPLY_BYTES).whenComplete((reply, failure) -> {
            if (failure != null) {
                notDelivered(next, Problems.describe(server, Calls.cause(failure), null));
            } else if (reply.ok()) {
                delivered(next, reply.body());
            } else if (reply.status() == 429 || reply.status() >= 500) {
                notDelivered(next, firstLine(reply));
            } else {
                refused(next, firstLine(reply));
            }
        });
    }

    private Request request(Outgoing message) {
        RequestBody body = speaksHubbub.getAsBoolean()
                ? RequestBody.create(ChatJson.write(new Draft(null, message.text(), message.clientId(), message.room(),
                        message.to(), message.files().stream().map(Attachment::id).toList(), message.replyTo(),
                        message.thread(), message.alsoInRoom())), JSON)
                : RequestBody.create(message.author() + ": " + message.text(), TEXT);
        return new Request.Builder().url(server.chat()).post(body).build();
    }

    private void delivered(Outgoing message, String body) {
        String id = null;
        Instant sentAt = Instant.now();
        if (speaksHubbub.getAsBoolean()) {
            try {
                var json = ChatJson.mapper().readTree(body);
                id = json.get("id").asText();
                sentAt = Instant.parse(json.get("sentAt").asText());
            } catch (IOException | RuntimeException e) {
                // Acknowledged all the same; the stream will bring the id.
            }
        }
        synchronized (this) {
            inFlight = null;
            attempts = 0;
        }
        listener.sent(message, id, sentAt);
        pump();
    }

    /** The server refused it for good: report, and move on to the next. */
    private void refused(Outgoing message, String reason) {
        synchronized (this) {
            inFlight = null;
            attempts = 0;
        }
        listener.failed(message, reason);
        pump();
    }

    /** It may not have arrived: try again later, keeping its place at the head of the queue. */
    private void notDelivered(Outgoing message, String reason) {
        boolean giveUp;
        synchronized (this) {
            inFlight = null;
            giveUp = attempts >= MAX_ATTEMPTS;
            if (giveUp) {
                attempts = 0;
            } else {
                waiting.addFirst(message);
            }
        }
        if (giveUp) {
            listener.failed(message, reason);
            pump();
        } else {
            scheduler.schedule(this::pump, 1, TimeUnit.SECONDS);
        }
    }

    private static String firstLine(Calls.Reply reply) {
        String text = reply.sentence();
        int newline = text.indexOf('\n');
        return newline >= 0 ? text.substring(0, newline) : text;
    }
}
