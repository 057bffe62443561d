package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.Words.t;

import dev.hubbub.chat.EmojiSet;
import dev.hubbub.desktop.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Popup;

/**
 * The emoji picker, for the message box and for reactions, as the page's: every emoji of {@link EmojiSet} by
 * category (one category drawn at a time: nearly two thousand buttons at once would cost the window a second), a
 * search over names and short names, a skin tone and the recently used, both kept in the settings. Drawn from the
 * app's own emoji pictures ({@link EmojiImages}). Enter in the search takes the first result; Escape closes. FX
 * thread only.
 */
final class EmojiPicker {
    static final int MAX_RECENT = 24;
    private static final int MAX_RESULTS = 120;
    private static final String[] TONES = {"default", "light", "mediumLight", "medium", "mediumDark", "dark"};

    private static String toneName(int index) {
        return t("emoji.tone." + TONES[index]);
    }
    private static final String[] CATEGORY_ICONS = {"😀", "👋", "🐶", "🍏", "✈️", "⚽", "💡", "❤️", "🏁"};

    private final Settings settings;
    private final Popup popup = new Popup();
    private final TextField search = new TextField();
    private final MenuButton tone = new MenuButton();
    private final FlowPane cells = new FlowPane(2, 2);
    private final Label heading = new Label();
    private final ToggleGroup sections = new ToggleGroup();
    private final List<String> recent = new ArrayList<>();
    private int toneIndex;
    private Consumer<String> onPick;

    /** @param settings where the tone and the recently used are kept; null: only while the app runs */
    EmojiPicker(Settings settings) {
        this.settings = settings;
        if (settings != null) {
            toneIndex = settings.emojiTone();
            recent.addAll(settings.recentEmoji());
        }
        search.setPromptText(t("emoji.search"));
        search.setId("emoji-search");
        HBox.setHgrow(search, Priority.ALWAYS);
        tone.setId("emoji-tone");
        tone.setTooltip(new Tooltip(t("emoji.tone")));
        for (int i = 0; i < TONES.length; i++) {
            int chosen = i;
            MenuItem item = new MenuItem(toneName(i), EmojiImages.view(i == 0 ? "✋" : handIn(i), EmojiImages.SIZE));
            item.setId("emoji-tone-" + i);
            item.setOnAction(e -> setTone(chosen));
            tone.getItems().add(item);
        }
        showTone();
        HBox top = new HBox(6, search, tone);
        top.setAlignment(Pos.CENTER_LEFT);

        HBox nav = new HBox(2);
        nav.getStyleClass().add("emoji-nav");
        List<String> categories = EmojiSet.get().categories();
        nav.getChildren().add(section(t("emoji.recent"), "🕘", -1));
        for (int i = 0; i < categories.size(); i++) {
            nav.getChildren().add(section(t("emoji.category." + i), CATEGORY_ICONS[Math.min(i, CATEGORY_ICONS.length - 1)],
                    i));
        }
        heading.getStyleClass().add("emoji-heading");
        cells.setId("emoji-cells");
        cells.setPrefWrapLength(8 * 34);
        ScrollPane scroll = new ScrollPane(cells);
        scroll.setFitToWidth(true);
        scroll.setPrefViewportHeight(260);
        scroll.setPrefViewportWidth(8 * 34 + 8);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        VBox root = new VBox(6, top, nav, heading, scroll);
        root.setId("emoji-picker");
        root.getStyleClass().add("emoji-picker");
        root.setPadding(new Insets(8));
        popup.getContent().add(root);
        popup.setAutoHide(true);
        popup.setHideOnEscape(true);
        search.textProperty().addListener((o, old, now) -> render());
        search.setOnAction(e -> {
            if (!cells.getChildren().isEmpty()) {
                pick((String) cells.getChildren().get(0).getUserData());
            }
        });
    }

    private static String handIn(int tone) {
        return "✋" + new String(Character.toChars(0x1F3FA + tone));
    }

    private ToggleButton section(String name, String icon, int category) {
        ToggleButton button = new ToggleButton();
        button.setGraphic(EmojiImages.view(icon, EmojiImages.SIZE));
        button.setTooltip(new Tooltip(name));
        button.setAccessibleText(name);
        button.setUserData(category);
        button.setToggleGroup(sections);
        button.getStyleClass().add("emoji-section");
        button.setId("emoji-section-" + (category + 1));
        button.setOnAction(e -> {
            button.setSelected(true);
            search.clear();
            render();
        });
        return button;
    }

