package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.Words.t;
import static dev.hubbub.desktop.ui.Words.tn;

import dev.hubbub.chat.Names;
import java.util.List;
import java.util.function.Consumer;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.ListView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.StackPane;

/**
 * The messages of the place shown: a virtualized list that follows the newest while the reader is at the bottom,
 * stays put while they read further up (counting what came in below on a "new messages ↓" button), asks for older
 * pages when they reach the top, and scrolls to a message the conversation reveals. FX thread only.
 */
final class MessageListView {
    /** Layouts in which to bring the newest row into view after rows changed (heights settle over a few). */
    private static final int SETTLING_LAYOUTS = 6;

    private final Conversation conversation;
    private final Runnable loadOlder;
    private final ListView<MessageItem> messages;
    private final Button jump = new Button();
    private final StackPane root;
    private final Runnable afterLayout = this::afterLayout;
    /** The long messages the reader opened with "Show more" (by id), while the window is open. */
    private final java.util.Set<String> expanded = new java.util.HashSet<>();
    /** The receipts each of the reader's messages shows, by id (a list of a place only; see {@link Receipts}). */
    private final java.util.Map<String, Receipts.Mark> seen = new java.util.HashMap<>();
    /** The reader is at the newest message, so the list follows new ones. Changed only by what the reader does. */
    private boolean following = true;
    /** The reader scrolled, dragged or pressed a key in the list since the last layout. */
    private boolean readerMoved;
    private int unseen;
    /** Layouts left in which to bring the newest row into view. */
    private int settling;
    /** Whether the rows on screen were measured afresh since rows last arrived. */
    private boolean remeasured;
    /** What Escape on a message does (back to the box), or null. */
    private Runnable leave;

    /**
     * @param actions what the reader may do to a message; null when they may do nothing (not signed in)
     */
    MessageListView(Session session, Consumer<String> openLink, FileViews fileViews, MessageCell.Actions actions) {
        this(session, session.conversation(), session::loadOlder, session.places().activeLabel(), "messages",
                openLink, fileViews, actions);
        // Receipts: worked out again when the rows or where others read change, at most once a pulse.
        messages.getProperties().put(Receipts.class, seen);
        Runnable mark = () -> {
            java.util.Map<String, Receipts.Mark> now = session.receipts().marks(session.places().active(),
                    session.conversation().messages());
            if (!now.equals(seen)) {
                seen.clear();
                seen.putAll(now);
                messages.refresh();
            }
        };
        boolean[] queued = {false};
        Runnable soon = () -> {
            if (!queued[0]) {
                queued[0] = true;
                javafx.application.Platform.runLater(() -> {
                    queued[0] = false;
                    mark.run();
                });
            }
        };
        session.receipts().changes().addListener((o, old, now) -> soon.run());
        session.conversation().messages().addListener((javafx.collections.ListChangeListener<MessageItem>) c ->
                soon.run());
    }

    /** Whether the reader is at the newest message (the list follows new ones). */
    boolean isFollowing() {
        return following;
    }

    /**
     * The messages of {@code conversation} (the place shown, or a thread), with the list's {@code id}; {@code
     * loadOlder} asks for the page before the oldest; when {@code shownLabel} changes, another conversation is shown.
     */
    MessageListView(Session session, Conversation conversation, Runnable loadOlder,
                    javafx.beans.value.ObservableValue<String> shownLabel, String listId, Consumer<String> openLink,
                    FileViews fileViews, MessageCell.Actions actions) {
        this.conversation = conversation;
        this.loadOlder = loadOlder;
        messages = new ListView<>(conversation.messages());
        messages.setId(listId);
        messages.setAccessibleText("thread-messages".equals(listId) ? t("thread.replies") : t("messages.label"));
        String myKey = Names.key(session.name());
        messages.setCellFactory(list -> new MessageCell(openLink, room -> {
            if (session.places().roomInfo(room) != null) {
                session.show(room);
            }
        }, session::retry, fileViews, name -> Names.key(name).equals(myKey), actions, conversation.firstNew(),
                expanded, session.signedIn() ? session.pictures(() -> messages.refresh()) : null,
                name -> {
                    String words = session.people().describe(name, java.time.Instant.now());
                    return words.isEmpty() ? t("status.active") : words;
                }));
        conversation.firstNew().addListener((o, old, now) -> messages.refresh());
        messages.setFocusTraversable(true);
        conversation.revealed().addListener((o, old, id) -> {
            int at = id == null ? -1 : conversation.indexOf(id);
            if (at >= 0) {
                setFollowing(false);
                messages.scrollTo(Math.max(0, at - 2));
                messages.getSelectionModel().clearAndSelect(at);
            }
        });
        conversation.messages().addListener(this::onRowsChanged);
        shownLabel.addListener((o, old, now) -> {
            unseen = 0;
            showJump();
            jumpToNewest();
        });
        jump.setId("jump");
        jump.getStyleClass().add("jump");
        jump.setVisible(false);
        jump.setOnAction(e -> jumpToNewest());
        StackPane.setAlignment(jump, Pos.BOTTOM_RIGHT);
        StackPane.setMargin(jump, new Insets(0, 24, 16, 0));
        root = new StackPane(messages, jump);
        for (var type : List.of(ScrollEvent.ANY, MouseEvent.MOUSE_PRESSED, MouseEvent.MOUSE_DRAGGED,
                MouseEvent.MOUSE_RELEASED, KeyEvent.KEY_PRESSED)) {
            messages.addEventFilter(type, e -> readerMoved = true);
        }
        if (actions != null) {
            messages.addEventHandler(KeyEvent.KEY_PRESSED, e -> onKey(e, actions));
            // The letters act on the character typed (as the page's keys do), so the box the action focuses does not
            // receive it too: a key's typed event goes to whatever has the focus after its press.
            messages.addEventHandler(KeyEvent.KEY_TYPED, e -> onTyped(e, actions));
        }
        messages.sceneProperty().addListener((o, old, now) -> {
            if (old != null) {
                old.removePostLayoutPulseListener(afterLayout);
            }
            if (now != null) {
                now.addPostLayoutPulseListener(afterLayout);
            }
        });
    }

