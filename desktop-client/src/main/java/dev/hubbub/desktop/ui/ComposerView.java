package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.Words.t;

import dev.hubbub.chat.Attachment;
import dev.hubbub.chat.InvalidMessageException;
import dev.hubbub.chat.Names;
import dev.hubbub.chat.StreamEvents;
import java.io.File;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.IndexRange;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Popup;
import javafx.util.Duration;

/**
 * Writing, below the messages: who is typing here, the line where the window says what went wrong (or went
 * right), the files about to be sent ({@link UploadTray}), what the next message answers or which of ours it edits,
 * and the box itself (Enter sends, Shift+Enter adds a line, ↑ in an empty box edits one's last message, "@" offers
 * people to mention, Ctrl+B/I/E wrap the selection in Markdown's marks, a help line under it while it has the
 * keyboard). The box keeps each place's draft ({@link Drafts}) and names the place it writes to. The box closes where the person may not post (an archived or read-only room, removed by the
 * host), saying why. FX thread only.
 */
final class ComposerView {
    /** An "@" at a word's start and what follows it up to the caret. */
    private static final Pattern MENTION_BEING_TYPED = Pattern.compile("(^|[^\\p{L}\\p{N}])@([^\\s@]*)$");
    /** ":ta" at a word's start: an emoji's short name being typed. */
    private static final Pattern SHORTCODE_BEING_TYPED = Pattern.compile("(^|[\\s(]):([a-z0-9_+-]{2,})$");
    private static final KeyCombination PASTE = new KeyCodeCombination(KeyCode.V, KeyCombination.SHORTCUT_DOWN);
    /** Ctrl+B, Ctrl+I, Ctrl+E (Cmd on a Mac) and the marks they wrap the selection in. */
    private static final Map<KeyCombination, String> FORMAT_KEYS = Map.of(
            new KeyCodeCombination(KeyCode.B, KeyCombination.SHORTCUT_DOWN), "**",
            new KeyCodeCombination(KeyCode.I, KeyCombination.SHORTCUT_DOWN), "_",
            new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN), "`");
    /** An odd number of ``` lines before the caret: a code block is being written. */
    private static final Pattern FENCE = Pattern.compile("(?m)^```");
    static String help() {
        return t("app.formatHelp");
    }

    private final Session session;
    private final UploadTray tray;
    /** What happens once a message is on its way (the list goes back to the newest). */
    private final Runnable sent;
    private final VBox root;
    private final TextArea input = new TextArea();
    /** Shift+Tab: to the messages (set by the window), or null. */
    private Runnable toMessages;
    private final Button sendButton = new Button(t("composer.send"));
    private final Label problem = new Label();
    private final Label help = new Label(help());
    /** The place whose draft the box holds (when it holds no edit). */
    private String draftFor;
    /**
     * People to mention, offered while an "@name" is typed: a popup that never takes the keyboard from the message
     * box (a context menu would, and the next letters typed would go to it).
     */
    private final Popup mentionMenu = new Popup();
    private final VBox mentionList = new VBox();
    private final List<Choice> mentionChoices = new ArrayList<>();
    private final Supplier<EmojiPicker> emojiPicker;

    /** What the popup offers for what is typed before the caret: shown as {@code label}, put in as {@code insert}. */
    /** @param person whose status goes beside the choice (a mention); null for none */
    private record Choice(String label, String insert, String emoji, String person) {
        Choice(String label, String insert, String emoji) {
            this(label, insert, emoji, null);
        }
    }
    private final Label composingWhat = new Label();
    private final HBox composing = new HBox(8);
    /** A message waits for its files to finish uploading. */
    private boolean sending;
    /** The message the next one answers; null when none. */
    private MessageItem replyingTo;
    /** Our message whose text the box holds, to be saved as an edit; null when none. */
    private MessageItem editing;

    ComposerView(Session session, UploadTray tray, Runnable sent, Supplier<EmojiPicker> emojiPicker) {
        this.session = session;
        this.emojiPicker = emojiPicker;
        this.tray = tray;
        this.sent = sent;
        input.setId("input");
        input.setWrapText(true);
        input.setPrefRowCount(2);
        input.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        sendButton.setId("send");
        sendButton.setDefaultButton(false);
        sendButton.setOnAction(e -> send());
        Button attach = new Button(t("app.attach"));
        attach.setId("attach");
        attach.setTooltip(new Tooltip(t("app.attachTitle")));
        attach.setOnAction(e -> pickFiles(attach));
        attach.setDisable(!session.signedIn());
        // A text face, not the emoji's picture: the sheet of pictures loads when an emoji is first shown.
        Button emoji = new Button("☺");
        emoji.setId("emoji-button");
        emoji.setAccessibleText(t("emoji.title"));
        emoji.setTooltip(new Tooltip(t("app.emojiTitle")));
        emoji.setOnAction(e -> emojiPicker.get().open(emoji, chosen -> {
            input.requestFocus();
            input.replaceSelection(chosen);
        }));
        HBox box = new HBox(8, attach, emoji, input, sendButton);
        HBox.setHgrow(input, Priority.ALWAYS);
        box.setAlignment(Pos.CENTER);
        problem.setId("problem");
        problem.getStyleClass().add("problem");
        problem.setWrapText(true);
        problem.managedProperty().bind(problem.visibleProperty());
        problem.setVisible(false);

        Label typing = typingLine();
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
        Hyperlink cancel = new Hyperlink(t("common.cancel"));
        cancel.setId("composing-cancel");
        cancel.setOnAction(e -> compose(null, null));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        composing.getChildren().setAll(composingWhat, spacer, cancel);
        composing.setId("composing");
        composing.getStyleClass().add("composing");
        composing.setAlignment(Pos.CENTER_LEFT);
        composing.managedProperty().bind(composing.visibleProperty());
        composing.setVisible(false);
        help.setId("format-help");
        help.getStyleClass().add("format-help");
        // Hidden but keeping its line, so that nothing above it moves when the box loses the keyboard.
        help.visibleProperty().bind(input.focusedProperty());
        root = new VBox(6, typing, problem, tray.root(), composing, box, help);
        root.setPadding(new Insets(8, 12, 8, 12));

        session.places().activeRoom().addListener((o, old, now) -> applyRules());
        session.places().activeLabel().addListener((o, old, now) -> applyRules());
        session.places().activeKey().addListener((o, old, now) -> showDraft());
        input.textProperty().addListener((o, old, now) -> {
            if (editing == null && draftFor != null) {
                session.drafts().keep(draftFor, now);
            }
        });
        showDraft();
        applyRules();
        session.host().addListener((o, old, now) -> applyRules());
        session.removed().addListener((o, old, why) -> {
            applyRules();
            tell(why == null ? null : Character.toUpperCase(why.charAt(0)) + why.substring(1) + ".");
        });
    }

    Node root() {
        return root;
    }

    /** What Shift+Tab in the box does: the focus goes to the messages. */
    void onShiftTab(Runnable toMessages) {
        this.toMessages = toMessages;
    }

    void focus() {
        input.requestFocus();
    }

    /** A sentence under the messages, where the window says what went wrong or right (null hides it). */
    void tell(String sentence) {
        problem.setText(sentence);
        problem.setVisible(sentence != null);
    }

    /** "Ann is typing…", which goes a few seconds after Ann stops: checked each second while the window shows. */
    private Label typingLine() {
        Label typing = new Label();
        typing.setId("typing");
        typing.getStyleClass().add("typing");
        typing.textProperty().bind(session.people().typingText());
        typing.visibleProperty().bind(session.people().typingText().isNotEmpty());
        typing.managedProperty().bind(typing.visibleProperty());
        Timeline clock = new Timeline(new KeyFrame(Duration.seconds(1),
                e -> session.people().refreshTyping(Instant.now())));
        clock.setCycleCount(Animation.INDEFINITE);
        input.sceneProperty().addListener((o, old, now) -> {
            if (now == null) {
                clock.stop();
            } else {
                clock.play();
            }
        });
        return typing;
    }

    /** The box holds what was typed in the place shown and not sent, kept from before ({@link Drafts}). */
    private void showDraft() {
        String shown = session.places().active();
        if (shown.equals(draftFor)) {
            return;
        }
        if (editing != null || replyingTo != null) {
            compose(null, null);
        }
        draftFor = null; // the text set next is the kept draft, not a new one
        input.setText(session.drafts().of(shown));
        input.positionCaret(input.getLength());
        draftFor = shown;
    }

    /** Closes the box where the person may not post, and says why in its place. */
    private void applyRules() {
        StreamEvents.RoomInfo shown = session.places().activeRoom().get();
        boolean host = session.host().get();
        boolean removed = session.removed().get() != null;
        boolean archived = shown != null && shown.archived();
        boolean closed = removed || archived || shown != null && shown.readOnly() && !host;
        String place = session.places().activeLabel().get().replaceFirst("^[#@] ", "");
        input.setDisable(closed);
        sendButton.setDisable(closed);
        input.setPromptText(removed ? t("removed.title")
                : archived ? t("composer.archived", "where", "# " + shown.name())
                : closed ? t("composer.readOnly", "where", "# " + shown.name())
                : shown != null && shown.slowModeSeconds() > 0 && !host
                ? t("composer.slow", "where", place, "seconds", shown.slowModeSeconds())
                : t("composer.placeholder", "where", place));
    }

    /** Files dragged onto {@code area} go on the tray. */
    void acceptDroppedFiles(Region area) {
        area.setOnDragOver(event -> {
            if (event.getDragboard().hasFiles()) {
                event.acceptTransferModes(TransferMode.COPY);
                area.getStyleClass().remove("dropping");
                area.getStyleClass().add("dropping");
            }
            event.consume();
        });
        area.setOnDragExited(event -> area.getStyleClass().remove("dropping"));
        area.setOnDragDropped(event -> {
            area.getStyleClass().remove("dropping");
            boolean took = event.getDragboard().hasFiles();
            if (took) {
                tray.add(event.getDragboard().getFiles().stream().map(File::toPath).toList());
                input.requestFocus();
            }
            event.setDropCompleted(took);
            event.consume();
        });
    }

    private void pickFiles(Node owner) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(t("files.attach"));
        List<File> chosen = chooser.showOpenMultipleDialog(owner.getScene().getWindow());
        if (chosen != null) {
            tray.add(chosen.stream().map(File::toPath).toList());
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
            tray.add(clipboard.getFiles().stream().map(File::toPath).toList());
            return true;
        }
        if (clipboard.hasImage() && !clipboard.hasString()) {
            try {
                tray.addPicture(clipboard.getImage());
            } catch (IOException e) {
                tell(t("app.notPasted", "reason", e.getMessage()));
            }
            return true;
        }
        return false;
    }

    private void onKey(KeyEvent event) {
        if (PASTE.match(event) && pasteFiles()) {
            event.consume();
            return;
        }
        if (mentionMenu.isShowing() && (event.getCode() == KeyCode.TAB || event.getCode() == KeyCode.ENTER)) {
            event.consume();
            complete(mentionChoices.get(0));
            return;
        }
        for (Map.Entry<KeyCombination, String> format : FORMAT_KEYS.entrySet()) {
            if (format.getKey().match(event)) {
                event.consume();
                wrapSelection(format.getValue());
                return;
            }
        }
        if (event.getCode() == KeyCode.TAB && event.isShiftDown() && !event.isShortcutDown() && toMessages != null) {
            // Back to the messages, as Shift+Tab from the page's box; Ctrl+Tab and Ctrl+Shift+Tab still traverse.
            event.consume();
            toMessages.run();
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
        if (event.isShiftDown() || insideOpenFence()) {
            input.replaceSelection("\n");
        } else {
            send();
        }
    }

    private boolean insideOpenFence() {
        Matcher fences = FENCE.matcher(input.getText().substring(0, input.getCaretPosition()));
        int count = 0;
        while (fences.find()) {
            count++;
        }
        return count % 2 == 1;
    }

    /**
     * Wraps the selection in a mark (bold, italics, code), or unwraps it when it is wrapped already; with nothing
     * selected, puts the caret between two marks. Code over several lines becomes a code block. The same rules as
     * the page's composer.
     */
    private void wrapSelection(String mark) {
        IndexRange range = input.getSelection();
        int start = range.getStart();
        int end = range.getEnd();
        String text = input.getText();
        String selected = text.substring(start, end);
        int m = mark.length();
        if (mark.equals("`") && selected.contains("\n")) {
            String block = "```\n" + selected + "\n```";
            input.replaceText(start, end, block);
            input.selectRange(start, start + block.length());
        } else if (start >= m && end + m <= text.length() && text.startsWith(mark, start - m)
                && text.startsWith(mark, end)) {
            input.replaceText(start - m, end + m, selected);
            input.selectRange(start - m, end - m);
        } else {
            input.replaceText(start, end, mark + selected + mark);
            input.selectRange(start + m, end + m);
        }
    }

    /**
     * "@An" or ":ta" just before the caret: where its '@' or ':' is, what follows it, and which it is; null when the
     * caret is in neither.
     */
    private Typed beingTyped() {
        String before = input.getText().substring(0, input.getCaretPosition());
        Matcher m = MENTION_BEING_TYPED.matcher(before);
        if (m.find()) {
            return new Typed(m.start(2) - 1, m.end(2), false);
        }
        m = SHORTCODE_BEING_TYPED.matcher(before);
        return m.find() ? new Typed(m.start(2) - 1, m.end(2), true) : null;
    }

    private record Typed(int start, int end, boolean emoji) {
    }

    /**
     * Offers the people here whose names start with what follows the '@' (and @room), or the emoji whose short names
     * start with what follows the ':', above the message box.
     */
    private void offerMentions() {
        Typed typed = beingTyped();
        if (typed == null || !typed.emoji() && !session.signedIn()) {
            mentionMenu.hide();
            return;
        }
        String partial = input.getText().substring(typed.start() + 1, typed.end());
        mentionChoices.clear();
        if (typed.emoji()) {
            offerEmoji(partial);
        } else {
            offerPeople(Names.key(partial));
        }
        if (mentionChoices.isEmpty()) {
            mentionMenu.hide();
            return;
        }
        mentionList.getChildren().setAll(mentionChoices.stream().map(choice -> {
            // Words only when there is a status to tell (the dot says offline or active by itself).
            java.time.Instant now = java.time.Instant.now();
            String status = choice.person() == null || session.people().statusOf(choice.person(), now).isPlain() ? ""
                    : session.people().describe(choice.person(), now);
            // A person's status beside their name: whether they are at their desk, before one writes to them.
            Label item = new Label(status.isEmpty() ? choice.label() : choice.label() + " — " + status,
                    choice.emoji() != null ? EmojiImages.view(choice.emoji(), EmojiImages.SIZE)
                    : choice.person() != null ? StatusView.mark(session.people(), choice.person(), true) : null);
            item.getStyleClass().add("mention-choice");
            item.setOnMouseClicked(e -> complete(choice));
            return item;
        }).toList());
        mentionList.getChildren().get(0).getStyleClass().add("chosen");
        if (!mentionMenu.isShowing() && input.getScene() != null) {
            Bounds box = input.localToScreen(input.getBoundsInLocal());
            mentionMenu.show(input, box.getMinX(), box.getMinY() - 24.0 * mentionChoices.size() - 8);
        }
    }

    private void offerPeople(String wanted) {
        Map<String, String> people = new TreeMap<>();
        session.people().online().forEach(name -> people.put(Names.key(name), name));
        session.places().places().stream().filter(Places.Place::isDirect)
                .forEach(place -> people.putIfAbsent(place.key().substring(1), place.label().replaceFirst("^@ ", "")));
        people.remove(Names.key(session.name()));
        people.forEach((key, name) -> {
            if (key.startsWith(wanted) && mentionChoices.size() < 6) {
                mentionChoices.add(new Choice("@" + name, "@" + name + " ", null, name));
            }
        });
        if ("room".startsWith(wanted)) {
            mentionChoices.add(new Choice("@room — " + t("mention.everyone"), "@room ", null));
        }
    }

    /** The emoji whose short names start with {@code partial}: the short name itself first. */
    private void offerEmoji(String partial) {
        List<Choice> exact = new ArrayList<>();
        List<Choice> starting = new ArrayList<>();
        for (dev.hubbub.chat.EmojiSet.Emoji emoji : dev.hubbub.chat.EmojiSet.get().all()) {
            for (String code : emoji.shortcodes()) {
                if (code.startsWith(partial)) {
                    (code.equals(partial) ? exact : starting).add(new Choice(":" + code + ":", emoji.emoji(),
                            emoji.emoji()));
                    break;
                }
            }
            if (exact.size() + starting.size() >= 24) {
                break;
            }
        }
        exact.addAll(starting);
        mentionChoices.addAll(exact.subList(0, Math.min(6, exact.size())));
    }

    private void complete(Choice choice) {
        Typed typed = beingTyped();
        mentionMenu.hide();
        if (typed == null) {
            return;
        }
        if (choice.emoji() != null) {
            emojiPicker.get().used(choice.emoji());
        }
        input.replaceText(typed.start(), typed.end(), choice.insert());
        input.positionCaret(typed.start() + choice.insert().length());
    }

    /** The box answers a message ("reply"), or holds one of ours to edit ("edit"); null: a new message. */
    void compose(String mode, MessageItem item) {
        if (editing != null && !"edit".equals(mode)) {
            editing = null;
            input.setText(draftFor == null ? "" : session.drafts().of(draftFor));
        }
        replyingTo = "reply".equals(mode) ? item : null;
        editing = "edit".equals(mode) ? item : null;
        composing.setVisible(mode != null);
        if (replyingTo != null) {
            String text = item.text().isEmpty() ? "📎" : item.text();
            composingWhat.setText(t("composer.replying", "author", item.author(),
                    "words", text.length() > 80 ? text.substring(0, 80) + "…" : text));
        } else if (editing != null) {
            composingWhat.setText(t("composer.editing"));
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
                tell(t("app.notSaved", "reason", reason));
            }
        });
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
        sendButton.setText(t("files.uploading"));
        sendButton.setDisable(true);
        tray.whenReady().whenComplete((files, failure) -> {
            sending = false;
            sendButton.setText(t("composer.send"));
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
            input.clear(); // and so forgets the draft
            compose(null, null);
            tell(null);
            sent.run();
            return true;
        } catch (InvalidMessageException e) {
            tell(t("app.notSent", "reason", e.getMessage()));
            return false;
        }
    }
}
