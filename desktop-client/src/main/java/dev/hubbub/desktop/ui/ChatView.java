package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.Words.t;

import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The chat window, put together from its views over the session's models: the top bar (the server's and the
 * place's names, {@link SearchView}, leave), a notification banner, the places on the left ({@link PlacesPanel}),
 * the messages ({@link MessageListView}), who is online on the right ({@link PeopleView}), the box to write in
 * ({@link ComposerView}) and the {@link StatusBar}. It also decides what the reader's actions on a message do. FX
 * thread only.
 */
final class ChatView {
    private final Session session;
    private final BorderPane root = new BorderPane();
    private final FileViews fileViews;
    private final UploadTray tray;
    private final ComposerView composer;
    private final ThreadView threadView;
    private final Shortcuts shortcuts;
    /** Made the first time it is asked for: its pictures cost memory a window without emoji need not pay. */
    private EmojiPicker emojiPicker;
    private final Hyperlink banner = new Hyperlink();
    private final HBox bannerRow = new HBox(8);
    /** A banner goes by itself after a while, as a system notification does; not while the pointer is on it. */
    static final javafx.util.Duration BANNER_SHOWN = javafx.util.Duration.seconds(8);
    private final javafx.animation.PauseTransition bannerGoes = new javafx.animation.PauseTransition(BANNER_SHOWN);

    /**
     * @param openLink opens a link the user clicked, in their browser
     * @param leave leaves the room (or stops hosting it)
     * @param hostPanel the hosting app's panel; null when the app does not host the room
     */
    ChatView(Session session, Consumer<String> openLink, Runnable leave, Node hostPanel) {
        this.session = session;
        Path downloads = FileViews.defaultDownloads();
        tray = new UploadTray(session.files(), downloads.resolve("pasted"));
        fileViews = new FileViews(session.files(), openLink, this::tell, downloads);
        MessageListView list = new MessageListView(session, openLink, fileViews,
                session.signedIn() ? new Actions() : null);
        list.list().getProperties().put(ChatView.class, this);
        composer = new ComposerView(session, tray, list::jumpToNewest, this::emojiPicker);
        list.onLeave(composer::focus);
        composer.onShiftTab(list::focusMessages);
        SearchView search = new SearchView(session, this::tell);
        PeopleView people = new PeopleView(session, this::tell, hostPanel);

        // Where the reader read: told to the server while the window has focus and shows the newest message.
        javafx.animation.Timeline seen = new javafx.animation.Timeline(new javafx.animation.KeyFrame(
                javafx.util.Duration.seconds(1), e -> {
                    if (list.isFollowing() && root.getScene() != null && root.getScene().getWindow() != null
                            && root.getScene().getWindow().isFocused()) {
                        session.seenNewest();
                    }
                }));
        seen.setCycleCount(javafx.animation.Animation.INDEFINITE);
        seen.play();
        // Away by itself after Statuses.IDLE without input in the window; active again at the next input.
        for (javafx.event.EventType<? extends javafx.scene.input.InputEvent> type : java.util.List.of(
                javafx.scene.input.KeyEvent.KEY_PRESSED, javafx.scene.input.MouseEvent.MOUSE_PRESSED,
                javafx.scene.input.MouseEvent.MOUSE_MOVED, javafx.scene.input.ScrollEvent.SCROLL)) {
            root.addEventFilter(type, e -> session.statuses().input(java.time.Instant.now()));
        }
        javafx.animation.Timeline idle = new javafx.animation.Timeline(new javafx.animation.KeyFrame(
                javafx.util.Duration.seconds(30), e -> session.statuses().checkIdle(java.time.Instant.now(),
                        Statuses.IDLE)));
        idle.setCycleCount(javafx.animation.Animation.INDEFINITE);
        idle.play();
        session.statuses().onRefusal(this::tell);
        root.sceneProperty().addListener((o, old, now) -> {
            if (now == null) {
                seen.stop();
                idle.stop();
            }
        });
        ThreadView thread = new ThreadView(session, openLink, fileViews, new Actions());
        this.threadView = thread;
        SplitPane center = new SplitPane(new PlacesPanel(session).root(), list.root(), people.root());
        center.setDividerPositions(0.2, 0.78);
        // The thread panel goes between the conversation and who is online while it shows something.
        thread.showing().addListener((o, was, now) -> {
            if (now && !center.getItems().contains(thread.root())) {
                double[] before = center.getDividerPositions();
                center.getItems().add(2, thread.root());
                center.setDividerPositions(before[0], 0.52, 0.8);
            } else if (!now) {
                center.getItems().remove(thread.root());
                center.setDividerPositions(0.2, 0.78);
            }
        });
        root.setTop(new VBox(topBar(search, leave, hostPanel != null), bannerRow()));
        root.setCenter(center);
        root.setBottom(new VBox(composer.root(), new StatusBar(session).root()));
        root.getStyleClass().add("chat");
        if (session.signedIn()) {
            composer.acceptDroppedFiles(root);
            shortcuts = Shortcuts.install(root, session);
        } else {
            shortcuts = null;
        }
    }

