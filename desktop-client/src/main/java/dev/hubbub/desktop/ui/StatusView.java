package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.Words.t;

import dev.hubbub.chat.PersonStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;

/**
 * How statuses are drawn in the window: the mark beside a name (a dot by state, told apart by shape as well as
 * colour, and the person's emoji), and the reader's own status as a menu (active, away, do not disturb for a while,
 * a few words with an emoji, clear). FX thread only.
 */
final class StatusView {
    private StatusView() {
    }

    /**
     * The mark beside {@code name}: its dot styled {@code status-active}, {@code -away}, {@code -dnd} or
     * {@code -offline}; the emoji beside it unless {@code wordsBeside} (where the status's words are drawn anyway).
     */
    static Node mark(People people, String name, boolean wordsBeside) {
        Instant now = Instant.now();
        Region dot = new Region();
        dot.getStyleClass().addAll("status-dot", "status-" + people.stateOf(name, now));
        HBox mark = new HBox(3, dot);
        mark.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        mark.setMinWidth(Region.USE_PREF_SIZE);
        String emoji = people.statusOf(name, now).emoji();
        if (emoji != null && !wordsBeside) {
            mark.getChildren().add(EmojiImages.view(emoji, EmojiImages.SIZE));
        }
        String words = people.describe(name, now);
        mark.setAccessibleText(words.isEmpty() ? t("status.active") : words);
        return mark;
    }

    /** The reader's status, as a menu button that shows it and changes it. */
    static MenuButton mine(Session session, Consumer<String> tell) {
        Statuses statuses = session.statuses();
        MenuButton button = new MenuButton();
        button.setId("my-status");
        button.getStyleClass().add("my-status");
        Runnable draw = () -> {
            Instant now = Instant.now();
            String words = session.people().describe(session.name(), now);
            PersonStatus status = statuses.mine(now);
            // One's own is shown as set, online or not (the window is here, so the reader is).
            String shown = status.state().equals(PersonStatus.AWAY) ? t("status.away")
                    : status.state().equals(PersonStatus.DND)
                    ? session.people().describe(session.name(), now, true) : t("status.active");
            String own = java.util.stream.Stream.of(status.emoji(), status.text())
                    .filter(java.util.Objects::nonNull).collect(java.util.stream.Collectors.joining(" "));
            button.setText(status.state().equals(PersonStatus.DND) || own.isEmpty() ? shown : shown + " · " + own);
            Region dot = new Region();
            dot.getStyleClass().addAll("status-dot", "status-" + status.state());
            button.setGraphic(dot);
        };
        draw.run();
        session.people().statusChanges().addListener((o, was, now) -> draw.run());
        Consumer<PersonStatus> set = status -> statuses.set(status, reason -> {
            if (reason != null) {
                tell.accept(t("app.status.notChanged", "reason", reason));
            }
        });
        MenuItem active = new MenuItem(t("status.active"));
        active.setId("status-active");
        active.setOnAction(e -> {
            PersonStatus now = statuses.mine(Instant.now());
            set.accept(new PersonStatus(PersonStatus.ACTIVE, now.text(), now.emoji(), null, false));
        });
        MenuItem away = new MenuItem(t("status.away"));
        away.setId("status-away");
        away.setOnAction(e -> {
            PersonStatus now = statuses.mine(Instant.now());
            set.accept(new PersonStatus(PersonStatus.AWAY, now.text(), now.emoji(), null, false));
        });
        Menu dnd = new Menu(t("status.dnd"));
        dnd.setId("status-dnd");
        for (String choice : new String[] {"30", "60", "120", "tomorrow", "10080"}) {
            MenuItem item = new MenuItem(capitalized(switch (choice) {
                case "30" -> t("status.for30");
                case "60" -> t("status.for60");
                case "120" -> t("status.for120");
                case "tomorrow" -> t("status.untilTomorrow");
                default -> t("status.forWeek");
            }));
            item.setId("dnd-" + choice);
            item.setOnAction(e -> {
                PersonStatus now = statuses.mine(Instant.now());
                set.accept(new PersonStatus(PersonStatus.DND, now.text(), now.emoji(), dndEnd(choice), false));
            });
            dnd.getItems().add(item);
        }
        MenuItem words = new MenuItem(t("app.status.message"));
        words.setMnemonicParsing(false);
        words.setId("status-words");
        words.setOnAction(e -> askWords(button, statuses.mine(Instant.now()), set, tell));
        MenuItem clear = new MenuItem(t("app.status.clear"));
        clear.setId("status-clear");
        clear.setOnAction(e -> set.accept(PersonStatus.PLAIN));
        javafx.scene.control.Menu language = LanguageChoice.menu(chosen -> {
            if (session.settings() != null) {
                session.settings().rememberLanguage(chosen);
            }
        }, tell);
        MenuItem export = new MenuItem(t("app.export"));
        export.setId("export");
        export.setOnAction(e -> {
            javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
            chooser.setTitle(t("app.export"));
            chooser.getExtensionFilters().setAll(
                    new javafx.stage.FileChooser.ExtensionFilter(t("app.exportPage"), "*.html"),
                    new javafx.stage.FileChooser.ExtensionFilter("JSON", "*.json"));
            chooser.setInitialFileName("hubbub-" + session.places().active().replace("@", "") + ".html");
            java.io.File chosen = chooser.showSaveDialog(button.getScene() == null ? null
                    : button.getScene().getWindow());
            if (chosen != null) {
                session.export(chosen.getName().endsWith(".json") ? "json" : "html", chosen.toPath(),
                        reason -> tell.accept(reason == null ? t("app.exported", "file", chosen.getName()) : reason));
            }
        });
        MenuItem passphrase = new MenuItem(t("me.passphrase"));
        passphrase.setId("passphrase");
        passphrase.setOnAction(e -> AccountDialogs.passphrase(button, session, tell));
        MenuItem devices = new MenuItem(t("me.devices"));
        devices.setId("devices");
        devices.setOnAction(e -> AccountDialogs.devices(button, session));
        // The language last: its submenu opens beside it with nothing below for a pointer on its way to cross.
        button.getItems().setAll(active, away, dnd, new SeparatorMenuItem(), words, clear, new SeparatorMenuItem(),
                passphrase, devices, export, new SeparatorMenuItem(), language);
        button.setDisable(!session.signedIn());
        return button;
    }

