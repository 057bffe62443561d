package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.Words.t;
import static dev.hubbub.desktop.ui.Words.tn;

import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.InvalidMessageException;
import java.util.List;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The thread panel, beside the conversation: a thread's root and replies ({@link MessageListView} over
 * {@link Threads#conversation}), Follow, and a box to reply in the thread (also to its conversation, when asked); or
 * the threads the person follows, newest activity first, with their unread replies. Shown while
 * {@link Threads} shows something. FX thread only.
 */
final class ThreadView {
    private final Session session;
    private final Threads threads;
    private final VBox root = new VBox();
    private final Label title = new Label();
    private final Button follow = new Button();
    private final TextArea text = new TextArea();
    private final CheckBox also = new CheckBox();
    private final Label composing = new Label();
    private final Label problem = new Label();
    private MessageItem quoting;
    private MessageItem editing;
    /** The thread's own files on their way (picked with 📎 or dropped on the panel), uploaded at once. */
    private final UploadTray tray;
    private final Button send = new Button(t("composer.send"));
    private boolean sending;
    /** Held here: a binding nobody holds is collected, and its listeners go with it. */
    private final javafx.beans.binding.BooleanBinding showing;

    /**
     * @param actions what the reader does to messages elsewhere (react, delete, open links); replying and editing
     *     happen in this panel's own box
     */
    ThreadView(Session session, Consumer<String> openLink, FileViews fileViews, MessageCell.Actions actions) {
        this.session = session;
        this.threads = session.threads();
        this.showing = threads.shown().isNotNull().or(threads.listShown()).or(threads.pinsShown().isNotNull());
        this.tray = new UploadTray(session.files(), FileViews.defaultDownloads().resolve("pasted"));
        tray.root().setId("thread-tray");
        // Files meant for one thread do not go to the next one shown.
        threads.shown().addListener((o, was, now) -> tray.clear());
        MessageCell.Actions here = new MessageCell.Actions() {
            @Override
            public void reply(MessageItem item) {
                compose(item, null);
            }

            @Override
            public void edit(MessageItem item) {
                compose(null, item);
            }

            @Override
            public void delete(MessageItem item) {
                actions.delete(item);
            }

            @Override
            public void react(MessageItem item, String emoji, boolean add) {
                actions.react(item, emoji, add);
            }

            @Override
            public void reactWithAny(MessageItem item, Node anchor) {
                actions.reactWithAny(item, anchor);
            }

            @Override
            public void reveal(String id) {
                threads.reveal(id);
            }

            @Override
            public void pin(MessageItem item, boolean pin) {
                actions.pin(item, pin);
            }

            @Override
            public boolean canRemoveOthers() {
                ChatMessage shownRoot = threads.root().get();
                return session.host().get() && shownRoot != null && shownRoot.to() == null;
            }
        };
        MessageListView list = new MessageListView(session, threads.conversation(), threads::loadOlder,
                threads.shown(), "thread-messages", openLink, fileViews, here);
        list.onLeave(this::focusReply);

        title.getStyleClass().add("side-title");
        title.setId("thread-title");
        title.setWrapText(true);
        title.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        title.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(title, Priority.ALWAYS);
        follow.setId("thread-follow");
        follow.setMinWidth(Region.USE_PREF_SIZE);
        title.setMinWidth(0);
        follow.managedProperty().bind(follow.visibleProperty());
        follow.setOnAction(e -> threads.follow(!threads.follows(threads.shown().get()), why -> {
            tell(why == null ? null : t("app.notChanged", "reason", why));
            drawFollow();
        }));
        Button close = new Button("✕");
        close.setId("thread-close");
        close.setMinWidth(Region.USE_PREF_SIZE);
        close.setTooltip(new javafx.scene.control.Tooltip(t("common.closeEscape")));
        close.setOnAction(e -> threads.close());
        HBox header = new HBox(8, title, follow, close);
        header.setAlignment(Pos.CENTER_LEFT);
        header.setPadding(new Insets(8));

        ListView<Threads.Followed> followed = new ListView<>(threads.followed());
        followed.setId("followed-threads");
        followed.setPlaceholder(wrapped(t("threads.empty")));
        ((Label) followed.getPlaceholder()).setWrapText(true);
        followed.setCellFactory(view -> new FollowedCell(session));
        followed.setOnMouseClicked(e -> {
            Threads.Followed chosen = followed.getSelectionModel().getSelectedItem();
            if (chosen != null) {
                threads.open(chosen.root().id(), chosen.root());
            }
        });
        followed.setOnKeyPressed(e -> {
            Threads.Followed chosen = followed.getSelectionModel().getSelectedItem();
            if (e.getCode() == KeyCode.ENTER && chosen != null) {
                threads.open(chosen.root().id(), chosen.root());
            }
        });

        text.setId("thread-text");
        text.setPromptText(t("thread.placeholder"));
        text.setWrapText(true);
        text.setPrefRowCount(2);
        text.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        send.setId("thread-send");
        send.setDefaultButton(false);
        send.setOnAction(e -> submit());
        send.setMinWidth(Region.USE_PREF_SIZE);
        Button attach = new Button("📎");
        attach.setId("thread-attach");
        attach.setTooltip(new javafx.scene.control.Tooltip(t("app.attachThreadTitle")));
        attach.setAccessibleText(t("thread.attach"));
        attach.setMinWidth(Region.USE_PREF_SIZE);
        attach.setOnAction(e -> {
            javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
            chooser.setTitle(t("thread.attach"));
            java.util.List<java.io.File> chosen = chooser.showOpenMultipleDialog(root.getScene().getWindow());
            if (chosen != null) {
                tray.add(chosen.stream().map(java.io.File::toPath).toList());
                text.requestFocus();
            }
        });
        attach.setDisable(!session.signedIn());
        HBox box = new HBox(6, attach, text, send);
        HBox.setHgrow(text, Priority.ALWAYS);
        box.setAlignment(Pos.BOTTOM_LEFT);
        also.setId("thread-also");
        composing.setId("thread-composing");
        composing.getStyleClass().add("composing");
        composing.managedProperty().bind(composing.visibleProperty());
        composing.setVisible(false);
        problem.getStyleClass().add("problem");
        problem.setWrapText(true);
        problem.managedProperty().bind(problem.visibleProperty());
        problem.setVisible(false);
        VBox composer = new VBox(4, tray.root(), composing, box, also, problem);
        composer.setPadding(new Insets(8));
        VBox threadBody = new VBox(list.root(), composer);
        acceptDroppedFiles(threadBody);
        VBox.setVgrow(list.root(), Priority.ALWAYS);

        ListView<ChatMessage> pinned = new ListView<>(threads.pins());
        pinned.setId("pinned-messages");
        pinned.setPlaceholder(wrapped(t("app.pinsEmpty")));
        ((Label) pinned.getPlaceholder()).setWrapText(true);
        pinned.setCellFactory(view -> new PinnedCell());
        Runnable openPinned = () -> {
            ChatMessage chosen = pinned.getSelectionModel().getSelectedItem();
            if (chosen == null) {
                return;
            }
            if (chosen.isInThread()) {
                threads.open(chosen.thread().root(), null);
                threads.reveal(chosen.id());
            } else {
                session.reveal(session.placeOf(chosen), chosen.id(), () -> tell(t("message.gone")));
            }
        };
        pinned.setOnMouseClicked(e -> openPinned.run());
        pinned.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                openPinned.run();
            }
        });
        pinned.visibleProperty().bind(threads.pinsShown().isNotNull());

        StackPane body = new StackPane(threadBody, followed, pinned);
        VBox.setVgrow(body, Priority.ALWAYS);
        threadBody.visibleProperty().bind(threads.shown().isNotNull());
        followed.visibleProperty().bind(threads.listShown());
        root.getChildren().setAll(header, body);
        root.setId("thread-panel");
        root.getStyleClass().add("thread-panel");
        root.setMinWidth(260);
        root.setPrefWidth(340);

        threads.shown().addListener((o, old, now) -> {
            compose(null, null);
            also.setSelected(false);
            draw();
        });
        threads.listShown().addListener((o, old, now) -> draw());
        threads.pinsShown().addListener((o, old, now) -> draw());
        threads.root().addListener((o, old, now) -> draw());
        threads.followed().addListener((javafx.collections.ListChangeListener<Threads.Followed>) c -> drawFollow());
        threads.tellWith(this::tell);
        draw();
    }

    Node root() {
        return root;
    }

    /** Whether the panel has anything to show. */
    javafx.beans.binding.BooleanBinding showing() {
        return showing;
    }

    void focusReply() {
        text.requestFocus();
    }

    private void draw() {
        ChatMessage shownRoot = threads.root().get();
        String where = shownRoot == null ? null : session.places().labelOf(session.placeOf(shownRoot));
        title.setText(threads.pinsShown().get() != null ? t("pins.in", "where", threads.pinsShown().get())
                : threads.listShown().get() ? t("threads.title")
                : where == null ? t("thread.title") : t("thread.in", "where", where));
        also.setText(t("thread.alsoSendTo") + " " + (where == null ? t("thread.theConversation") : where));
        follow.setVisible(threads.shown().get() != null);
        drawFollow();
    }

    private void drawFollow() {
        boolean following = threads.shown().get() != null && threads.follows(threads.shown().get());
        follow.setText(following ? t("thread.following") + " ✓" : t("thread.follow"));
        follow.setTooltip(new javafx.scene.control.Tooltip(following
                ? t("thread.unfollowTitle") : t("thread.followTitle")));
    }

    /** The box answers a message ({@code quote}), edits one of ours ({@code edit}), or writes a new reply. */
    private void compose(MessageItem quote, MessageItem edit) {
        if (editing != null && edit == null) {
            text.clear();
        }
        quoting = quote;
        editing = edit;
        composing.setVisible(quote != null || edit != null);
        composing.setText(quote != null ? t("composer.replying", "author", quote.author(), "words", excerpt(quote.text()))
                : edit != null ? t("composer.editing") : null);
        if (edit != null) {
            text.setText(edit.text());
        }
        if (quote != null || edit != null) {
            text.requestFocus();
            text.end();
        }
    }

    private static String excerpt(String words) {
        return words.isEmpty() ? "📎" : words.length() > 80 ? words.substring(0, 80) + "…" : words;
    }

    private void onKey(KeyEvent e) {
        if (e.getCode() == KeyCode.ENTER && !e.isShiftDown()) {
            e.consume();
            submit();
        } else if (e.getCode() == KeyCode.ENTER) {
            e.consume();
            text.insertText(text.getCaretPosition(), "\n");
        } else if (e.getCode() == KeyCode.ESCAPE) {
            e.consume();
            if (quoting != null || editing != null) {
                compose(null, null);
            } else {
                threads.close();
            }
        }
    }

    private void submit() {
        String words = text.getText().strip();
        if (words.isEmpty() && (tray.isEmpty() || editing != null) || sending) {
            return;
        }
        if (editing != null) {
            MessageItem edited = editing;
            session.edit(edited.id(), words, why -> tell(why == null ? null : t("app.notSaved", "reason", why)));
            text.clear();
            compose(null, null);
            return;
        }
        if (tray.isEmpty()) {
            sendNow(words, List.of());
            return;
        }
        // What was typed when Send was pressed goes with the files, once they are up.
        sending = true;
        send.setText(t("files.uploading"));
        send.setDisable(true);
        tray.whenReady().whenComplete((files, failure) -> {
            sending = false;
            send.setText(t("composer.send"));
            send.setDisable(false);
            if (failure != null) {
                tell(failure.getMessage());
            } else if (sendNow(words, files)) {
                tray.clear();
            }
        });
    }

    private boolean sendNow(String words, List<dev.hubbub.chat.Attachment> files) {
        try {
            ChatMessage shownRoot = threads.root().get();
            String replyTo = quoting == null || shownRoot != null && quoting.id().equals(shownRoot.id()) ? null
                    : quoting.id();
            session.sendInThread(words, files, also.isSelected(), replyTo);
            text.clear();
            also.setSelected(false);
            compose(null, null);
            tell(null);
            return true;
        } catch (InvalidMessageException e) {
            tell(e.getMessage());
            return false;
        }
    }

    /** Files dragged onto the panel go on the thread's tray. */
    private void acceptDroppedFiles(Region area) {
        area.setOnDragOver(event -> {
            if (event.getDragboard().hasFiles() && session.signedIn()) {
                event.acceptTransferModes(javafx.scene.input.TransferMode.COPY);
            }
            event.consume();
        });
        area.setOnDragDropped(event -> {
            boolean took = event.getDragboard().hasFiles() && session.signedIn();
            if (took) {
                tray.add(event.getDragboard().getFiles().stream().map(java.io.File::toPath).toList());
                text.requestFocus();
            }
            event.setDropCompleted(took);
            event.consume();
        });
    }

    /** For tests: the thread's tray. */
    UploadTray tray() {
        return tray;
    }

    private void tell(String sentence) {
        problem.setText(sentence);
        problem.setVisible(sentence != null);
    }

    /** A pinned message in the list: who wrote it, who pinned it, the start of its text. */
    private static final class PinnedCell extends ListCell<ChatMessage> {
        PinnedCell() {
            getStyleClass().add("followed-thread");
        }

        @Override
        protected void updateItem(ChatMessage message, boolean empty) {
            super.updateItem(message, empty);
            if (empty || message == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            Label who = new Label(message.author() + (message.pinned() == null ? ""
                    : " · " + t("pins.by", "name", message.pinned().by())));
            who.getStyleClass().add("thread-where");
            Label words = new Label(excerpt(message.text()));
            words.setWrapText(true);
            setText(null);
            setGraphic(new VBox(2, who, words));
        }
    }

    /** A followed thread in the list: where, the root's start, its replies, and what is unread. */
    private static final class FollowedCell extends ListCell<Threads.Followed> {
        private final Session session;

        FollowedCell(Session session) {
            this.session = session;
            getStyleClass().add("followed-thread");
        }

        @Override
        protected void updateItem(Threads.Followed item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            ChatMessage root = item.root();
            Label where = new Label(session.places().labelOf(session.placeOf(root)));
            where.getStyleClass().add("thread-where");
            Label words = new Label(root.author() + ": " + (root.deleted() ? t("message.deleted") : excerpt(root.text())));
            words.setWrapText(true);
            int replies = root.thread() == null ? 0 : root.thread().replies();
            Label count = new Label(tn("thread.count", replies));
            count.getStyleClass().add("thread-count");
            VBox text = new VBox(2, where, words, count);
            HBox.setHgrow(text, Priority.ALWAYS);
            HBox row = new HBox(6, text);
            row.setAlignment(Pos.CENTER_LEFT);
            if (item.unread() > 0) {
                Label badge = new Label(item.unread() > 99 ? "99+" : String.valueOf(item.unread()));
                badge.getStyleClass().add("unread");
                row.getChildren().add(badge);
            }
            setText(null);
            setGraphic(row);
        }
    }

    /** A placeholder sentence that wraps within the panel rather than being cut off. */
    private static Label wrapped(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.setMaxWidth(260);
        return label;
    }
}
