package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.Words.t;

import dev.hubbub.chat.Draft;
import dev.hubbub.chat.InvalidMessageException;
import dev.hubbub.desktop.DesktopConfig;
import dev.hubbub.desktop.Settings;
import dev.hubbub.desktop.host.HostedRoom;
import dev.hubbub.desktop.lan.Discovery;
import dev.hubbub.desktop.net.Calls;
import dev.hubbub.desktop.net.KnownCertificates;
import dev.hubbub.desktop.net.Problems;
import dev.hubbub.desktop.net.ServerAddress;
import dev.hubbub.desktop.net.SessionClient;
import dev.hubbub.desktop.net.UntrustedCertificateException;
import dev.hubbub.server.DataDirectory;
import dev.hubbub.server.PortInUseException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Moves the window between the start screen and a room, and owns what lives as long as one: the {@link Session},
 * a {@link HostedRoom}, the LAN {@link Discovery}. Keeps the title (room name, unread count while unfocused).
 * FX thread only.
 */
public final class AppController implements AutoCloseable {
    private final Stage stage;
    private final DesktopConfig config;
    private final Settings settings;
    private final OkHttpClient http;
    private final UiQueue ui;
    private final Consumer<String> openLink;
    private final KnownCertificates knownCertificates;
    private final SessionClient sessions;
    private final StackPane root = new StackPane();
    private StartView start;
    private Discovery discovery;
    private Session session;
    private HostedRoom hosted;
    private final WindowTitle title;
    /** The system's notification area, once looked for; empty where there is none. */
    private java.util.Optional<SystemNotifier> tray;

    public AppController(Stage stage, DesktopConfig config, Settings settings, OkHttpClient http, UiQueue ui,
                         Consumer<String> openLink, KnownCertificates knownCertificates) {
        this.stage = stage;
        this.config = config;
        this.settings = settings;
        this.http = http;
        this.ui = ui;
        this.openLink = openLink;
        this.knownCertificates = knownCertificates;
        this.sessions = new SessionClient(http);
        this.title = new WindowTitle(stage::setTitle);
        stage.focusedProperty().addListener((o, was, focused) -> title.focused(focused));
    }

    public StackPane root() {
        return root;
    }

    /** The first screen, or straight into the room when the command line named both a server and a name. */
    public void begin() {
        String name = config.name() != null ? config.name() : settings.name().orElse(null);
        if (config.server() != null && name != null) {
            join(name, config.server());
        } else {
            showStart(config.server());
        }
    }

    void showStart(String address) {
        closeRoom();
        start = new StartView(config.name() != null ? config.name() : settings.name().orElse(null),
                address != null ? address : settings.lastServer().orElse(null), config.hostPort(), new Choices());
        show(start.root());
        title.reset();
        start.focus();
        StartView shown = start;
        discovery = Discovery.start(new Discovery.Listener() {
            @Override
            public void found(Discovery.Room room) {
                ui.run(() -> shown.roomFound(room));
            }

            @Override
            public void lost(String key) {
                ui.run(() -> shown.roomLost(key));
            }

            @Override
            public void unavailable(String why) {
                ui.run(() -> shown.discoveryUnavailable(why));
            }
        });
    }

    private final class Choices implements StartView.Choices {
        @Override
        public void language(String code) {
            settings.rememberLanguage(code);
        }

        @Override
        public void join(String name, String address) {
            AppController.this.join(name, address);
        }

        @Override
        public void host(String name, int port) {
            AppController.this.host(name, port);
        }
    }

    void join(String typedName, String typedAddress) {
        String name;
        ServerAddress server;
        try {
            name = Draft.checkedName(t("app.start.name"), typedName);
            server = ServerAddress.parse(typedAddress);
        } catch (IllegalArgumentException e) {
            if (start == null) {
                showStart(typedAddress);
            }
            start.showProblem(capitalized(e.getMessage()));
            return;
        }
        settings.remember(name, typedAddress.strip());
        if (server.base().isHttps()) {
            checkCertificateThenEnter(name, server);
        } else {
            enter(name, server, null);
        }
    }

