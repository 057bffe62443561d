package dev.hubbub.desktop.ui;

import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.GridPane;

/**
 * The window's keyboard shortcuts, in one place, as the page's: Ctrl+K (Cmd+K) the quick switcher, Alt+↑ / Alt+↓
 * the conversation above or below in the list, Alt+Shift+↑ / ↓ the unread one, Ctrl+/ the sheet that lists them all
 * (the page also takes ?, which here would be typed into the box). The keys on a message are
 * {@link MessageListView}'s; the box's are {@link ComposerView}'s. FX thread only.
 */
final class Shortcuts {
    static final KeyCombination SWITCHER = new KeyCodeCombination(KeyCode.K, KeyCombination.SHORTCUT_DOWN);
    static final KeyCombination SHEET = new KeyCodeCombination(KeyCode.SLASH, KeyCombination.SHORTCUT_DOWN);

    /** What the sheet lists: the keys, and what they do. */
    static final List<List<String>> ALL = List.of(
            List.of("Ctrl+K", "Go to a room or a person"),
            List.of("Alt+↑  Alt+↓", "The conversation above or below"),
            List.of("Alt+Shift+↑  ↓", "The unread conversation above or below"),
            List.of("Tab to the messages, then ↑ ↓", "Move between messages (Home, End: the first, the last)"),
            List.of("R", "Reply to the message"),
            List.of("T", "Reply in its thread"),
            List.of("+", "React to it"),
            List.of("P", "Pin or unpin it"),
            List.of("E", "Edit your message"),
            List.of("Delete", "Delete your message"),
            List.of("Enter", "The message's menu"),
            List.of("↑ in an empty box", "Edit your last message"),
            List.of("Shift+Enter", "A new line"),
            List.of("Ctrl+B  I  E", "Bold, italics, code"),
            List.of("Esc", "Close what is open; from a message, back to the box"),
            List.of("Ctrl+/", "This list"));

    private final Session session;
    private final QuickSwitcher switcher;
    private Dialog<Void> sheet;

    private Shortcuts(Session session) {
        this.session = session;
        this.switcher = new QuickSwitcher(session);
    }

    /** Listens for the shortcuts anywhere in {@code root}'s window. */
    static Shortcuts install(Node root, Session session) {
        Shortcuts shortcuts = new Shortcuts(session);
        root.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (SWITCHER.match(e)) {
                e.consume();
                shortcuts.switcher.toggle(root);
            } else if (SHEET.match(e)) {
                e.consume();
                shortcuts.showSheet(root);
            } else if (e.isAltDown() && !e.isShortcutDown() && (e.getCode() == KeyCode.UP
                    || e.getCode() == KeyCode.DOWN)) {
                e.consume();
                shortcuts.move(e.getCode() == KeyCode.UP ? -1 : 1, e.isShiftDown());
            }
        });
        return shortcuts;
    }

    QuickSwitcher switcher() {
        return switcher;
    }

    /** The conversation {@code step} places from the one shown (archived rooms aside); unread ones when asked. */
    private void move(int step, boolean unreadOnly) {
        List<Places.Place> order = session.places().places().stream().filter(p -> !p.archived()).toList();
        if (order.isEmpty()) {
            return;
        }
        int at = -1;
        for (int i = 0; i < order.size(); i++) {
            if (order.get(i).key().equals(session.places().active())) {
                at = i;
            }
        }
        for (int tries = 0; tries < order.size(); tries++) {
            at = Math.floorMod(at + step, order.size());
            Places.Place place = order.get(at);
            if (place.key().equals(session.places().active())) {
                return;
            }
            if (!unreadOnly || place.unread() > 0) {
                session.show(place.key());
                return;
            }
        }
    }

    private void showSheet(Node root) {
        if (sheet == null) {
            GridPane grid = new GridPane();
            grid.setHgap(16);
            grid.setVgap(6);
            for (int row = 0; row < ALL.size(); row++) {
                Label keys = new Label(ALL.get(row).get(0));
                keys.getStyleClass().add("shortcut-keys");
                grid.addRow(row, keys, new Label(ALL.get(row).get(1)));
            }
            Label mac = new Label("On a Mac, Cmd for Ctrl and Option for Alt.");
            mac.getStyleClass().add("hint");
            grid.add(mac, 0, ALL.size(), 2, 1);
            sheet = new Dialog<>();
            sheet.setTitle("Keyboard shortcuts");
            sheet.setHeaderText("Keyboard shortcuts");
            sheet.getDialogPane().setId("shortcuts");
            sheet.getDialogPane().setContent(grid);
            sheet.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
            if (root.getScene() != null) {
                sheet.initOwner(root.getScene().getWindow());
            }
        }
        if (!sheet.isShowing()) {
            sheet.show();
        }
    }

    boolean sheetShowing() {
        return sheet != null && sheet.isShowing();
    }
}