    Node root() {
        return root;
    }

    /** The focus comes to the messages: on the one chosen before, else the newest. */
    void focusMessages() {
        if (messages.getSelectionModel().isEmpty() && !messages.getItems().isEmpty()) {
            int newest = messages.getItems().size() - 1;
            messages.getSelectionModel().clearAndSelect(newest);
            messages.scrollTo(newest);
        }
        messages.getFocusModel().focus(messages.getSelectionModel().getSelectedIndex());
        messages.requestFocus();
    }

    /** What Escape on a message does: back to the box the list belongs with. */
    void onLeave(Runnable leave) {
        this.leave = leave;
    }

    private static boolean actionable(MessageItem item) {
        return item != null && item.kind() == MessageItem.Kind.MESSAGE && item.id() != null && !item.deleted();
    }

    /**
     * The keys on the message chosen in the list (↑ ↓ Home End move, as in any list): R reply, T reply in thread,
     * E edit, P pin, Delete delete, + react (a typed character: see the constructor), Enter or the menu key its
     * menu, which lists them; Escape back to the box. The same keys as the page's.
     */
    private void onKey(KeyEvent e, MessageCell.Actions actions) {
        if (e.isShortcutDown() || e.isAltDown()) {
            return;
        }
        if (e.getCode() == KeyCode.ESCAPE && leave != null) {
            e.consume();
            leave.run();
            return;
        }
        MessageItem item = messages.getSelectionModel().getSelectedItem();
        if (!actionable(item)) {
            return;
        }
        boolean mayRemove = item.changeable() || (!item.mine() && actions.canRemoveOthers());
        switch (e.getCode()) {
            case DELETE, BACK_SPACE -> {
                if (!mayRemove) {
                    return;
                }
                actions.delete(item);
            }
            case ENTER, CONTEXT_MENU -> {
                MessageCell cell = cellOf(item);
                if (cell == null || cell.getContextMenu() == null) {
                    return;
                }
                cell.getContextMenu().show(cell, javafx.geometry.Side.BOTTOM, 24, 0);
            }
            default -> {
                return;
            }
        }
        e.consume();
    }

    private void onTyped(KeyEvent e, MessageCell.Actions actions) {
        MessageItem item = messages.getSelectionModel().getSelectedItem();
        if (e.isShortcutDown() || e.isAltDown() || !actionable(item)) {
            return;
        }
        switch (e.getCharacter().toLowerCase(java.util.Locale.ROOT)) {
            case "r" -> actions.reply(item);
            case "t" -> {
                if (actions.threads() == null || item.isInThread()) {
                    return;
                }
                actions.threads().accept(item, true);
            }
            case "e" -> {
                if (!item.changeable()) {
                    return;
                }
                actions.edit(item);
            }
            case "p" -> actions.pin(item, item.pinned() == null);
            case "+" -> actions.reactWithAny(item, cellOf(item) == null ? messages : cellOf(item));
            default -> {
                return;
            }
        }
        e.consume();
    }

    /** The cell on screen that shows {@code item}, or null. */
    private MessageCell cellOf(MessageItem item) {
        for (Node node : messages.lookupAll(".message-cell")) {
            if (node instanceof MessageCell cell && cell.getItem() == item) {
                return cell;
            }
        }
        return null;
    }

    /** The list itself (tests find the window's views through its properties). */
    ListView<MessageItem> list() {
        return messages;
    }

    /** Back to the newest message, following new ones again. */
    void jumpToNewest() {
        setFollowing(true);
        settling = SETTLING_LAYOUTS;
        scrollToNewest();
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
            remeasured = false;
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
                loadOlder.run();
            }
        } else if (following && settling > 0) {
            // Rows arrived: once the flow has measured them, the newest must be in view.
            settling--;
            int size = messages.getItems().size();
            IndexedCell<?> last = flow.getLastVisibleCell();
            if (size == 0) {
                return;
            }
            if (last == null || last.getIndex() != size - 1) {
                // Now the flow knows the row count, its own scrollTo brings the row in with the least movement.
                flow.scrollTo(size - 1);
                return;
            }
            // On screen but cut off below (unless it is taller than the screen and already at its top): by the
            // pixels it is cut off, as it is laid out now. When the flow cannot go further, it still goes by heights
            // it measured for other rows: the window keeps its row count while its rows shift (the oldest go as new
            // ones come), and the flow keeps its measures by row number. Rows differ in height (a header, a day
            // line, a shared header), so it then measures the rows on screen afresh, once.
            double cut = last.getLayoutY() + last.getHeight() - flow.getHeight();
            if (cut > 2 && last.getLayoutY() > 0 && flow.scrollPixels(cut) < cut - 1 && !remeasured) {
                remeasured = true;
                settling = Math.max(settling, 2);
                messages.refresh();
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
        conversation.following(isFollowing);
        if (isFollowing) {
            unseen = 0;
        }
        showJump();
    }

    private void showJump() {
        jump.setVisible(!following && unseen > 0);
        jump.setText(tn("history.unseen", unseen) + " ↓");
    }

    private VirtualFlow<?> flow() {
        return messages.getSkin() == null ? null : (VirtualFlow<?>) messages.lookup(".virtual-flow");
    }
}