    /** When a do-not-disturb chosen now ends: in so many minutes, or tomorrow at 9:00 here. */
    static Instant dndEnd(String choice) {
        if (choice.equals("tomorrow")) {
            return LocalDate.now().plusDays(1).atTime(LocalTime.of(9, 0)).atZone(ZoneId.systemDefault()).toInstant();
        }
        return Instant.now().plusSeconds(60L * Integer.parseInt(choice));
    }

    private static void askWords(Node owner, PersonStatus now, Consumer<PersonStatus> set, Consumer<String> tell) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setTitle(t("status.yours"));
        dialog.setHeaderText(t("app.status.header"));
        dialog.getDialogPane().setNodeOrientation(Words.orientation());
        TextField emoji = new TextField(now.emoji() == null ? "" : now.emoji());
        emoji.setId("status-emoji");
        emoji.setPrefColumnCount(3);
        emoji.setPromptText("🙂");
        TextField text = new TextField(now.text() == null ? "" : now.text());
        text.setId("status-text");
        text.setPromptText(t("status.placeholder"));
        text.setPrefColumnCount(24);
        text.textProperty().addListener((o, was, typed) -> {
            if (typed.codePointCount(0, typed.length()) > PersonStatus.MAX_TEXT) {
                text.setText(was);
            }
        });
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.setPadding(new Insets(8));
        grid.addRow(0, new Label(t("emoji.title")), emoji);
        grid.addRow(1, new Label(t("app.status.words")), text);
        dialog.getDialogPane().setContent(grid);
        ButtonType ok = Dialogs.ok();
        dialog.getDialogPane().getButtonTypes().setAll(ok, Dialogs.cancel());
        if (owner.getScene() != null) {
            dialog.initOwner(owner.getScene().getWindow());
        }
        dialog.setOnShown(e -> text.requestFocus());
        dialog.showAndWait().filter(ok::equals).ifPresent(chosen -> {
            try {
                set.accept(new PersonStatus(now.state(), text.getText(), emoji.getText().strip(), now.until(),
                        now.auto()));
            } catch (dev.hubbub.chat.InvalidMessageException refused) {
                tell.accept(t("app.status.notChanged", "reason", refused.getMessage()));
            }
        });
    }

    /** "for 30 minutes" as a menu's choice: "For 30 minutes". */
    private static String capitalized(String words) {
        return words.isEmpty() ? words : words.substring(0, 1).toUpperCase(Words.locale()) + words.substring(1);
    }
}
