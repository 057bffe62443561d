package dev.hubbub.desktop.ui;

import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.desktop.net.ChatConnection;
import dev.hubbub.desktop.net.ConnectionStatus;
import dev.hubbub.desktop.net.HistoryClient;
import dev.hubbub.desktop.net.Outbox;
import dev.hubbub.desktop.net.ReconnectDelay;
import dev.hubbub.desktop.net.ServerAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import okhttp3.OkHttpClient;

/**
 * One person in one room: the stream ({@link ChatConnection}), the messages on their way ({@link Outbox}) and what
 * the window shows ({@link Conversation}, the connection status, the room's name). Network callbacks reach the
 * FX-thread state only through the {@link UiQueue}.
 */
public final class Session implements AutoCloseable {
    /** Messages asked of the room's history at a time when the reader scrolls past the oldest shown. */
    static final int HISTORY_PAGE = 100;

    private final String name;
    private final ServerAddress server;
    private final UiQueue ui;
    private final ScheduledExecutorService scheduler;
    private final ChatConnection connection;
    private final Outbox outbox;
    private final Conversation conversation;
    private final ObjectProperty<ConnectionStatus> status = new SimpleObjectProperty<>(ConnectionStatus.connecting());
    private final StringProperty roomName = new SimpleStringProperty();
    private final ReadOnlyBooleanWrapper loadingOlder = new ReadOnlyBooleanWrapper();
    private final HistoryClient history;
    private final UiQueue.Registration commits;
    private String epoch;

    public Session(OkHttpClient http, ServerAddress server, String name, UiQueue ui) {
        this.name = name;
        this.server = server;
        this.ui = ui;
        this.conversation = new Conversation(name);
        this.roomName.set(server.hostAndPort());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "hubbub-session");
            thread.setDaemon(true);
            return thread;
        });
        ReconnectDelay delay = ReconnectDelay.backoffWithJitter(Duration.ofSeconds(30),
                () -> ThreadLocalRandom.current().nextDouble());
        this.connection = new ChatConnection(http, server, name, new FromStream(), delay, scheduler,
                Clock.systemUTC());
        this.outbox = new Outbox(http, server, connection::speaksHubbub, new Deliveries(), scheduler);
        this.history = new HistoryClient(http, server);
        this.commits = ui.atEndOfBatch(conversation::commit);
    }

    public void start() {
        connection.start();
    }

    public String name() {
        return name;
    }

    public ServerAddress server() {
        return server;
    }

    public Conversation conversation() {
        return conversation;
    }

    public ObjectProperty<ConnectionStatus> status() {
        return status;
    }

    public StringProperty roomName() {
        return roomName;
    }

    /**
     * Shows the message at once, marked pending, and sends it when the connection allows. FX thread.
     *
     * @throws dev.hubbub.chat.InvalidMessageException when the text breaks a rule (too long, control characters)
     */
    public void send(String text) {
        Outbox.Outgoing message = outbox.send(name, text);
        conversation.pending(message.clientId(), message.author(), message.text());
    }

    /** Sends a failed message again. FX thread. */
    public void retry(MessageItem item) {
        conversation.retrying(item.clientId());
        outbox.retry(new Outbox.Outgoing(item.clientId(), item.author(), item.text()));
    }

    /** Whether a page of older messages is on its way. */
    public ReadOnlyBooleanProperty loadingOlder() {
        return loadingOlder.getReadOnlyProperty();
    }

    /**
     * Asks the room for the messages before the oldest shown, unless they are on their way already, there are
     * none, or the server is a tutorial server (which keeps no history to ask). FX thread.
     */
    public void loadOlder() {
        long before = conversation.oldestId();
        if (loadingOlder.get() || !conversation.hasOlder().get() || before == 0 || !connection.speaksHubbub()) {
            return;
        }
        loadingOlder.set(true);
        String askedInEpoch = epoch;
        history.before(before, HISTORY_PAGE).whenComplete((page, failure) -> ui.run(() -> {
            loadingOlder.set(false);
            if (failure == null && page.epoch().equals(askedInEpoch) && page.epoch().equals(epoch)) {
                conversation.olderLoaded(page.messages(), page.more());
            }
        }));
    }

    /** Reconnects at once instead of waiting for the next attempt. */
    public void reconnectNow() {
        connection.reconnectNow();
    }

    @Override
    public void close() {
        commits.close();
        connection.close();
        scheduler.shutdownNow();
    }

    private final class FromStream implements ChatConnection.Listener {
        @Override
        public void onStatus(ConnectionStatus newStatus) {
            outbox.setOnline(newStatus.state() == ConnectionStatus.State.CONNECTED);
            ui.run(() -> status.set(newStatus));
        }

        @Override
        public void onHello(StreamEvents.Hello hello) {
            ui.run(() -> {
                roomName.set(hello.room());
                epoch = hello.epoch();
            });
        }

        @Override
        public void onHistoryReset() {
            ui.run(() -> {
                conversation.reset();
                conversation.notice("The room's history was reset on the server; showing its newest messages.");
            });
        }

        @Override
        public void onPresence(List<String> online) {
            ui.run(() -> conversation.presence(online));
        }

        @Override
        public void onJoin(String person) {
            ui.run(() -> conversation.joined(person));
        }

        @Override
        public void onLeave(String person) {
            ui.run(() -> conversation.left(person));
        }

        @Override
        public void onMessage(ChatMessage message) {
            ui.run(() -> conversation.received(message));
        }

        @Override
        public void onLine(String id, String line) {
            ui.run(() -> conversation.receivedLine(line));
        }

        @Override
        public void onGap(StreamEvents.Gap gap) {
            ui.run(() -> conversation.notice("Some earlier messages are not shown: more were missed than the room "
                    + "replays, or they are no longer kept."));
        }
    }

    private final class Deliveries implements Outbox.Listener {
        @Override
        public void sent(Outbox.Outgoing message, long id, Instant sentAt) {
            ui.run(() -> conversation.acknowledged(message.clientId(), id, sentAt));
        }

        @Override
        public void failed(Outbox.Outgoing message, String reason) {
            ui.run(() -> conversation.failed(message.clientId(), reason));
        }
    }
}
