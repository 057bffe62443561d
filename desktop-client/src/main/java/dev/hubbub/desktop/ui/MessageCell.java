package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.Words.t;
import static dev.hubbub.desktop.ui.Words.tn;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * Draws one {@link MessageItem}: author, local time and text (as the server read it, {@link ContentView}; wrapped,
 * its direction that of its first letter), and its delivery state.
 *
 * <p>A cell is reused for many items as the list scrolls, so it builds its nodes once and only changes their
 * content in {@link #updateItem}: nothing it creates per item listens to anything that outlives the item (a binding
 * made per item to the list's width stays registered there, one per message ever shown).
 */
final class MessageCell extends ListCell<MessageItem> {
    static final javafx.css.PseudoClass MINE = javafx.css.PseudoClass.getPseudoClass("mine");
    static final javafx.css.PseudoClass NOTICE = javafx.css.PseudoClass.getPseudoClass("notice");
    static final javafx.css.PseudoClass PENDING = javafx.css.PseudoClass.getPseudoClass("pending");
    static final javafx.css.PseudoClass FAILED = javafx.css.PseudoClass.getPseudoClass("failed");
    static final javafx.css.PseudoClass FOR_ME = javafx.css.PseudoClass.getPseudoClass("for-me");
    static final javafx.css.PseudoClass DELETED = javafx.css.PseudoClass.getPseudoClass("deleted");
    static final javafx.css.PseudoClass CONTINUED = javafx.css.PseudoClass.getPseudoClass("continued");
    /** Messages one person sends within this time of the one before share its header, as in Slack. */
    static final java.time.Duration GROUP = java.time.Duration.ofMinutes(5);
    private static final double BUBBLE_MARGIN = 48;
    private static final double TEXT_MARGIN = 64;

    private final VBox bubble = new VBox(2);
    private final Label author = new Label();
    private final Label time = new Label();
    private final Label unverified = new Label(t("message.unverified"));
    private final Label app = new Label(t("message.app"));
    private final TextFlow body = new TextFlow();
    /** A message the server read formatting, links or mentions in: drawn from its content instead of {@link #body}. */
    private final VBox rich = new VBox();
    private final ContentView content;
    private final Label delivery = new Label();
    private final Button retry = new Button(t("message.retry"));
    private final HBox deliveryRow = new HBox(8, delivery, retry);
    private final Label notice = new Label();
    private final FlowPane files = new FlowPane(6, 6);
    private final FileViews fileViews;

    private final java.util.function.Predicate<String> isMe;
    private final Label edited = new Label(t("message.edited"));
    private final Hyperlink quote = new Hyperlink();
    private final FlowPane reactions = new FlowPane(4, 4);
    private final Actions actions;
    private final Label day = new Label();
    private final Label newLine = new Label(t("history.newLine"));
    private final javafx.scene.layout.StackPane avatar = new javafx.scene.layout.StackPane();
    private final javafx.scene.shape.Circle avatarDisc = new javafx.scene.shape.Circle(11);
    private final Label initials = new Label();
    /** The picture a person set, over their initials; null when they set none (or it is not here yet). */
    private final javafx.scene.image.ImageView picture = new javafx.scene.image.ImageView();
    private final AvatarPictures pictures;
    /** Whose initials the avatar shows now. */
    private String avatarOf;
    private final HBox header;
    private final VBox frame;
    private final javafx.beans.value.ObservableValue<String> firstNew;
    /** A long message shows its start until "Show more"; the ids of those the reader opened (shared by the cells). */
    private final java.util.Set<String> expanded;
    private final Hyperlink showMore = new Hyperlink(t("message.showMore"));
    /** Under a thread's root: how many replies, who, when; under a reply also sent here: a link to its thread. */
    private final Hyperlink threadLine = new Hyperlink();
    /** "Seen" or "Seen by 3" under one's own message (a place's list only). */
    private final Label seenMark = new Label();
    /** "Pinned by Bob", above a pinned message. */
    private final Label pinnedMark = new Label();
    static final int LONG_LINES = 12;
    static final int LONG_CHARS = 1000;
    private static final double COLLAPSED_HEIGHT = 250;

    /** What the reader can do to a message, from its context menu, its reactions and its quote. */
    interface Actions {
        void reply(MessageItem item);

        void edit(MessageItem item);

        void delete(MessageItem item);

        void react(MessageItem item, String emoji, boolean add);

        /** Opens the emoji picker next to {@code anchor}; what is picked is a reaction to the item. */
        void reactWithAny(MessageItem item, javafx.scene.Node anchor);

        /** Brings the message with this id into view. */
        void reveal(String id);

        /** Whether the reader may remove others' messages here: a host, in a room (not a direct conversation). */
        boolean canRemoveOthers();

        /**
         * Opens the thread of the message {@code rootId} ({@code root}: its row, when at hand), its reply box
         * focused when {@code reply}; in a list that shows threads as lines under their roots. Null: not here.
         */
        default java.util.function.BiConsumer<MessageItem, Boolean> threads() {
            return null;
        }

        /** Pins the message to its conversation ({@code pin}), or takes its pin away. */
        default void pin(MessageItem item, boolean pin) {
        }
    }

    /** The reactions offered in a message's menu (any emoji may come from other clients). */
    static final List<String> REACTIONS = List.of("👍", "❤️", "😂", "🎉", "😮", "😢", "👀", "🙏");

    /**
     * @param isMe whether a name is the reader's (a mention of it is marked strongly)
     * @param openRoom shows a room a message links to ({@code #design})
     * @param actions what the reader can do to messages; null for none (a server without names)
     * @param statusOf the words of a person's status ("Away · 🍔 lunch"), by name; empty for an active person
     */
    MessageCell(Consumer<String> openLink, Consumer<String> openRoom, Consumer<MessageItem> onRetry,
                FileViews fileViews, java.util.function.Predicate<String> isMe, Actions actions,
                javafx.beans.value.ObservableValue<String> firstNew, java.util.Set<String> expanded,
                AvatarPictures pictures, java.util.function.Function<String, String> statusOf) {
        this.pictures = pictures;
        this.firstNew = firstNew;
        this.expanded = expanded;
        this.content = new ContentView(new ContentView.Handlers(openLink, openRoom, isMe));
        this.isMe = isMe;
        this.fileViews = fileViews;
        this.actions = actions;
        edited.getStyleClass().add("edited");
        quote.getStyleClass().add("quote");
        quote.setOnAction(e -> {
            if (getItem() != null && getItem().replyTo() != null) {
                actions.reveal(getItem().replyTo().id());
            }
        });
        reactions.getStyleClass().add("reactions");
        if (actions != null) {
            setContextMenu(menu());
        }
        files.getStyleClass().add("files");
        files.setRowValignment(javafx.geometry.VPos.TOP);
        getStyleClass().add("message-cell");
        author.getStyleClass().add("author");
        // The author's status when pointed at, worked out then (so never stale, and nothing to keep up to date).
        javafx.scene.control.Tooltip status = new javafx.scene.control.Tooltip();
        status.setOnShowing(e -> status.setText(author.getText() == null ? "" : author.getText() + ": "
                + java.util.Objects.requireNonNullElse(statusOf.apply(author.getText()), t("status.active"))));
        author.setTooltip(status);
        time.getStyleClass().add("time");
        unverified.getStyleClass().add("unverified");
        unverified.setTooltip(new javafx.scene.control.Tooltip(
                t("message.unverifiedTitle")));
        app.getStyleClass().add("app-badge");
        app.setTooltip(new javafx.scene.control.Tooltip(t("message.appTitle")));
        avatar.getStyleClass().add("avatar");
        initials.getStyleClass().add("initials");
        picture.setFitWidth(22);
        picture.setFitHeight(22);
        picture.setSmooth(true);
        picture.setClip(new javafx.scene.shape.Circle(11, 11, 11));
        picture.getStyleClass().add("avatar-picture");
        avatar.getChildren().setAll(avatarDisc, initials, picture);
        avatar.setMinSize(22, 22);
        avatar.setMaxSize(22, 22);
        header = new HBox(8, avatar, author, app, unverified, time, edited);
        header.setAlignment(Pos.CENTER_LEFT);
        body.getStyleClass().add("body");
        delivery.getStyleClass().add("delivery");
        delivery.setWrapText(true);
        retry.getStyleClass().add("retry");
        retry.setOnAction(e -> {
            if (getItem() != null) {
                onRetry.accept(getItem());
            }
        });
        deliveryRow.setAlignment(Pos.CENTER_LEFT);
        bubble.getStyleClass().add("bubble");
        rich.getStyleClass().add("body");
        showMore.getStyleClass().add("show-more");
        showMore.managedProperty().bind(showMore.visibleProperty());
        showMore.setOnAction(e -> {
            MessageItem item = getItem();
            if (item != null && item.id() != null && !expanded.remove(item.id())) {
                expanded.add(item.id());
            }
            if (item != null) {
                showLength(item);
            }
        });
        for (javafx.scene.layout.Region text : List.of(body, rich)) {
            javafx.scene.shape.Rectangle clip = new javafx.scene.shape.Rectangle();
            clip.widthProperty().bind(text.widthProperty());
            clip.heightProperty().bind(text.heightProperty());
            text.getProperties().put("clip", clip);
        }
        threadLine.getStyleClass().add("thread-line");
        threadLine.setWrapText(true);
        // As wide as the text may be: bound to the body's bound, so the list's width has no more listeners per cell.
        threadLine.maxWidthProperty().bind(body.maxWidthProperty());
        threadLine.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        threadLine.managedProperty().bind(threadLine.visibleProperty());
        threadLine.setVisible(false);
        threadLine.setOnAction(e -> {
            MessageItem item = getItem();
            if (item != null && actions != null && actions.threads() != null) {
                actions.threads().accept(item, false);
            }
        });
        pinnedMark.getStyleClass().add("pinned-mark");
        pinnedMark.managedProperty().bind(pinnedMark.visibleProperty());
        pinnedMark.setVisible(false);
        seenMark.getStyleClass().add("seen");
        seenMark.managedProperty().bind(seenMark.visibleProperty());
        seenMark.setVisible(false);
        bubble.getChildren().addAll(pinnedMark, header, quote, body, rich, showMore, files, reactions, threadLine,
                seenMark, deliveryRow);
        // Wrapped to the list's width (the cell's own lags a layout behind when the list measures a row), bound
        // once per cell, not once per message: the list holds one listener per cell it ever made, a few dozen.
        listViewProperty().addListener((o, old, list) -> {
            bubble.maxWidthProperty().unbind();
            body.maxWidthProperty().unbind();
            rich.maxWidthProperty().unbind();
            if (list != null) {
                bubble.maxWidthProperty().bind(Bindings.max(0, list.widthProperty().subtract(BUBBLE_MARGIN)));
                body.maxWidthProperty().bind(Bindings.max(0, list.widthProperty().subtract(TEXT_MARGIN)));
                rich.maxWidthProperty().bind(Bindings.max(0, list.widthProperty().subtract(TEXT_MARGIN)));
            }
        });
        notice.setWrapText(true);
        notice.getStyleClass().add("notice-text");
        day.getStyleClass().add("day-line");
        newLine.getStyleClass().add("new-line");
        for (Label line : List.of(day, newLine)) {
            line.setMaxWidth(Double.MAX_VALUE);
            line.setAlignment(Pos.CENTER);
            line.managedProperty().bind(line.visibleProperty());
        }
        frame = new VBox(2, day, newLine);
    }

    /**
     * What goes above a message: the day's line where a day starts, the "New messages" line where the reader left
     * off; and whether the message shares the header of the one above it (same person, minutes apart).
     */
    private boolean placeInList(MessageItem item, javafx.scene.Node shown) {
        List<MessageItem> all = getListView() == null ? List.of() : getListView().getItems();
        int index = getIndex();
        MessageItem previous = index > 0 && index <= all.size() ? all.get(index - 1) : null;
        java.time.LocalDate today = item.time() == null ? null
                : item.time().atZone(ZoneId.systemDefault()).toLocalDate();
        java.time.LocalDate before = previous == null || previous.time() == null ? null
                : previous.time().atZone(ZoneId.systemDefault()).toLocalDate();
        boolean newDay = today != null && !today.equals(before);
        day.setText(newDay ? dayLabel(today) : null);
        day.setVisible(newDay);
        boolean isNew = item.id() != null && item.id().equals(firstNew.getValue());
        newLine.setVisible(isNew);
        // Re-parented only when it changes (a notice after a message): most updates keep the same node.
        if (frame.getChildren().size() != 3 || frame.getChildren().get(2) != shown) {
            frame.getChildren().setAll(day, newLine, shown);
        }
        if (getGraphic() != frame) {
            setGraphic(frame);
        }
        return !newDay && !isNew && previous != null && previous.kind() == MessageItem.Kind.MESSAGE
                && item.kind() == MessageItem.Kind.MESSAGE && previous.author() != null
                && previous.author().equals(item.author()) && previous.verified() == item.verified()
                && previous.app() == item.app()
                && previous.time() != null && item.time() != null && !item.time().isBefore(previous.time())
                && java.time.Duration.between(previous.time(), item.time()).compareTo(GROUP) < 0;
    }

    static String dayLabel(java.time.LocalDate date) {
        java.time.LocalDate today = java.time.LocalDate.now();
        return date.equals(today) ? t("day.today") : date.equals(today.minusDays(1)) ? t("day.yesterday")
                : Words.day().format(date);
    }

    @Override
    protected void updateItem(MessageItem item, boolean empty) {
        super.updateItem(item, empty);
        // A cell's state is pseudo-classes, not style classes: a style class added or removed makes JavaFX find
        // the styles of the cell's whole subtree again, a pseudo-class only moves it to another of its states (in a
        // crowd's switch, CSS was more than half of the window thread's work).
        boolean isNotice = !empty && item != null && item.kind() == MessageItem.Kind.NOTICE;
        boolean message = !empty && item != null && !isNotice;
        pseudoClassStateChanged(NOTICE, isNotice);
        pseudoClassStateChanged(MINE, message && item.mine());
        pseudoClassStateChanged(PENDING, message && item.delivery() == MessageItem.Delivery.PENDING);
        pseudoClassStateChanged(FAILED, message && item.delivery() == MessageItem.Delivery.FAILED);
        pseudoClassStateChanged(FOR_ME, message && item.forMe());
        pseudoClassStateChanged(DELETED, message && item.deleted());
        setText(null);
        setAccessibleText(empty || item == null ? null : spoken(item));
        if (empty || item == null) {
            setGraphic(null);
            body.getChildren().clear();
            rich.getChildren().clear();
            files.getChildren().clear();
            return;
        }
        if (isNotice) {
            notice.setText(item.text());
            placeInList(item, notice);
            pseudoClassStateChanged(CONTINUED, false);
            return;
        }
        boolean continued = placeInList(item, bubble);
        pseudoClassStateChanged(CONTINUED, continued);
        show(author, continued ? null : item.author());
        show(time, continued || item.time() == null ? null : Words.time().format(item.time()));
        bubble.setAccessibleText(continued ? item.author() : null);
        // An app is marked as one; "not signed in" is about a person who could be anyone.
        app.setVisible(!continued && item.app());
        app.setManaged(app.isVisible());
        unverified.setVisible(!continued && !item.verified() && !item.app());
        unverified.setManaged(unverified.isVisible());
        avatar.setVisible(!continued && item.author() != null);
        avatar.setManaged(avatar.isVisible());
        if (avatar.isVisible()) {
            if (!item.author().equals(avatarOf)) {
                // Worked out again only when the cell shows another author (a burst's cells rarely do).
                dev.hubbub.chat.Avatar face = dev.hubbub.chat.Avatar.of(item.author());
                avatarDisc.setFill(javafx.scene.paint.Color.web(face.colour()));
                initials.setText(face.initials());
                avatarOf = item.author();
            }
            // Only a signed-in name has a person who may have set a picture.
            javafx.scene.image.Image set = pictures != null && item.verified() ? pictures.of(item.author()) : null;
            picture.setImage(set);
            picture.setVisible(set != null);
        }
        if (item.deleted()) {
            Text gone = new Text(item.removedBy() != null ? t("message.removed") : t("message.deleted"));
            gone.getStyleClass().addAll("body-text", "deleted-text");
            body.getChildren().setAll(gone);
        } else if (item.content().isEmpty()) {
            // The text means only itself (or the server has not read it yet): drawn as it is.
            List<javafx.scene.Node> plain = new java.util.ArrayList<>();
            EmojiImages.addText(plain, item.text(), List.of());
            body.getChildren().setAll(plain);
            body.setNodeOrientation(ContentView.Direction.of(item.text()) == ContentView.Direction.RIGHT_TO_LEFT
                    ? javafx.geometry.NodeOrientation.RIGHT_TO_LEFT : javafx.geometry.NodeOrientation.LEFT_TO_RIGHT);
        }
        boolean isRich = !item.deleted() && !item.content().isEmpty();
        rich.getChildren().setAll(isRich ? List.of(content.draw(item.content())) : List.of());
        rich.setVisible(isRich);
        rich.setManaged(isRich);
        boolean hasBody = !isRich && (item.deleted() || !item.text().isEmpty());
        body.setVisible(hasBody);
        body.setManaged(hasBody);
        edited.setVisible(item.edited() && !item.deleted());
        edited.setManaged(edited.isVisible());
        boolean quoting = item.replyTo() != null && !item.deleted();
        quote.setText(quoting ? "↪ " + item.replyTo().author() + ": " + (item.replyTo().text().isEmpty() ? "📎"
                : item.replyTo().text()) : null);
        quote.setVisible(quoting);
        quote.setManaged(quoting);
        showLength(item);
        showReactions(item);
        showThread(item);
        @SuppressWarnings("unchecked")
        java.util.Map<String, Receipts.Mark> marks = getListView() == null ? null
                : (java.util.Map<String, Receipts.Mark>) getListView().getProperties().get(Receipts.class);
        Receipts.Mark seen = marks == null || item.id() == null ? null : marks.get(item.id());
        seenMark.setVisible(seen != null);
        seenMark.setText(seen == null ? null : seen.text());
        seenMark.setTooltip(seen == null || seen.names() == null ? null
                : new javafx.scene.control.Tooltip(seen.names()));
        boolean pinned = item.pinned() != null && !item.deleted();
        pinnedMark.setVisible(pinned);
        if (pinned) {
            if (pinnedMark.getGraphic() == null) {
                pinnedMark.setGraphic(EmojiImages.view("📌", EmojiImages.SIZE));
            }
            pinnedMark.setText(t("pins.by", "name", item.pinned().by()));
        }
        showFiles(item);
        switch (item.delivery()) {
            case SENT -> showDelivery(null, false);
            case PENDING -> showDelivery(t("message.sending"), false);
            case FAILED -> showDelivery(t("message.notSent", "reason", item.problem()), true);
        }
        boolean headed = author.isVisible() || edited.isVisible() || unverified.isVisible() || app.isVisible();
        header.setVisible(headed);
        header.setManaged(headed);
    }

    /** Whether a message is long enough to show only its start (the page's rule: more than 12 lines or 1000 chars). */
    static boolean isLong(String text) {
        return text.length() > LONG_CHARS || text.chars().filter(c -> c == '\n').count() >= LONG_LINES;
    }

    /** A long message's start, with "Show more"; all of it once the reader opened it. */
    private void showLength(MessageItem item) {
        boolean long_ = !item.deleted() && isLong(item.text());
        boolean collapsed = long_ && (item.id() == null || !expanded.contains(item.id()));
        for (javafx.scene.layout.Region text : List.of(body, rich)) {
            text.setMaxHeight(collapsed ? COLLAPSED_HEIGHT : javafx.scene.layout.Region.USE_COMPUTED_SIZE);
            text.setMinHeight(collapsed ? 0 : javafx.scene.layout.Region.USE_COMPUTED_SIZE);
            text.setClip(collapsed ? (javafx.scene.Node) text.getProperties().get("clip") : null);
        }
        showMore.setVisible(long_);
        showMore.setText(collapsed ? t("message.showMore") : t("message.showLess"));
    }

    /**
     * The line under a thread's root ("💬 3 replies · Bob, Cy · last reply 10:42"), or under a reply also sent to the
     * conversation ("↳ replied in a thread"): in a list that shows threads that way.
     */
    private void showThread(MessageItem item) {
        boolean here = actions != null && actions.threads() != null && !item.deleted()
                && (item.isThreadRoot() || item.isInThread() && item.alsoInRoom());
        threadLine.setVisible(here);
        if (!here) {
            return;
        }
        if (item.isInThread()) {
            threadLine.setGraphic(null);
            threadLine.setText("↳ " + t("thread.repliedIn"));
            return;
        }
        if (threadLine.getGraphic() == null) {
            // The app draws emoji as pictures (EmojiImages); the speech balloon goes before the count.
            threadLine.setGraphic(EmojiImages.view("💬", EmojiImages.SIZE));
        }
        dev.hubbub.chat.ChatMessage.Thread thread = item.thread();
        StringBuilder line = new StringBuilder().append(tn("thread.count", thread.replies()));
        if (!thread.people().isEmpty()) {
            line.append(" · ").append(String.join(", ", thread.people()));
        }
        if (thread.lastReplyAt() != null) {
            java.time.ZonedDateTime at = thread.lastReplyAt().atZone(ZoneId.systemDefault());
            String day = dayLabel(at.toLocalDate());
            line.append(" · ").append(day.equals(t("day.today"))
                    ? t("thread.lastToday", "time", Words.time().format(at))
                    : t("thread.last", "day", day, "time", Words.time().format(at)));
        }
        threadLine.setText(line.toString());
    }

    /** Each emoji under the message with how many used it; who, on hover; clicking adds or takes back ours. */
    private void showReactions(MessageItem item) {
        reactions.setVisible(!item.reactions().isEmpty());
        reactions.setManaged(!item.reactions().isEmpty());
        reactions.getChildren().setAll(item.reactions().stream().map(reaction -> {
            boolean mine = reaction.names().stream().anyMatch(isMe);
            javafx.scene.Node picture = EmojiImages.view(reaction.emoji(), EmojiImages.SIZE);
            Button chip = new Button((picture == null ? reaction.emoji() + " " : "") + reaction.names().size(),
                    picture);
            chip.getStyleClass().add("reaction");
            if (mine) {
                chip.getStyleClass().add("mine");
            }
            chip.setTooltip(new javafx.scene.control.Tooltip(t("reactions.who", "names",
                    Words.joinNames(reaction.names()), "emoji", reaction.emoji())));
            chip.setUserData(reaction.emoji());
            chip.setDisable(actions == null);
            chip.setOnAction(e -> actions.react(item, reaction.emoji(), !mine));
            return chip;
        }).toList());
    }

    /**
     * What a screen reader says of a message (the cell draws it from pictures and styled text): who, when, the words,
     * then its files, reactions, replies and pin.
     */
    static String spoken(MessageItem item) {
        if (item.kind() == MessageItem.Kind.NOTICE || item.author() == null) {
            return item.text();
        }
        StringBuilder said = new StringBuilder(item.author());
        if (item.app()) {
            said.append(", ").append(t("message.appSpoken"));
        }
        if (item.time() != null) {
            said.append(", ").append(Words.time().format(item.time()));
        }
        said.append(": ").append(item.deleted() ? t("message.deleted") : item.text());
        int files = item.files().size();
        if (files > 0) {
            said.append(", ").append(tn("announce.files", files));
        }
        for (dev.hubbub.chat.ChatMessage.Reactions reaction : item.reactions()) {
            said.append(", ").append(reaction.emoji()).append(' ').append(reaction.names().size());
        }
        if (item.thread() != null && item.thread().replies() > 0 && !item.isInThread()) {
            said.append(", ").append(tn("thread.count", item.thread().replies()));
        }
        if (item.pinned() != null) {
            said.append(", ").append(t("pins.by", "name", item.pinned().by()));
        }
        return said.toString();
    }

    /** The context menu: reply, react, and (one's own messages) edit and delete; set up for the item it opens on. */
    private javafx.scene.control.ContextMenu menu() {
        javafx.scene.control.MenuItem reply = new javafx.scene.control.MenuItem(t("action.reply") + " (R)");
        reply.setId("reply");
        reply.setOnAction(e -> actions.reply(getItem()));
        javafx.scene.control.Menu react = new javafx.scene.control.Menu(t("action.react"));
        react.setId("react");
        for (String emoji : REACTIONS) {
            // Its picture is put in when the menu first shows (the sheet of pictures loads only once it is needed).
            javafx.scene.control.MenuItem choice = new javafx.scene.control.MenuItem();
            choice.setUserData(emoji);
            choice.setId("react-" + emoji);
            choice.setOnAction(e -> {
                MessageItem item = getItem();
                actions.react(item, emoji, !item.reactedWith(emoji, isMe));
            });
            react.getItems().add(choice);
        }
        javafx.scene.control.MenuItem more = new javafx.scene.control.MenuItem(t("app.addReaction") + " (+)");
        more.setId("react-more");
        more.setOnAction(e -> actions.reactWithAny(getItem(), this));
        javafx.scene.control.MenuItem edit = new javafx.scene.control.MenuItem(t("action.edit") + " (E)");
        edit.setId("edit");
        edit.setOnAction(e -> actions.edit(getItem()));
        javafx.scene.control.MenuItem delete = new javafx.scene.control.MenuItem(deleteText(false));
        delete.setId("delete");
        delete.setOnAction(e -> actions.delete(getItem()));
        javafx.scene.control.MenuItem pin = new javafx.scene.control.MenuItem(t("action.pin") + " (P)");
        pin.setId("pin");
        pin.setOnAction(e -> actions.pin(getItem(), getItem().pinned() == null));
        javafx.scene.control.MenuItem inThread = new javafx.scene.control.MenuItem(t("action.thread") + " (T)");
        inThread.setId("reply-in-thread");
        inThread.setOnAction(e -> actions.threads().accept(getItem(), true));
        javafx.scene.control.ContextMenu menu = new javafx.scene.control.ContextMenu(reply, inThread, react, more,
                pin, edit, delete);
        menu.setOnShowing(e -> {
            for (javafx.scene.control.MenuItem choice : react.getItems()) {
                if (choice.getGraphic() == null && choice.getText() == null) {
                    javafx.scene.Node picture = EmojiImages.view((String) choice.getUserData(), EmojiImages.SIZE);
                    choice.setGraphic(picture);
                    choice.setText(picture == null ? (String) choice.getUserData() : null);
                }
            }
            MessageItem item = getItem();
            boolean message = item != null && item.kind() == MessageItem.Kind.MESSAGE && item.id() != null
                    && !item.deleted();
            reply.setDisable(!message);
            // A thread answers a message of the conversation; it does not branch from a reply in a thread.
            inThread.setVisible(actions.threads() != null && message && !item.isInThread());
            react.setDisable(!message);
            pin.setDisable(!message);
            pin.setText((item != null && item.pinned() != null ? t("action.unpin") : t("action.pin")) + " (P)");
            more.setDisable(!message);
            edit.setVisible(message && item.changeable());
            boolean removable = message && !item.mine() && actions.canRemoveOthers();
            delete.setVisible(message && (item.changeable() || removable));
            delete.setText(deleteText(removable));
        });
        return menu;
    }

    /** "Delete… (Delete)", or the host's "Remove as the host… (Delete)", with the key as the keyboard names it. */
    private static String deleteText(boolean asHost) {
        return (asHost ? t("action.remove") : t("action.delete")) + "… (" + t("keys.delete") + ")";
    }

    /** The item's files; a thumbnail that arrives later redraws them, if this cell still shows that item. */
    private void showFiles(MessageItem item) {
        files.setVisible(!item.files().isEmpty());
        files.setManaged(!item.files().isEmpty());
        files.getChildren().setAll(item.files().stream()
                .map(file -> fileViews.view(file, () -> {
                    if (getItem() == item) {
                        showFiles(item);
                    }
                })).toList());
    }

    private void showDelivery(String text, boolean canRetry) {
        delivery.setText(text);
        retry.setVisible(canRetry);
        retry.setManaged(canRetry);
        deliveryRow.setVisible(text != null);
        deliveryRow.setManaged(text != null);
    }

    private static void show(Label label, String text) {
        label.setText(text);
        label.setVisible(text != null);
        label.setManaged(text != null);
    }
}