    /**
     * Before joining an HTTPS room, asks it for its status: a certificate of the room's own that the user has not
     * accepted is shown to them with its fingerprint (trust it, or not); one that changed since is refused with a
     * warning. Other failures are the room's status to show, so the app goes in and keeps trying.
     */
    private void checkCertificateThenEnter(String name, ServerAddress server) {
        StartView asking = start;
        start.showProblem(t("app.connectingTo", "address", server.hostAndPort()));
        HttpUrl status = server.base().resolve("status");
        if (server.key() != null) {
            status = status.newBuilder().addQueryParameter("key", server.key()).build();
        }
        Calls.reply(http.newCall(new Request.Builder().url(status).build()), 4096).whenComplete((reply, failure) ->
                ui.run(() -> {
                    var untrusted = failure == null ? Optional.<UntrustedCertificateException>empty()
                            : UntrustedCertificateException.in(Calls.cause(failure));
                    if (untrusted.isEmpty()) {
                        enter(name, server, null);
                    } else if (untrusted.get().previous().isPresent()) {
                        asking.showProblem(Problems.describe(untrusted.get()));
                    } else {
                        UntrustedCertificateException room = untrusted.get();
                        asking.offer(Problems.describe(room), t("app.trust"), () -> {
                            knownCertificates.trust(room.hostAndPort(), room.fingerprint());
                            enter(name, server, null);
                        });
                    }
                }));
    }

