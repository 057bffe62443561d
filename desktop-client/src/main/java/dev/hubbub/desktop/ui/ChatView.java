package dev.hubbub.desktop.ui;

import dev.hubbub.chat.Attachment;
import java.nio.file.Path;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.stage.FileChooser;

import dev.hubbub.chat.InvalidMessageException;
import dev.hubbub.desktop.net.ConnectionStatus;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The chat window: messages (a virtualized list), who is online, the text area (Enter sends, Shift+Enter adds a
 * line) and a status bar with the connection state and the server's address. FX thread only.
 */
final class ChatView {
    /** An "@" at a word's start and what follows it up to the caret. */
    private static final java.util.regex.Pattern MENTION_BEING_TYPED =
            java.util.regex.Pattern.compile("(^|[^\\p{L}\\p{N}])@([^\\s@]*)$");
    private static final KeyCombination PASTE = new KeyCodeCombination(KeyCode.V, KeyCombination.SHORTCUT_DOWN);
    private final Session session;
    private final BorderPane root = new BorderPane();
    private final ListView<MessageItem> messages;
    private final Button jump = new Button();
    private final Runnable afterLayout = this::afterLayout;
    /** The reader is at the newest message, so the list follows new ones. Changed only by what the reader does. */
    private boolean following = true;
    /** The reader scrolled, dragged or pressed a key in the list since the last layout. */
    private boolean readerMoved;
    private int unseen;
    /** Layouts left in which to bring the newest row into view after rows changed (heights settle over a few). */
    private int settling;
    private static final int SETTLING_LAYOUTS = 3;
    private final TextArea input = new TextArea();
    private final Label problem = new Label();
    private final Label status = new Label();
    private final Hyperlink reconnect = new Hyperlink("Reconnect now");
    private final VBox side;
    private final Button sendButton = new Button("Send");
    /**
     * People to mention, offered while an "@name" is typed: a popup that never takes the keyboard from the message
     * box (a context menu would, and the next letters typed would go to it).
     */
    private final javafx.stage.Popup mentionMenu = new javafx.stage.Popup();
    private final VBox mentionList = new VBox();
    private final List<String> mentionChoices = new java.util.ArrayList<>();
    private final FileViews fileViews;
    private final UploadTray tray;
    /** A message waits for its files to finish uploading. */
    private boolean sending;
    /** The message the next one answers; null when none. */
    private MessageItem replyingTo;
    /** Our message whose text the box holds, to be saved as an edit; null when none. */
    private MessageItem editing;
    private final Label composingWhat = new Label();
    private final HBox composing = new HBox(8);
    private final javafx.scene.control.TextField search = new javafx.scene.control.TextField();
    private final javafx.stage.Popup searchPopup = new javafx.stage.Popup();
    private final ListView<dev.hubbub.chat.ChatMessage> searchResults = new ListView<>();
    private final Label searchSummary = new Label();
    private final Hyperlink banner = new Hyperlink();
    private final HBox bannerRow = new HBox(8);

