package dev.hubbub.desktop.net;

import static dev.hubbub.desktop.ui.Words.t;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.InvalidMessageException;
import dev.hubbub.chat.StreamEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import org.jetbrains.annotations.NotNull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desktop's one stream to a server: {@code GET /chat?view=json} (signed in by the client's token, or with
 * {@code name=} on a server that has no names) through a {@link ParsingEventSource},
 * reopened after every end with the {@link ReconnectDelay}, starting from the server's {@code retry} value, and
 * sending the parser's last event id, so a server restart or a dropped network loses and duplicates nothing.
 *
 * <p>Also reads a tutorial-style server, which sends {@code chat} events whose data is the line {@code author: text}:
 * those arrive through {@link Listener#onLine}.
 *
 * <p>Threads: listener methods run on OkHttp's threads or the scheduler's, one at a time, never on the FX thread.
 */
public final class ChatConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChatConnection.class);
    /** Before the server says otherwise with {@code retry:}. */
    static final Duration DEFAULT_RETRY = Duration.ofSeconds(2);
    /** A connection that stayed up this long was healthy: the backoff starts over. */
    static final Duration HEALTHY = Duration.ofSeconds(10);

    /** What the stream brings. Every method has a default, so a listener overrides what it needs. */
    public interface Listener {
        default void onStatus(ConnectionStatus status) {
        }

        default void onHello(StreamEvents.Hello hello) {
        }

        /** The room's history started over (a new epoch): forget the messages shown so far. */
        default void onHistoryReset() {
        }

        default void onPresence(List<String> online) {
        }

        default void onJoin(String name) {
        }

        default void onLeave(String name) {
        }

        default void onMessage(ChatMessage message) {
        }

        /** A message from a server that sends only display lines ({@code author: text}). */
        default void onLine(String id, String line) {
        }

        default void onGap(StreamEvents.Gap gap) {
        }

        /** A room was created. */
        default void onRoom(StreamEvents.RoomInfo room) {
        }

        /** Someone is typing (never stored: only live streams hear of it). */
        default void onTyping(StreamEvents.Typing typing) {
        }

        /**
         * A message was edited, deleted or reacted to: a {@link StreamEvents.Edit}, {@link StreamEvents.Deletion} or
         * {@link StreamEvents.ReactionChange}, each carrying the message as it stands after it.
         */
        default void onChange(StreamEvents.Change change) {
        }

        /** This person now follows a thread, or no longer does (told to their streams alone). */
        default void onFollowing(StreamEvents.Following following) {
        }

        /** Where people read a conversation this person reads (coalesced; never stored). */
        default void onReads(StreamEvents.Reads reads) {
        }

        /** Someone set their status (never stored: a client asks {@code GET /statuses} when it connects). */
        /** This person joined or left a room, or changed its marks (here or on another device). */
        default void onMembership(dev.hubbub.chat.Api.Membership membership) {
        }

        /** A room's topic changed. */
        default void onTopic(dev.hubbub.chat.Api.Topic topic) {
        }

        default void onPersonStatus(StreamEvents.StatusChange change) {
        }
    }

    private final OkHttpClient http;
    private final ServerAddress server;
    private final String name;
    private final Listener listener;
    private final ReconnectDelay delay;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Object lock = new Object();
    private ParsingEventSource current;
    private String lastEventId = "";
    private String epoch;
    private Duration retry = DEFAULT_RETRY;
    private int attempt;
    private Instant openedAt;
    private volatile boolean speaksHubbub;
    private boolean closed;

    public ChatConnection(OkHttpClient http, ServerAddress server, String name, Listener listener,
                          ReconnectDelay delay, ScheduledExecutorService scheduler, Clock clock) {
        this.http = http;
        this.server = server;
        this.name = name;
        this.listener = listener;
        this.delay = delay;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    public ServerAddress server() {
        return server;
    }

    /** Whether the server said {@code hello}: a Hubbub server, which takes JSON posts; else a tutorial server. */
    public boolean speaksHubbub() {
        return speaksHubbub;
    }

    public void start() {
        listener.onStatus(ConnectionStatus.connecting());
        open();
    }

    /**
     * Before {@link #start}: resume from where an earlier run of the app stopped. The id counts only in that epoch: a
     * server whose history started over since is treated as any reset ({@link Listener#onHistoryReset}).
     */
    public void resumeFrom(String epoch, String lastEventId) {
        synchronized (lock) {
            this.epoch = epoch;
            this.lastEventId = lastEventId == null ? "" : lastEventId;
        }
    }

    private void open() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            HttpUrl.Builder url = server.chat().newBuilder().addQueryParameter("view", "json");
            if (name != null) {
                url.addQueryParameter("name", name);
            }
            current = ParsingEventSource.connect(http, new Request.Builder().url(url.build()).build(),
                    new StreamListener(), lastEventId);
        }
    }

    /** Reconnects now instead of waiting out the delay (the user asked, or the network came back). */
    public void reconnectNow() {
        synchronized (lock) {
            if (current != null) {
                current.cancel();
            }
            attempt = 0;
        }
        open();
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (current != null) {
                current.cancel();
            }
        }
        listener.onStatus(ConnectionStatus.closed());
    }

    private final class StreamListener extends EventSourceListener {
        @Override
        public void onOpen(@NotNull EventSource source, @NotNull Response response) {
            synchronized (lock) {
                openedAt = clock.instant();
            }
            listener.onStatus(ConnectionStatus.connected());
        }

        @Override
        public void onEvent(@NotNull EventSource source, String id, String type, @NotNull String data) {
            try {
                switch (type) {
                    case StreamEvents.HELLO -> hello(source, ChatJson.read(data, StreamEvents.Hello.class));
                    case StreamEvents.PRESENCE -> listener.onPresence(
                            ChatJson.read(data, StreamEvents.Online.class).names());
                    case StreamEvents.JOIN -> listener.onJoin(ChatJson.read(data, StreamEvents.Person.class).name());
                    case StreamEvents.LEAVE -> listener.onLeave(ChatJson.read(data, StreamEvents.Person.class).name());
                    case StreamEvents.GAP -> listener.onGap(ChatJson.read(data, StreamEvents.Gap.class));
                    case StreamEvents.ROOM -> listener.onRoom(ChatJson.read(data, StreamEvents.RoomInfo.class));
                    case StreamEvents.TYPING -> listener.onTyping(ChatJson.read(data, StreamEvents.Typing.class));
                    case StreamEvents.CHAT -> chat(id, data);
                    case StreamEvents.EDIT -> listener.onChange(ChatJson.read(data, StreamEvents.Edit.class));
                    case StreamEvents.DELETE -> listener.onChange(ChatJson.read(data, StreamEvents.Deletion.class));
                    case StreamEvents.REACTION -> listener.onChange(
                            ChatJson.read(data, StreamEvents.ReactionChange.class));
                    case StreamEvents.READ -> listener.onReads(ChatJson.read(data, StreamEvents.Reads.class));
                    case StreamEvents.PIN -> listener.onChange(ChatJson.read(data, StreamEvents.PinChange.class));
                    case StreamEvents.STATUS -> listener.onPersonStatus(
                            ChatJson.read(data, StreamEvents.StatusChange.class));
                    case StreamEvents.MEMBERSHIP -> listener.onMembership(
                            ChatJson.read(data, dev.hubbub.chat.Api.Membership.class));
                    case StreamEvents.TOPIC -> listener.onTopic(ChatJson.read(data, dev.hubbub.chat.Api.Topic.class));
                    case StreamEvents.THREAD -> listener.onFollowing(
                            ChatJson.read(data, StreamEvents.Following.class));
                    default -> {
                        // A newer server's event: nothing to show.
                    }
                }
            } catch (RuntimeException e) {
                // A malformed event from the server is skipped; the stream goes on.
                LOG.warn("skipped a malformed '{}' event from {}: {}", type, server.hostAndPort(), e.getMessage());
            }
        }

        private void hello(EventSource source, StreamEvents.Hello hello) {
            speaksHubbub = true;
            boolean reset;
            synchronized (lock) {
                reset = epoch != null && !epoch.equals(hello.epoch());
                epoch = hello.epoch();
                if (reset) {
                    lastEventId = "";
                }
            }
            if (reset) {
                // Ids we resumed from belong to the room's previous history: start over from the newest messages.
                listener.onHistoryReset();
                source.cancel();
                scheduler.execute(ChatConnection.this::open);
                return;
            }
            listener.onHello(hello);
        }

        private void chat(String id, String data) {
            if (speaksHubbub) {
                // A Hubbub server sends messages as JSON: one that does not parse is malformed, and skipped.
                listener.onMessage(ChatJson.read(data, ChatMessage.class));
                return;
            }
            if (data.startsWith("{")) {
                try {
                    listener.onMessage(ChatJson.read(data, ChatMessage.class));
                    return;
                } catch (InvalidMessageException notJson) {
                    // a tutorial server's display line that happens to start with '{'
                }
            }
            listener.onLine(id, data);
        }

        @Override
        public void onClosed(@NotNull EventSource source) {
            ended((ParsingEventSource) source, null, null);
        }

        @Override
        public void onFailure(@NotNull EventSource source, Throwable failure, Response response) {
            ended((ParsingEventSource) source, failure, response);
        }
    }

    private void ended(ParsingEventSource source, Throwable failure, Response response) {
        Duration wait;
        String why;
        synchronized (lock) {
            if (closed || source != current) {
                return;
            }
            lastEventId = source.lastEventId();
            source.reconnectionTime().ifPresent(ms -> retry = Duration.ofMillis(ms));
            boolean wasHealthy = openedAt != null
                    && Duration.between(openedAt, clock.instant()).compareTo(HEALTHY) >= 0;
            attempt = wasHealthy ? 1 : attempt + 1;
            openedAt = null;
            wait = delay.next(retry, attempt);
            why = failure == null && response == null
                    ? t("app.problem.closed") : Problems.describe(server, failure, response);
        }
        listener.onStatus(ConnectionStatus.reconnecting(why, wait));
        scheduler.schedule(this::open, wait.toMillis(), TimeUnit.MILLISECONDS);
    }
}
