package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.Words.t;
import static dev.hubbub.desktop.ui.Words.tn;

import dev.hubbub.chat.Names;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.scene.AccessibleRole;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.VBox;
import javafx.stage.Popup;

/**
 * The quick switcher (Ctrl+K, Cmd+K on a Mac), as the page's: one box over every room, direct conversation and
 * person online, matched loosely (the letters in order), what is unread first, then what the reader opened lately
 * in this run of the app. ↑ ↓ choose, Enter goes there, Escape closes. FX thread only.
 */
final class QuickSwitcher {
    private static final double WIDTH = 420;
    private static final int RECENT_MAX = 20;
    private static final int SHOWN_MAX = 50;

    /** A place to go: a place's key, or (someone online with no conversation yet) a person's name. */
    record Choice(String key, String label, String person, int unread, double score) {
    }

    private final Session session;
    private final Popup popup = new Popup();
    private final TextField input = new TextField();
    private final ListView<Choice> list = new ListView<>();
    private final Deque<String> recent = new ArrayDeque<>();

    QuickSwitcher(Session session) {
        this.session = session;
        input.setId("switcher-input");
        input.setPromptText(t("switcher.placeholder"));
        input.setAccessibleText(t("switcher.label"));
        list.setId("switcher-list");
        list.setAccessibleText(t("switcher.list"));
        list.setPrefSize(WIDTH, 300);
        list.setFocusTraversable(false);
        list.setCellFactory(view -> new ListCell<>() {
            @Override
            protected void updateItem(Choice choice, boolean empty) {
                super.updateItem(choice, empty);
                setText(empty || choice == null ? null
                        : choice.label() + (choice.unread() > 0 ? "  (" + tn("unread", choice.unread()) + ")" : ""));
            }
        });
        list.setOnMouseClicked(e -> go(list.getSelectionModel().getSelectedItem()));
        input.textProperty().addListener((o, old, now) -> draw());
        input.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            int size = list.getItems().size();
            int at = list.getSelectionModel().getSelectedIndex();
            if ((e.getCode() == KeyCode.DOWN || e.getCode() == KeyCode.UP) && size > 0) {
                e.consume();
                int next = (at + (e.getCode() == KeyCode.DOWN ? 1 : -1) + size) % size;
                list.getSelectionModel().clearAndSelect(next);
                list.scrollTo(next);
            } else if (e.getCode() == KeyCode.ENTER) {
                e.consume();
                go(list.getSelectionModel().getSelectedItem());
            } else if (e.getCode() == KeyCode.ESCAPE) {
                e.consume();
                popup.hide();
            }
        });
        Label hint = new Label(t("app.switcher.keys"));
        hint.getStyleClass().add("hint");
        VBox box = new VBox(6, input, list, hint);
        box.setId("switcher");
        box.getStyleClass().add("switcher");
        box.setPadding(new Insets(10));
        box.setAccessibleRole(AccessibleRole.PARENT);
        box.setAccessibleText(t("switcher.title"));
        popup.getContent().add(box);
        popup.setAutoHide(true);
        session.places().activeKey().addListener((o, old, now) -> {
            if (now != null) {
                recent.remove(now);
                recent.addFirst(now);
                while (recent.size() > RECENT_MAX) {
                    recent.removeLast();
                }
            }
        });
    }

    /** Opens over {@code owner}'s window (again: closes it). */
    void toggle(Node owner) {
        if (popup.isShowing()) {
            popup.hide();
            return;
        }
        if (!session.signedIn() || owner.getScene() == null) {
            return;
        }
        input.clear();
        draw();
        Bounds box = owner.localToScreen(owner.getBoundsInLocal());
        popup.show(owner, box.getMinX() + Math.max(0, (box.getWidth() - WIDTH) / 2), box.getMinY() + 60);
        input.requestFocus();
    }

    boolean isShowing() {
        return popup.isShowing();
    }

    private void go(Choice choice) {
        if (choice == null) {
            return;
        }
        popup.hide();
        if (choice.person() != null) {
            session.writeTo(choice.person());
        } else {
            session.show(choice.key());
        }
    }

    private void draw() {
        List<Choice> ranked = rank(input.getText().strip());
        list.getItems().setAll(ranked);
        if (!ranked.isEmpty()) {
            list.getSelectionModel().clearAndSelect(0);
            list.scrollTo(0);
        }
    }

    /** What matches {@code query}: what is unread first, then the best match, then the latest opened. */
    List<Choice> rank(String query) {
        Map<String, Choice> found = new LinkedHashMap<>();
        List<String> order = List.copyOf(recent);
        for (Places.Place place : session.places().places()) {
            add(found, query, order, place.key(), place.label(), null, place.unread(), place.archived());
        }
        for (String name : session.people().online()) {
            if (!Names.key(name).equals(Names.key(session.name()))) {
                String key = "@" + Names.key(name);
                add(found, query, order, key, "@ " + name, name, 0, false);
            }
        }
        List<Choice> ranked = new ArrayList<>(found.values());
        ranked.sort(Comparator.comparing((Choice c) -> c.unread() > 0 ? 0 : 1)
                .thenComparing(Choice::score, Comparator.reverseOrder()).thenComparing(Choice::label));
        return ranked.size() > SHOWN_MAX ? ranked.subList(0, SHOWN_MAX) : ranked;
    }

    private static void add(Map<String, Choice> found, String query, List<String> order, String key, String label,
                            String person, int unread, boolean archived) {
        if (found.containsKey(key)) {
            return;
        }
        double score = score(query, label);
        if (score < 0) {
            return;
        }
        int at = order.indexOf(key);
        score += (at < 0 ? 0 : 60 - at * 3) + (archived ? -50 : 0);
        found.put(key, new Choice(key, label, person, unread, score));
    }

    private static boolean startsWord(String text, int at) {
        return at == 0 || " #@_-.".indexOf(text.charAt(at - 1)) >= 0;
    }

    /**
     * How well {@code query} matches {@code label}: higher is better, -1 not at all. A prefix beats a word's start,
     * which beats the letters anywhere in order (more of them together, and at words' starts, score higher). The
     * page's switcher scores the same way (switcher.js); this ranking is the clients' own, not a rule of the room.
     */
    static double score(String query, String label) {
        String q = Names.fold(query).replaceFirst("^[#@]\\s*", "");
        String t = Names.fold(label);
        if (q.isEmpty()) {
            return 0;
        }
        int at = t.indexOf(q);
        if (at == 0) {
            return 1000 - t.length();
        }
        if (at > 0) {
            return (startsWord(t, at) ? 800 : 600) - t.length();
        }
        int i = 0;
        double score = 0;
        int last = -2;
        for (int j = 0; j < t.length() && i < q.length(); j++) {
            if (t.charAt(j) != q.charAt(i)) {
                continue;
            }
            score += (last == j - 1 ? 5 : 1) + (startsWord(t, j) ? 3 : 0);
            last = j;
            i++;
        }
        return i == q.length() ? 100 + score - t.length() / 10.0 : -1;
    }
}
