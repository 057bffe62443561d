package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.Words.t;

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
            List.of("Ctrl+K", "shortcuts.switcher"),
            List.of("Alt+↑  Alt+↓", "shortcuts.next"),
            List.of("Alt+Shift+↑  ↓", "shortcuts.nextUnread"),
            List.of("app.shortcuts.tabKeys", "app.shortcuts.move"),
            List.of("R", "shortcuts.reply"),
            List.of("T", "shortcuts.thread"),
            List.of("+", "shortcuts.react"),
            List.of("P", "shortcuts.pin"),
            List.of("E", "shortcuts.edit"),
            List.of("keys.delete", "shortcuts.delete"),
            List.of("Enter", "app.shortcuts.menu"),
            List.of("app.shortcuts.upKeys", "shortcuts.editLast"),
            List.of("Shift+Enter", "shortcuts.newLine"),
            List.of("Ctrl+B  I  E", "shortcuts.format"),
            List.of("Esc", "shortcuts.escape"),
            List.of("Ctrl+/", "shortcuts.sheet"));

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
                // The keys' column names keys as keyboards print them; its few phrases come from the catalog.
                String shown = ALL.get(row).get(0);
                Label keys = new Label(Words.catalog().has(shown) ? Words.t(shown) : shown);
                keys.getStyleClass().add("shortcut-keys");
                keys.setWrapText(true);
                Label what = new Label(Words.t(ALL.get(row).get(1)));
                what.setWrapText(true);
                grid.addRow(row, keys, what);
            }
            // Both columns keep to a width and wrap, so a longer language makes the sheet taller, not cut off.
            grid.getColumnConstraints().setAll(new javafx.scene.layout.ColumnConstraints(80, 170, 220),
                    new javafx.scene.layout.ColumnConstraints(200, 340, 420));
            Label mac = new Label(t("app.shortcuts.mac"));
            mac.setWrapText(true);
            mac.getStyleClass().add("hint");
            grid.add(mac, 0, ALL.size(), 2, 1);
            sheet = new Dialog<>();
            sheet.setTitle(t("shortcuts.title"));
            sheet.setHeaderText(t("shortcuts.title"));
            sheet.getDialogPane().setNodeOrientation(Words.orientation());
            sheet.getDialogPane().setId("shortcuts");
            sheet.getDialogPane().setContent(grid);
            sheet.getDialogPane().getButtonTypes().add(Dialogs.close());
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