    /** The window's shortcuts (null when not signed in: nothing to switch to). */
    Shortcuts shortcuts() {
        return shortcuts;
    }

    private Node topBar(SearchView search, Runnable leave, boolean hosting) {
        Label room = new Label();
        room.textProperty().bind(session.roomName());
        room.getStyleClass().add("room-name");
        room.setId("room-name");
        Label place = new Label();
        place.textProperty().bind(session.places().activeLabel());
        place.getStyleClass().add("place-name");
        place.setId("place-name");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button leaveButton = new Button(hosting ? t("app.stopHosting") : t("rooms.leave"));
        leaveButton.setId("leave");
        leaveButton.setOnAction(e -> leave.run());
        Button pins = new Button(t("pins.short"), EmojiImages.view("📌", EmojiImages.SIZE));
        pins.setId("pins-button");
        pins.setTooltip(new javafx.scene.control.Tooltip(t("pins.title")));
        pins.setVisible(session.signedIn());
        pins.managedProperty().bind(pins.visibleProperty());
        pins.setOnAction(e -> {
            if (session.threads().pinsShown().get() != null) {
                session.threads().close();
            } else {
                session.showPins();
            }
        });
        // A direct conversation's header says whether its person is at their desk.
        Label placeStatus = new Label();
        placeStatus.setId("place-status");
        placeStatus.getStyleClass().add("place-status");
        placeStatus.managedProperty().bind(placeStatus.visibleProperty());
        Runnable drawStatus = () -> {
            String person = session.places().activePerson();
            placeStatus.setVisible(person != null);
            if (person != null) {
                String words = session.people().describe(person, java.time.Instant.now());
                placeStatus.setText(words.isEmpty() ? t("status.active") : words);
                placeStatus.setGraphic(StatusView.mark(session.people(), person, true));
            }
        };
        drawStatus.run();
        session.people().statusChanges().addListener((o, was, now) -> drawStatus.run());
        session.people().online().addListener((javafx.collections.ListChangeListener<String>) c -> drawStatus.run());
        session.places().activeLabel().addListener((o, was, now) -> drawStatus.run());
        // A room's topic, cut short where the bar is narrow (its tooltip has it whole); Join for a room the reader
        // looks at without being in it.
        Label topic = new Label();
        topic.setId("place-topic");
        topic.getStyleClass().add("place-status");
        topic.setMinWidth(0);
        topic.textProperty().bind(session.places().activeTopic());
        topic.visibleProperty().bind(topic.textProperty().isNotEmpty());
        topic.managedProperty().bind(topic.visibleProperty());
        javafx.scene.control.Tooltip whole = new javafx.scene.control.Tooltip();
        whole.textProperty().bind(topic.textProperty());
        topic.setTooltip(whole);
        HBox.setHgrow(topic, Priority.SOMETIMES);
        Button join = new Button();
        join.setId("join-room");
        join.managedProperty().bind(join.visibleProperty());
        Runnable drawJoin = () -> {
            String key = session.places().active();
            boolean aRoom = session.places().roomInfo(key) != null;
            join.setVisible(session.signedIn() && aRoom && !session.places().isJoined(key));
            join.setText(t("app.join", "place", session.places().labelOf(key)));
        };
        drawJoin.run();
        session.places().activeJoined().addListener((o, was, now) -> drawJoin.run());
        session.places().activeLabel().addListener((o, was, now) -> drawJoin.run());
        join.setOnAction(e -> session.join(session.places().active(), null, null, this::tell));
        HBox top = new HBox(12, room, place, placeStatus, topic, join, pins, spacer, search.root(), leaveButton);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(8, 12, 8, 12));
        top.getStyleClass().add("top-bar");
        return top;
    }

    private Node bannerRow() {
        banner.setId("notification");
        banner.getStyleClass().add("notification");
        banner.setWrapText(true);
        Button dismiss = new Button("×");
        dismiss.setId("notification-close");
        dismiss.getStyleClass().add("notification-close");
        dismiss.setOnAction(e -> bannerRow.setVisible(false));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        bannerRow.getChildren().setAll(banner, spacer, dismiss);
        bannerRow.getStyleClass().add("notification-row");
        bannerRow.setAlignment(Pos.CENTER_LEFT);
        bannerRow.setPadding(new Insets(4, 12, 4, 12));
        bannerRow.managedProperty().bind(bannerRow.visibleProperty());
        bannerRow.setVisible(false);
        bannerGoes.setOnFinished(e -> bannerRow.setVisible(false));
        bannerRow.hoverProperty().addListener((o, was, now) -> {
            if (now) {
                bannerGoes.stop();
            } else if (bannerRow.isVisible()) {
                bannerGoes.playFromStart();
            }
        });
        return bannerRow;
    }

    /**
     * A notification shown at the top of the window, where the system has no notification area of its own;
     * clicking it does {@code open} with it.
     */
    void banner(Notifications.Alert alert, Consumer<Notifications.Alert> open) {
        banner.setText(alert.title() + ": " + alert.body());
        banner.setOnAction(e -> {
            bannerRow.setVisible(false);
            open.accept(alert);
        });
        bannerRow.setVisible(true);
        bannerGoes.playFromStart();
    }

    Session session() {
        return session;
    }

    private EmojiPicker emojiPicker() {
        if (emojiPicker == null) {
            emojiPicker = new EmojiPicker(session.settings());
        }
        return emojiPicker;
    }

    /** For tests: whether the emoji picker is open. */
    boolean emojiPickerShowing() {
        return emojiPicker != null && emojiPicker.isShowing();
    }

    /** For tests: the thread panel. */
    ThreadView threadView() {
        return threadView;
    }

    /** For tests: the file views and the tray. */
    FileViews fileViews() {
        return fileViews;
    }

    UploadTray tray() {
        return tray;
    }

    Node root() {
        return root;
    }

    /** Says a sentence where the window says what went wrong or right. */
    private void tell(String sentence) {
        composer.tell(sentence);
    }

    void focusInput() {
        composer.focus();
    }

    /** What the reader does to messages, from a message's menu, reactions and quote. */
    private final class Actions implements MessageCell.Actions {
        @Override
        public void reply(MessageItem item) {
            composer.compose("reply", item);
        }

        @Override
        public void edit(MessageItem item) {
            composer.compose("edit", item);
        }

        @Override
        public void reactWithAny(MessageItem item, Node anchor) {
            String myKey = dev.hubbub.chat.Names.key(session.name());
            emojiPicker().open(anchor, emoji -> react(item, emoji,
                    !item.reactedWith(emoji, name -> dev.hubbub.chat.Names.key(name).equals(myKey))));
        }

        @Override
        public boolean canRemoveOthers() {
            return session.host().get() && !session.places().active().startsWith("@");
        }

        @Override
        public void delete(MessageItem item) {
            boolean theirs = !item.mine();
            ButtonType ok = Dialogs.ok();
            Alert ask = new Alert(Alert.AlertType.CONFIRMATION, (theirs ? t("delete.theirsHint") : t("delete.hint"))
                    + "\n\n" + t("delete.alreadyReceived"), ok, Dialogs.cancel());
            ask.getDialogPane().setNodeOrientation(Words.orientation());
            ask.setTitle(theirs ? t("action.remove") : t("action.delete"));
            ask.setHeaderText(theirs ? t("delete.theirs", "author", item.author()) : t("delete.title"));
            ask.initOwner(root.getScene() == null ? null : root.getScene().getWindow());
            ask.showAndWait().filter(answer -> answer == ok).ifPresent(answer ->
                    session.delete(item.id(), reason -> tell(reason == null ? null
                            : t("app.notDeleted", "reason", reason))));
        }

        @Override
        public void react(MessageItem item, String emoji, boolean add) {
            session.react(item.id(), emoji, add, reason -> tell(reason == null ? null
                    : t("app.noReaction", "reason", reason)));
        }

        @Override
        public void reveal(String id) {
            session.reveal(session.places().active(), id, () -> tell(t("message.gone")));
        }

        @Override
        public void pin(MessageItem item, boolean pin) {
            session.pin(item.id(), pin, reason -> tell(reason == null ? null
                    : pin ? t("app.notPinned", "reason", reason) : t("app.notUnpinned", "reason", reason)));
        }

        @Override
        public java.util.function.BiConsumer<MessageItem, Boolean> threads() {
            return (item, reply) -> {
                String root = item.isInThread() ? item.thread().root() : item.id();
                session.threads().open(root, session.conversation().message(root));
                if (reply) {
                    threadView.focusReply();
                }
            };
        }
    }
}