    private void setTone(int chosen) {
        toneIndex = chosen;
        if (settings != null) {
            settings.rememberEmojiTone(chosen);
        }
        showTone();
        render();
    }

    private void showTone() {
        tone.setGraphic(EmojiImages.view(toneIndex == 0 ? "✋" : handIn(toneIndex), EmojiImages.SIZE));
        tone.setAccessibleText(t("emoji.toneIs", "tone", toneName(toneIndex)));
    }

    /** An emoji in the person's skin tone, where it has tones. */
    private String toned(EmojiSet.Emoji emoji) {
        return toneIndex > 0 && !emoji.tones().isEmpty() ? emoji.tones().get(toneIndex - 1) : emoji.emoji();
    }

    /** Draws the search's results, or the section chosen. */
    private void render() {
        String words = search.getText().strip().toLowerCase(Locale.ROOT);
        List<Node> shown = new ArrayList<>();
        if (!words.isEmpty()) {
            String[] each = words.split("\\s+");
            for (EmojiSet.Emoji emoji : EmojiSet.get().all()) {
                if (matches(emoji, each)) {
                    shown.add(cell(toned(emoji), emoji.name(), emoji.shortcodes()));
                    if (shown.size() == MAX_RESULTS) {
                        break;
                    }
                }
            }
            heading.setText(shown.isEmpty() ? t("emoji.none") : t("emoji.results"));
        } else {
            int category = sections.getSelectedToggle() == null ? -1
                    : (Integer) sections.getSelectedToggle().getUserData();
            if (category < 0) {
                recent.forEach(emoji -> shown.add(cell(emoji, emoji, List.of())));
                heading.setText(t("emoji.recent"));
            } else {
                String name = EmojiSet.get().categories().get(category);
                EmojiSet.get().all().stream().filter(e -> e.category().equals(name))
                        .forEach(e -> shown.add(cell(toned(e), e.name(), e.shortcodes())));
                heading.setText(name);
            }
        }
        cells.getChildren().setAll(shown);
    }

    private static boolean matches(EmojiSet.Emoji emoji, String[] words) {
        for (String word : words) {
            if (!emoji.name().contains(word) && emoji.shortcodes().stream().noneMatch(s -> s.contains(word))) {
                return false;
            }
        }
        return true;
    }

    private Button cell(String emoji, String name, List<String> shortcodes) {
        Node picture = EmojiImages.view(emoji, 24);
        Button button = new Button(picture == null ? emoji : null, picture);
        button.getStyleClass().add("emoji-cell");
        button.setUserData(emoji);
        button.setAccessibleText(name);
        button.setTooltip(new Tooltip(name + (shortcodes.isEmpty() ? "" : "  :" + shortcodes.get(0) + ":")));
        button.setOnAction(e -> pick(emoji));
        return button;
    }

    /** Opens above {@code anchor}; {@code onPick} gets the emoji chosen. */
    void open(Node anchor, Consumer<String> onPick) {
        this.onPick = onPick;
        search.clear();
        sections.selectToggle(sections.getToggles().get(recent.isEmpty() ? 1 : 0));
        render();
        Bounds box = anchor.localToScreen(anchor.getBoundsInLocal());
        popup.show(anchor, box.getMinX(), Math.max(0, box.getMinY() - 400));
        search.requestFocus();
    }

    boolean isShowing() {
        return popup.isShowing();
    }

    private void pick(String emoji) {
        used(emoji);
        Consumer<String> chosen = onPick;
        popup.hide();
        if (chosen != null) {
            chosen.accept(emoji);
        }
    }

    /** An emoji was put in a message or a reaction (from here, or by its short name): first of the recent. */
    void used(String emoji) {
        recent.remove(emoji);
        recent.add(0, emoji);
        while (recent.size() > MAX_RECENT) {
            recent.remove(recent.size() - 1);
        }
        if (settings != null) {
            settings.rememberRecentEmoji(recent);
        }
    }
}
