package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.Words.t;

import dev.hubbub.server.text.Catalog;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Menu;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.VBox;

/**
 * The app's language, chosen in the app: each language named in itself (Deutsch, العربية). The choice is kept in the
 * settings and taken the next time the app opens (the window is built once, in one language); until then a line says
 * so, in the language chosen. In the chat window it is a submenu of one's own menu (beside the status), as Slack
 * keeps it with one's preferences; on the start screen, a box.
 */
final class LanguageChoice {
    static final Map<String, String> NAMES = Map.of("en", "English", "de", "Deutsch", "fr", "Français",
            "es", "Español", "ar", "العربية");

    private LanguageChoice() {
    }

    /** What the app says once {@code code} is chosen, in that language. */
    static String next(String code) {
        return Catalog.of(Locale.forLanguageTag(code)).t("app.languageNext", "language", NAMES.get(code));
    }

    /** The submenu "Language": one choice per language; {@code chosen} gets its code, {@code said} the sentence. */
    static Menu menu(Consumer<String> chosen, Consumer<String> said) {
        Menu menu = new Menu(t("me.language"));
        menu.setId("language-menu");
        ToggleGroup group = new ToggleGroup();
        for (String code : Catalog.LANGUAGES) {
            RadioMenuItem item = new RadioMenuItem(NAMES.get(code));
            item.setId("language-" + code);
            item.setToggleGroup(group);
            item.setSelected(code.equals(Words.locale().getLanguage()));
            item.setOnAction(e -> {
                chosen.accept(code);
                said.accept(next(code));
            });
            menu.getItems().add(item);
        }
        return menu;
    }

    /** A labelled box of the languages (the start screen). */
    static VBox box(Consumer<String> chosen, Consumer<String> said) {
        ComboBox<String> languages = new ComboBox<>();
        languages.setId("language");
        languages.getItems().setAll(Catalog.LANGUAGES);
        languages.setCellFactory(list -> new NameCell());
        languages.setButtonCell(new NameCell());
        languages.setValue(Words.locale().getLanguage());
        languages.setAccessibleText(t("me.language"));
        languages.valueProperty().addListener((o, was, now) -> {
            if (now == null || now.equals(was)) {
                return;
            }
            chosen.accept(now);
            said.accept(next(now));
        });
        Label label = new Label(t("me.language"));
        label.setLabelFor(languages);
        // The label above the box: there is room for both at any length of the words.
        return new VBox(4, label, languages);
    }

    private static final class NameCell extends ListCell<String> {
        @Override
        protected void updateItem(String code, boolean empty) {
            super.updateItem(code, empty);
            setText(empty || code == null ? null : NAMES.getOrDefault(code, code));
        }
    }
}