    void host(String typedName, int port) {
        String name;
        try {
            name = Draft.checkedName(t("app.start.name"), typedName);
        } catch (InvalidMessageException e) {
            start.showProblem(capitalized(e.getMessage()));
            return;
        }
        start.showProblem(t("app.starting", "port", String.valueOf(port)));
        StartView asking = start;
        CompletableFuture.supplyAsync(() -> {
            try {
                return HostedRoom.start(config.dataDir(), port);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).whenComplete((room, failure) -> ui.run(() -> {
            if (failure == null) {
                settings.remember(name, null);
                hosted = room;
                enter(name, ServerAddress.parse(room.joinUri().toString()), room);
                return;
            }
            Throwable cause = failure.getCause() != null ? failure.getCause().getCause() : null;
            if (cause instanceof PortInUseException taken) {
                asking.showProblem(t("app.portTaken", "port", String.valueOf(taken.port())));
                HostedRoom.freePortNear(taken.port()).ifPresent(asking::offerPort);
            } else if (cause instanceof DataDirectory.InUseException running) {
                // A room is already served from this computer's data (hubbub serve, or another window): two
                // servers on one database would each miss the other's messages, so offer to join that one.
                if (running.port().isPresent()) {
                    String address = "localhost:" + running.port().get();
                    asking.offer(t("app.runningAt", "address", address), t("app.joinIt"), () -> join(name, address));
                } else {
                    asking.showProblem(t("app.runningFrom", "directory", running.directory()));
                }
            } else {
                asking.showProblem(t("app.notStarted", "reason", (cause == null ? failure : cause).getMessage()));
            }
        }));
    }

    /**
     * Signs in to the server before entering: again with the token it gave before, else by claiming the name. A name
     * someone holds is explained on the start screen, which then takes a link code from the person's other device.
     * A server without names is entered as before; one that cannot be reached too, to show its status and retry.
     */
    private void enter(String name, ServerAddress server, HostedRoom room) {
        String kept = settings.tokenFor(server.hostAndPort()).orElse(null);
        signedIn(sessions.signIn(server, name, kept), name, server, room, kept);
    }

    private void signedIn(CompletableFuture<SessionClient.Outcome> signingIn, String name, ServerAddress server,
                          HostedRoom room, String kept) {
        signingIn.whenComplete((outcome, failure) -> ui.run(() -> {
            if (failure != null) {
                enterRoom(name, server, kept, room);
            } else if (outcome instanceof SessionClient.SignedIn signed) {
                settings.rememberToken(server.hostAndPort(), signed.token());
                enterRoom(signed.name(), server, signed.token(), room);
            } else if (outcome instanceof SessionClient.NoNames) {
                enterRoom(name, server, null, room);
            } else if (outcome instanceof SessionClient.Refused refused) {
                if (start == null) {
                    showStart(server.toString());
                }
                if (refused.taken()) {
                    start.askCode(capitalized(refused.reason()) + " " + t("app.typeCode"), code ->
                            signedIn(sessions.link(server, code), name, server, room, kept), passphrase ->
                            signedIn(sessions.withPassphrase(server, name, passphrase), name, server, room, kept));
                } else {
                    start.showProblem(capitalized(refused.reason()));
                }
            }
        }));
    }

    private void enterRoom(String name, ServerAddress server, String token, HostedRoom room) {
        if (discovery != null) {
            discovery.close();
            discovery = null;
        }
        start = null;
        if (session != null) {
            session.close();
        }
        session = new Session(http, server, name, token, ui, settings);
        session.onSignedOut(() -> enter(name, server, room));
        Notifications notifications = new Notifications(settings, server.hostAndPort(), name, stage::isFocused,
                null);
        session.useNotifications(notifications);
        ChatView view = new ChatView(session, openLink, this::leave, room == null ? null : HostPanel.of(room, session));
        if (room != null && token != null) {
            // The person who hosts from this app is the room's host.
            session.claimHost(room.hostToken());
        }
        if (tray == null) {
            tray = SystemNotifier.create(this::openAlert);
        }
        if (tray.isPresent()) {
            notifications.notifier(tray.get());
        } else {
            notifications.notifier(alert -> view.banner(alert, this::openAlert));
            if (!settings.notificationsExplained()) {
                view.banner(new Notifications.Alert(t("app.banner.title"), t("app.banner.text"),
                        null, null), alert -> { });
                settings.rememberNotificationsExplained();
            }
        }
        session.places().places().addListener((ListChangeListener<Places.Place>) change ->
                title.elsewhere(session == null ? 0 : session.places().places().stream()
                        .filter(p -> !p.muted() && !p.key().equals(session.places().active()))
                        .mapToInt(Places.Place::unread).sum()));
        session.conversation().messages().addListener((ListChangeListener<MessageItem>) change -> {
            while (change.next()) {
                if (change.wasAdded() && !change.wasReplaced()) {
                    title.added(change.getAddedSubList());
                }
            }
        });
        session.roomName().addListener((o, old, now) -> title.room(now));
        title.room(session.roomName().get());
        show(view.root());
        session.start();
        view.focusInput();
    }

    /** A notification was clicked: the window comes forward, showing the message. */
    private void openAlert(Notifications.Alert alert) {
        stage.setIconified(false);
        stage.toFront();
        stage.requestFocus();
        if (session != null && alert.thread() != null) {
            session.threads().open(alert.thread(), null);
            session.threads().reveal(alert.messageId());
        } else if (session != null && alert.place() != null) {
            session.reveal(alert.place(), alert.messageId(), () -> { });
        }
    }

    private void leave() {
        showStart(session == null ? null : session.server().toString());
    }

    private void show(Node content) {
        root.getChildren().setAll(content);
    }

    private void closeRoom() {
        if (session != null) {
            session.close();
            session = null;
        }
        if (hosted != null) {
            HostedRoom stopping = hosted;
            hosted = null;
            stopping.close();
        }
    }

    /** A reason as a sentence: capital first letter, full stop at the end. */
    private static String capitalized(String text) {
        if (text.isEmpty()) {
            return text;
        }
        String sentence = Character.toUpperCase(text.charAt(0)) + text.substring(1);
        return sentence.endsWith(".") ? sentence : sentence + ".";
    }

    /** Leaves the room, stops hosting and looking for rooms. */
    @Override
    public void close() {
        if (discovery != null) {
            discovery.close();
        }
        closeRoom();
    }
}