    ChatView(Session session, Consumer<String> openLink, Runnable leave, Node hostPanel) {
        this.session = session;
        Conversation conversation = session.conversation();

        Label room = new Label();
        room.textProperty().bind(session.roomName());
        room.getStyleClass().add("room-name");
        room.setId("room-name");
        Label place = new Label();
        place.textProperty().bind(conversation.activeLabel());
        place.getStyleClass().add("place-name");
        place.setId("place-name");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button leaveButton = new Button(hostPanel == null ? "Leave" : "Stop hosting");
        leaveButton.setId("leave");
        leaveButton.setOnAction(e -> leave.run());
        search.setId("search");
        search.setPromptText("Search");
        search.setPrefColumnCount(16);
        search.setDisable(!session.signedIn());
        search.setOnAction(e -> search());
        searchResults.setId("search-results");
        searchResults.setPrefSize(520, 320);
        searchResults.setCellFactory(list -> new SearchResultCell());
        searchResults.setOnMouseClicked(e -> openResult(searchResults.getSelectionModel().getSelectedItem()));
        searchResults.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                openResult(searchResults.getSelectionModel().getSelectedItem());
            }
        });
        searchSummary.setId("search-summary");
        VBox searchBox = new VBox(4, searchSummary, searchResults);
        searchBox.getStyleClass().add("search-popup");
        searchBox.setPadding(new Insets(8));
        searchPopup.getContent().add(searchBox);
        searchPopup.setAutoHide(true);
        HBox top = new HBox(12, room, place, spacer, search, leaveButton);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(8, 12, 8, 12));
        top.getStyleClass().add("top-bar");

        messages = new ListView<>(conversation.messages());
        messages.setId("messages");
        Path downloads = FileViews.defaultDownloads();
        fileViews = new FileViews(session.files(), openLink, this::tell, downloads);
        tray = new UploadTray(session.files(), downloads.resolve("pasted"));
        String myKey = dev.hubbub.chat.Names.key(session.name());
        MessageCell.Actions actions = session.signedIn() ? new CellActions() : null;
        messages.setCellFactory(list -> new MessageCell(openLink, session::retry, fileViews,
                name -> dev.hubbub.chat.Names.key(name).equals(myKey), actions));
        conversation.revealed().addListener((o, old, id) -> {
            int at = id == null ? -1 : conversation.indexOf(id);
            if (at >= 0) {
                setFollowing(false);
                messages.scrollTo(Math.max(0, at - 2));
                messages.getSelectionModel().clearAndSelect(at);
            }
        });
        messages.getProperties().put(ChatView.class, this);
        messages.setFocusTraversable(true);
        conversation.messages().addListener(this::onRowsChanged);
        conversation.activeLabel().addListener((o, old, now) -> {
            unseenReset();
            jumpToNewest();
        });
        jump.setId("jump");
        jump.getStyleClass().add("jump");
        jump.setVisible(false);
        jump.setOnAction(e -> jumpToNewest());
        StackPane.setAlignment(jump, Pos.BOTTOM_RIGHT);
        StackPane.setMargin(jump, new Insets(0, 24, 16, 0));
        StackPane messageArea = new StackPane(messages, jump);
        for (var type : List.of(ScrollEvent.ANY, MouseEvent.MOUSE_PRESSED, MouseEvent.MOUSE_DRAGGED,
                MouseEvent.MOUSE_RELEASED, KeyEvent.KEY_PRESSED)) {
            messages.addEventFilter(type, e -> readerMoved = true);
        }
        // "Ann is typing…" goes a few seconds after Ann stops; checked each second while the window shows this room.
        javafx.animation.Timeline typingClock = new javafx.animation.Timeline(new javafx.animation.KeyFrame(
                javafx.util.Duration.seconds(1), e -> conversation.refreshTyping(java.time.Instant.now())));
        typingClock.setCycleCount(javafx.animation.Animation.INDEFINITE);
        messages.sceneProperty().addListener((o, old, now) -> {
            if (old != null) {
                old.removePostLayoutPulseListener(afterLayout);
                typingClock.stop();
            }
            if (now != null) {
                now.addPostLayoutPulseListener(afterLayout);
                typingClock.play();
            }
        });

        ListView<String> online = new ListView<>(conversation.online());
        online.setId("online");
        online.setFocusTraversable(true);
        if (session.signedIn()) {
            online.setTooltip(new javafx.scene.control.Tooltip("Click someone to write to them alone"));
            online.setOnMouseClicked(e -> {
                String person = online.getSelectionModel().getSelectedItem();
                if (person != null && !person.equalsIgnoreCase(session.name())) {
                    session.writeTo(person);
                }
            });
        }
        online.setContextMenu(personMenu(online));
        Label onlineTitle = new Label();
        onlineTitle.textProperty().bind(Bindings.size(conversation.online()).asString("Online (%d)"));
        onlineTitle.getStyleClass().add("side-title");
        side = new VBox(6, onlineTitle, online);
        VBox.setVgrow(online, Priority.ALWAYS);
        if (hostPanel != null) {
            side.getChildren().add(0, hostPanel);
        }
        side.setPadding(new Insets(8));
        side.setMinWidth(180);

        SplitPane center = new SplitPane(new PlacesPanel(session).root(), messageArea, side);
        center.setDividerPositions(0.2, 0.78);

        input.setId("input");
        input.setPromptText("Message (Enter sends, Shift+Enter adds a line)");
        input.setWrapText(true);
        input.setPrefRowCount(2);
        input.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        Button send = sendButton;
        send.setId("send");
        send.setDefaultButton(false);
        send.setOnAction(e -> send());
        Button attach = new Button("Attach…");
        attach.setId("attach");
        attach.setTooltip(new javafx.scene.control.Tooltip("Send files (or drop them on the window, or paste a picture)"));
        attach.setOnAction(e -> pickFiles(attach));
        attach.setDisable(!session.signedIn());
        HBox compose = new HBox(8, attach, input, send);
        HBox.setHgrow(input, Priority.ALWAYS);
        compose.setAlignment(Pos.CENTER);
        problem.setId("problem");
        problem.getStyleClass().add("problem");
        problem.setWrapText(true);
        problem.managedProperty().bind(problem.visibleProperty());
        problem.setVisible(false);

        status.setId("status");
        reconnect.setId("reconnect");
        reconnect.setOnAction(e -> session.reconnectNow());
        Label address = new Label(session.server().hostAndPort());
        address.getStyleClass().add("address");
        Region statusSpacer = new Region();
        HBox.setHgrow(statusSpacer, Priority.ALWAYS);
        HBox statusBar = new HBox(8, status, reconnect, statusSpacer, address);
        statusBar.setAlignment(Pos.CENTER_LEFT);
        statusBar.getStyleClass().add("status-bar");
        statusBar.setPadding(new Insets(4, 12, 4, 12));
        session.status().addListener((o, old, now) -> showStatus(now));
        showStatus(session.status().get());

        Label typingLabel = new Label();
        typingLabel.setId("typing");
        typingLabel.getStyleClass().add("typing");
        typingLabel.textProperty().bind(conversation.typingText());
        typingLabel.visibleProperty().bind(conversation.typingText().isNotEmpty());
        typingLabel.managedProperty().bind(typingLabel.visibleProperty());
        input.textProperty().addListener((o, old, now) -> {
            if (!now.isBlank() && now.length() > old.length()) {
                session.typing();
            }
        });
        mentionList.setId("mention-menu");
        mentionList.getStyleClass().add("mention-menu");
        mentionMenu.getContent().add(mentionList);
        input.caretPositionProperty().addListener((o, old, now) -> offerMentions());
        input.focusedProperty().addListener((o, was, now) -> {
            if (!now) {
                mentionMenu.hide();
            }
        });
        composingWhat.setId("composing-what");
        Hyperlink cancel = new Hyperlink("Cancel");
        cancel.setId("composing-cancel");
        cancel.setOnAction(e -> compose(null, null));
        Region composingSpacer = new Region();
        HBox.setHgrow(composingSpacer, Priority.ALWAYS);
        composing.getChildren().setAll(composingWhat, composingSpacer, cancel);
        composing.setId("composing");
        composing.getStyleClass().add("composing");
        composing.setAlignment(Pos.CENTER_LEFT);
        composing.managedProperty().bind(composing.visibleProperty());
        composing.setVisible(false);
        VBox bottom = new VBox(6, typingLabel, problem, tray.root(), composing, compose);
        Runnable rules = () -> {
            dev.hubbub.chat.StreamEvents.RoomInfo shown = conversation.activeRoom().get();
            boolean archived = shown != null && shown.archived();
            boolean closed = session.removed().get() != null || archived
                    || shown != null && shown.readOnly() && !session.host().get();
            input.setDisable(closed);
            send.setDisable(closed);
            input.setPromptText(session.removed().get() != null ? "You are no longer in this room"
                    : archived ? "# " + shown.name() + " is archived: nobody posts here"
                    : closed ? "Only the host posts in # " + shown.name()
                    : shown != null && shown.slowModeSeconds() > 0 && !session.host().get()
                    ? "Message (slow mode: one every " + shown.slowModeSeconds() + " s)"
                    : "Message (Enter sends, Shift+Enter adds a line)");
        };
        conversation.activeRoom().addListener((o, old, now) -> rules.run());
        session.host().addListener((o, old, now) -> rules.run());
        session.removed().addListener((o, old, why) -> {
            rules.run();
            tell(why == null ? null : Character.toUpperCase(why.charAt(0)) + why.substring(1) + ".");
        });
        bottom.setPadding(new Insets(8, 12, 8, 12));
        banner.setId("notification");
        banner.getStyleClass().add("notification");
        banner.setWrapText(true);
        Button dismiss = new Button("×");
        dismiss.setId("notification-close");
        dismiss.getStyleClass().add("notification-close");
        dismiss.setOnAction(e -> bannerRow.setVisible(false));
        Region bannerSpacer = new Region();
        HBox.setHgrow(bannerSpacer, Priority.ALWAYS);
        bannerRow.getChildren().setAll(banner, bannerSpacer, dismiss);
        bannerRow.getStyleClass().add("notification-row");
        bannerRow.setAlignment(Pos.CENTER_LEFT);
        bannerRow.setPadding(new Insets(4, 12, 4, 12));
        bannerRow.managedProperty().bind(bannerRow.visibleProperty());
        bannerRow.setVisible(false);
        root.setTop(new VBox(top, bannerRow));
        root.setCenter(center);
        root.setBottom(new VBox(bottom, statusBar));
        root.getStyleClass().add("chat");
        if (session.signedIn()) {
            acceptDroppedFiles();
        }
    }

    /**
     * The host's menu on a person in the online list: mute for a time, unmute, remove from the room, free the name.
     * Empty (and not shown) for everyone else.
     */
    private javafx.scene.control.ContextMenu personMenu(ListView<String> online) {
        // Filled in as it opens, for the person then selected (a menu with no items would not open at all).
        javafx.scene.control.ContextMenu menu = new javafx.scene.control.ContextMenu(
                new javafx.scene.control.MenuItem("…"));
        java.util.function.BiFunction<String, Runnable, javafx.scene.control.MenuItem> item = (text, action) -> {
            javafx.scene.control.MenuItem entry = new javafx.scene.control.MenuItem(text);
            entry.setOnAction(e -> action.run());
            return entry;
        };
        menu.setOnShowing(e -> {
            String person = online.getSelectionModel().getSelectedItem();
            menu.getItems().clear();
            if (!session.host().get() || person == null || person.equalsIgnoreCase(session.name())) {
                menu.getItems().add(new javafx.scene.control.MenuItem("(only the host can act on people)"));
                menu.getItems().get(0).setDisable(true);
                return;
            }
            for (int[] choice : new int[][] {{10}, {60}, {24 * 60}}) {
                String label = choice[0] == 10 ? "10 minutes" : choice[0] == 60 ? "1 hour" : "1 day";
                javafx.scene.control.MenuItem mute = item.apply("Mute " + person + " for " + label, () ->
                        host("POST", "/host/mute", new dev.hubbub.chat.Api.Mute(person, choice[0])));
                mute.setId("mute-" + choice[0]);
                menu.getItems().add(mute);
            }
            javafx.scene.control.MenuItem unmute = item.apply("Unmute " + person, () ->
                    host("POST", "/host/mute", new dev.hubbub.chat.Api.Mute(person, 0)));
            unmute.setId("unmute");
            javafx.scene.control.MenuItem remove = item.apply("Remove " + person + " from the room", () ->
                    host("POST", "/host/remove", new dev.hubbub.chat.Api.Person(person)));
            remove.setId("remove-person");
            javafx.scene.control.MenuItem free = item.apply("Free the name " + person, () ->
                    host("POST", "/host/free-name", new dev.hubbub.chat.Api.Person(person)));
            free.setId("free-name");
            menu.getItems().addAll(unmute, new javafx.scene.control.SeparatorMenuItem(), remove, free);
        });
        return menu;
    }

    /** A host action; its refusal, if any, under the messages. */
    private void host(String method, String path, Object body) {
        session.hostRequest(method, path, body, (answer, reason) -> tell(reason == null ? null : reason));
    }

    /** Files dragged onto the window go on the tray. */
    private void acceptDroppedFiles() {
        root.setOnDragOver(event -> {
            if (event.getDragboard().hasFiles()) {
                event.acceptTransferModes(TransferMode.COPY);
                root.getStyleClass().remove("dropping");
                root.getStyleClass().add("dropping");
            }
            event.consume();
        });
        root.setOnDragExited(event -> root.getStyleClass().remove("dropping"));
        root.setOnDragDropped(event -> {
            root.getStyleClass().remove("dropping");
            boolean took = event.getDragboard().hasFiles();
            if (took) {
                tray.add(event.getDragboard().getFiles().stream().map(java.io.File::toPath).toList());
                input.requestFocus();
            }
            event.setDropCompleted(took);
            event.consume();
        });
    }

    private void pickFiles(Node owner) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Send files");
        List<java.io.File> chosen = chooser.showOpenMultipleDialog(owner.getScene().getWindow());
        if (chosen != null) {
            tray.add(chosen.stream().map(java.io.File::toPath).toList());
            input.requestFocus();
        }
    }

    /** Ctrl+V (Cmd+V) with files or a picture on the clipboard puts them on the tray; text pastes as usual. */
    private boolean pasteFiles() {
        Clipboard clipboard = Clipboard.getSystemClipboard();
        if (!session.signedIn()) {
            return false;
        }
        if (clipboard.hasFiles()) {
            tray.add(clipboard.getFiles().stream().map(java.io.File::toPath).toList());
            return true;
        }
        if (clipboard.hasImage() && !clipboard.hasString()) {
            try {
                tray.addPicture(clipboard.getImage());
            } catch (java.io.IOException e) {
                tell("Could not paste the picture: " + e.getMessage());
            }
            return true;
        }
        return false;
    }

    /** A sentence under the messages (null hides it). */
    private void tell(String sentence) {
        problem.setText(sentence);
        problem.setVisible(sentence != null);
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
    }

    Session session() {
        return session;
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

    void focusInput() {
        input.requestFocus();
    }

    private void onKey(KeyEvent event) {
        if (PASTE.match(event) && pasteFiles()) {
            event.consume();
            return;
        }
        if (mentionMenu.isShowing() && (event.getCode() == KeyCode.TAB || event.getCode() == KeyCode.ENTER)) {
            event.consume();
            completeMention(mentionChoices.get(0));
            return;
        }
        if (mentionMenu.isShowing() && event.getCode() == KeyCode.ESCAPE) {
            event.consume();
            mentionMenu.hide();
            return;
        }
        if (event.getCode() == KeyCode.ESCAPE && (editing != null || replyingTo != null)) {
            event.consume();
            compose(null, null);
            return;
        }
        if (event.getCode() == KeyCode.UP && input.getText().isEmpty() && editing == null) {
            // As in Slack: the up arrow in an empty box edits one's last message.
            MessageItem last = session.conversation().lastChangeable();
            if (last != null) {
                event.consume();
                compose("edit", last);
            }
            return;
        }
        if (event.getCode() != KeyCode.ENTER) {
            return;
        }
        event.consume();
        if (event.isShiftDown()) {
            input.insertText(input.getCaretPosition(), "\n");
        } else {
            send();
        }
    }

    /** "@An" just before the caret: where its '@' is, and what follows it; null when the caret is not in one. */
    private int[] mentionBeingTyped() {
        String before = input.getText().substring(0, input.getCaretPosition());
        java.util.regex.Matcher m = MENTION_BEING_TYPED.matcher(before);
        return m.find() ? new int[] {m.start(2) - 1, m.end(2)} : null;
    }

    /** Offers the people here whose names start with what follows the '@' (and @room), under the message box. */
    private void offerMentions() {
        int[] typed = mentionBeingTyped();
        if (typed == null || !session.signedIn()) {
            mentionMenu.hide();
            return;
        }
        String wanted = dev.hubbub.chat.Names.key(input.getText().substring(typed[0] + 1, typed[1]));
        java.util.Map<String, String> people = new java.util.TreeMap<>();
        session.conversation().online().forEach(name -> people.put(dev.hubbub.chat.Names.key(name), name));
        session.conversation().places().stream().filter(Conversation.Place::isDirect)
                .forEach(place -> people.putIfAbsent(place.key().substring(1), place.label().replaceFirst("^@ ", "")));
        people.remove(dev.hubbub.chat.Names.key(session.name()));
        mentionChoices.clear();
        people.forEach((key, name) -> {
            if (key.startsWith(wanted) && mentionChoices.size() < 6) {
                mentionChoices.add(name);
            }
        });
        if ("room".startsWith(wanted)) {
            mentionChoices.add("room");
        }
        if (mentionChoices.isEmpty()) {
            mentionMenu.hide();
            return;
        }
        mentionList.getChildren().setAll(mentionChoices.stream().map(name -> {
            Label item = new Label("@" + name + (name.equals("room") ? " — everyone here" : ""));
            item.getStyleClass().add("mention-choice");
            item.setOnMouseClicked(e -> completeMention(name));
            return item;
        }).toList());
        mentionList.getChildren().get(0).getStyleClass().add("chosen");
        if (!mentionMenu.isShowing() && input.getScene() != null) {
            javafx.geometry.Bounds box = input.localToScreen(input.getBoundsInLocal());
            mentionMenu.show(input, box.getMinX(), box.getMinY() - 24.0 * mentionChoices.size() - 8);
        }
    }

    private void completeMention(String name) {
        int[] typed = mentionBeingTyped();
        mentionMenu.hide();
        if (typed == null) {
            return;
        }
        input.replaceText(typed[0], typed[1], "@" + name + " ");
        input.positionCaret(typed[0] + name.length() + 2);
    }

    /** The box answers a message ("reply"), or holds one of ours to edit ("edit"); null: a new message. */
    void compose(String mode, MessageItem item) {
        if (editing != null && !"edit".equals(mode)) {
            input.clear();
        }
        replyingTo = "reply".equals(mode) ? item : null;
        editing = "edit".equals(mode) ? item : null;
        composing.setVisible(mode != null);
        if (replyingTo != null) {
            String text = item.text().isEmpty() ? "📎" : item.text();
            composingWhat.setText("Replying to " + item.author() + ": "
                    + (text.length() > 80 ? text.substring(0, 80) + "…" : text));
        } else if (editing != null) {
            composingWhat.setText("Editing your message (Enter saves, Escape cancels)");
            input.setText(item.text());
            input.positionCaret(item.text().length());
        }
        if (mode != null) {
            input.requestFocus();
        }
    }

    private void saveEdit() {
        MessageItem item = editing;
        String text = input.getText().strip();
        if (text.isEmpty() && item.files().isEmpty()) {
            return;
        }
        if (text.equals(item.text())) {
            compose(null, null);
            return;
        }
        session.edit(item.id(), text, reason -> {
            if (reason == null) {
                if (editing == item) {
                    compose(null, null);
                }
                tell(null);
            } else {
                tell("Not saved: " + reason);
            }
        });
    }

    /** What the reader does to messages, from a message's menu, reactions and quote. */
    private final class CellActions implements MessageCell.Actions {
        @Override
        public void reply(MessageItem item) {
            compose("reply", item);
        }

        @Override
        public void edit(MessageItem item) {
            compose("edit", item);
        }

        @Override
        public boolean canRemoveOthers() {
            return session.host().get() && !session.conversation().active().startsWith("@");
        }

        @Override
        public void delete(MessageItem item) {
            boolean theirs = !item.mine();
            javafx.scene.control.Alert ask = new javafx.scene.control.Alert(
                    javafx.scene.control.Alert.AlertType.CONFIRMATION, theirs
                    ? "Everyone will see “message removed by the host” in its place, and a line saying you removed it."
                    : "Everyone will see “message deleted” in its place. This cannot be undone.",
                    javafx.scene.control.ButtonType.OK, javafx.scene.control.ButtonType.CANCEL);
            ask.setTitle(theirs ? "Remove message" : "Delete message");
            ask.setHeaderText(theirs ? "Remove this message by " + item.author() + "?" : "Delete this message?");
            ask.initOwner(root.getScene() == null ? null : root.getScene().getWindow());
            ask.showAndWait().filter(answer -> answer == javafx.scene.control.ButtonType.OK).ifPresent(answer ->
                    session.delete(item.id(), reason -> tell(reason == null ? null : "Not deleted: " + reason)));
        }

        @Override
        public void react(MessageItem item, String emoji, boolean add) {
            session.react(item.id(), emoji, add, reason -> tell(reason == null ? null : "No reaction: " + reason));
        }

        @Override
        public void reveal(String id) {
            session.reveal(session.conversation().active(), id,
                    () -> tell("That message is no longer kept."));
        }
    }

    private void search() {
        String words = search.getText().strip();
        if (words.isEmpty()) {
            return;
        }
        searchSummary.setText("Searching…");
        searchResults.getItems().clear();
        showSearchPopup();
        session.search(words, (results, reason) -> {
            if (results == null) {
                searchSummary.setText(reason);
                return;
            }
            int count = results.results().size();
            searchSummary.setText(count == 0 ? "Nothing found for “" + words + "”"
                    : (results.more() ? "The newest " + count : String.valueOf(count)) + " message"
                    + (count == 1 ? "" : "s") + " with “" + words + "”");
            searchResults.getItems().setAll(results.results());
        });
    }

    private void showSearchPopup() {
        if (!searchPopup.isShowing() && search.getScene() != null) {
            javafx.geometry.Bounds box = search.localToScreen(search.getBoundsInLocal());
            searchPopup.show(search, Math.max(0, box.getMaxX() - 520), box.getMaxY() + 4);
        }
    }

    private void openResult(dev.hubbub.chat.ChatMessage result) {
        if (result == null) {
            return;
        }
        searchPopup.hide();
        session.reveal(session.placeOf(result), result.id(), () -> tell("That message is no longer kept."));
    }

    /** A search result: where and by whom, then the text. */
    private static final class SearchResultCell extends javafx.scene.control.ListCell<dev.hubbub.chat.ChatMessage> {
        @Override
        protected void updateItem(dev.hubbub.chat.ChatMessage message, boolean empty) {
            super.updateItem(message, empty);
            if (empty || message == null) {
                setText(null);
                return;
            }
            String where = message.to() != null ? "@ " + message.to() + " / " + message.author() : "# " + message.room();
            setText(where + " · " + message.author() + " · " + MessageCell.TIME.format(message.sentAt()) + "\n"
                    + message.text());
            setWrapText(true);
            setPrefWidth(0);
        }
    }

    private void send() {
        if (editing != null) {
            saveEdit();
            return;
        }
        if (sending || input.getText().isBlank() && tray.isEmpty()) {
            return;
        }
        if (tray.isEmpty()) {
            sendNow(List.of());
            return;
        }
        sending = true;
        sendButton.setText("Uploading…");
        sendButton.setDisable(true);
        tray.whenReady().whenComplete((files, failure) -> {
            sending = false;
            sendButton.setText("Send");
            sendButton.setDisable(false);
            if (failure != null) {
                tell(failure.getMessage());
            } else if (sendNow(files)) {
                tray.clear();
            }
        });
    }

    private boolean sendNow(List<Attachment> files) {
        try {
            session.send(input.getText(), files, replyingTo == null ? null : replyingTo.id());
            input.clear();
            compose(null, null);
            problem.setVisible(false);
            jumpToNewest();
            return true;
        } catch (InvalidMessageException e) {
            problem.setText("Not sent: " + e.getMessage() + ".");
            problem.setVisible(true);
            return false;
        }
    }

    /**
     * New rows follow the reader's choice: when they are at the newest message the list scrolls to the new one;
     * otherwise the list stays where it is and "new messages" counts what came in below.
     */
    private void onRowsChanged(ListChangeListener.Change<? extends MessageItem> change) {
        int arrived = 0;
        boolean addedAtEnd = false;
        while (change.next()) {
            if (change.wasAdded() && !change.wasReplaced()) {
                addedAtEnd |= change.getTo() == change.getList().size();
                arrived += (int) change.getAddedSubList().stream()
                        .filter(i -> !i.mine() && i.kind() == MessageItem.Kind.MESSAGE).count();
            }
        }
        if (!addedAtEnd) {
            return;
        }
        if (following) {
            settling = SETTLING_LAYOUTS;
            scrollToNewest();
        } else {
            unseen += arrived;
            showJump();
        }
    }

    /** Once a pulse, after layout: what the reader's scrolling means, and keeping the newest row in view. */
    private void afterLayout() {
        VirtualFlow<?> flow = flow();
        if (flow == null) {
            return;
        }
        if (readerMoved) {
            readerMoved = false;
            setFollowing(showsNewest(flow));
            IndexedCell<?> first = flow.getFirstVisibleCell();
            if (first != null && first.getIndex() == 0) {
                session.loadOlder();
            }
        } else if (following && settling > 0) {
            // Rows arrived: once the flow has measured them, the newest must be in view.
            settling--;
            int size = messages.getItems().size();
            if (size > 0 && !showsNewest(flow)) {
                // Now the flow knows the row count, its own scrollTo brings the row in with the least movement.
                flow.scrollTo(size - 1);
            }
        }
    }

    /** Whether the last row is on screen with its bottom edge in view (or as far down as it goes). */
    private boolean showsNewest(VirtualFlow<?> flow) {
        int size = messages.getItems().size();
        if (size == 0) {
            return true;
        }
        IndexedCell<?> last = flow.getLastVisibleCell();
        if (last == null || last.getIndex() != size - 1) {
            return false;
        }
        return last.getLayoutY() + last.getHeight() <= flow.getHeight() + 2 || flow.getPosition() >= 0.999;
    }

    /**
     * Through the ListView, not its VirtualFlow: measured in a 10,000-message burst, the flow's own scrollTo laid
     * out hundreds of cells above the viewport when the row count had just jumped, and the flow keeps every cell
     * it ever made (531 cells and 77 MiB of heap, against 12 cells and 29 MiB this way).
     */
    private void scrollToNewest() {
        int size = messages.getItems().size();
        if (size > 0) {
            messages.scrollTo(size - 1);
        }
    }

    private void setFollowing(boolean isFollowing) {
        if (following == isFollowing) {
            return;
        }
        following = isFollowing;
        session.conversation().following(isFollowing);
        if (isFollowing) {
            unseen = 0;
        }
        showJump();
    }

    private void unseenReset() {
        unseen = 0;
        showJump();
    }

    private void jumpToNewest() {
        setFollowing(true);
        settling = SETTLING_LAYOUTS;
        scrollToNewest();
    }

    private void showJump() {
        jump.setVisible(!following && unseen > 0);
        jump.setText(unseen == 1 ? "1 new message ↓" : String.format("%,d new messages ↓", unseen));
    }

    private VirtualFlow<?> flow() {
        return messages.getSkin() == null ? null : (VirtualFlow<?>) messages.lookup(".virtual-flow");
    }

    private void showStatus(ConnectionStatus now) {
        status.getStyleClass().removeAll("connected", "connecting", "reconnecting", "closed");
        status.getStyleClass().add(now.state().name().toLowerCase(java.util.Locale.ROOT));
        reconnect.setVisible(now.state() == ConnectionStatus.State.RECONNECTING);
        status.setText(switch (now.state()) {
            case CONNECTING -> "Connecting…";
            case CONNECTED -> "● Connected";
            case RECONNECTING -> "Offline — " + now.detail() + " Trying again in "
                    + Math.max(1, (now.retryIn().toMillis() + 999) / 1000) + " s.";
            case CLOSED -> "Disconnected";
        });
    }
}
