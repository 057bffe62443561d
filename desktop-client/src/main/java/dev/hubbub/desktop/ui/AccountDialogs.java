package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.Words.t;

import dev.hubbub.chat.Api;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Keeping one's way in, as on the page: a passphrase (typed twice; or removed), and the devices one is signed in on,
 * any of them signed out. FX thread only.
 */
final class AccountDialogs {
    private AccountDialogs() {
    }

    /** Sets or removes the passphrase; what happened is told through {@code tell}. */
    static void passphrase(Node owner, Session session, Consumer<String> tell) {
        PasswordField fresh = new PasswordField();
        fresh.setId("passphrase-new");
        PasswordField again = new PasswordField();
        again.setId("passphrase-again");
        Label freshLabel = new Label(t("passphrase.new"));
        freshLabel.setLabelFor(fresh);
        Label againLabel = new Label(t("passphrase.again"));
        againLabel.setLabelFor(again);
        Label hint = new Label(t("passphrase.hint"));
        hint.setWrapText(true);
        Label problem = new Label();
        problem.getStyleClass().add("problem");
        problem.setId("passphrase-problem");
        problem.setWrapText(true);
        Dialog<ButtonType> dialog = new Dialog<>();
        if (owner.getScene() != null) {
            dialog.initOwner(owner.getScene().getWindow());
        }
        dialog.setTitle(t("passphrase.title"));
        dialog.setHeaderText(t("passphrase.title"));
        dialog.getDialogPane().setId("passphrase-dialog");
        VBox box = new VBox(6, hint, freshLabel, fresh, againLabel, again, problem);
        box.setPrefWidth(420);
        dialog.getDialogPane().setContent(box);
        ButtonType remove = new ButtonType(t("passphrase.remove"), javafx.scene.control.ButtonBar.ButtonData.LEFT);
        Dialogs.ourButtons(dialog.getDialogPane());
        dialog.getDialogPane().getButtonTypes().add(0, remove);
        Button ok = (Button) dialog.getDialogPane().lookupButton(dialog.getDialogPane().getButtonTypes().stream()
                .filter(b -> b.getButtonData().isDefaultButton()).findFirst().orElseThrow());
        ok.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            if (!fresh.getText().equals(again.getText())) {
                problem.setText(t("passphrase.differ"));
                e.consume();
            }
        });
        dialog.showAndWait().ifPresent(choice -> {
            if (choice == remove) {
                session.passphrase(null, reason -> tell.accept(reason == null ? t("app.passphraseRemoved") : reason));
            } else if (choice.getButtonData().isDefaultButton()) {
                session.passphrase(fresh.getText(), reason -> tell.accept(reason == null ? t("app.passphraseSet")
                        : reason));
            }
        });
    }

    /** The devices one is signed in on, each (but this one) with a way to sign it out. */
    static void devices(Node owner, Session session) {
        VBox list = new VBox(6);
        list.setId("devices-list");
        Label problem = new Label();
        problem.getStyleClass().add("problem");
        Dialog<Void> dialog = new Dialog<>();
        if (owner.getScene() != null) {
            dialog.initOwner(owner.getScene().getWindow());
        }
        dialog.setTitle(t("devices.title"));
        dialog.setHeaderText(t("devices.hint"));
        dialog.getDialogPane().setId("devices-dialog");
        VBox box = new VBox(8, list, problem);
        box.setPadding(new Insets(4));
        box.setPrefWidth(480);
        dialog.getDialogPane().setContent(box);
        dialog.getDialogPane().getButtonTypes().add(Dialogs.close());
        dialog.getDialogPane().setNodeOrientation(Words.orientation());
        Runnable[] load = new Runnable[1];
        DateTimeFormatter when = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(Words.locale()).withZone(ZoneId.systemDefault());
        load[0] = () -> session.devices((devices, reason) -> {
            problem.setText(reason == null ? "" : reason);
            if (devices == null) {
                return;
            }
            list.getChildren().clear();
            for (Api.Device device : devices) {
                Label name = new Label(device.label().isEmpty() ? t("devices.unknown") : device.label());
                name.getStyleClass().add("device-name");
                String facts = (device.signedInAt() == null ? "" : t("devices.signedIn", "time",
                        when.format(device.signedInAt()))) + (device.current() ? " · " + t("devices.thisOne")
                        : device.lastSeenAt() == null ? "" : " · " + t("devices.seen", "time",
                                when.format(device.lastSeenAt())));
                Label about = new Label(facts);
                about.getStyleClass().add("muted");
                Region gap = new Region();
                HBox.setHgrow(gap, Priority.ALWAYS);
                HBox row = new HBox(8, name, about, gap);
                row.getStyleClass().add("device");
                if (!device.current()) {
                    Button out = new Button(t("devices.signOut"));
                    out.getStyleClass().add("device-sign-out");
                    out.setAccessibleText(t("devices.signOutOne", "device", name.getText()));
                    out.setOnAction(e -> session.signOutDevice(device.id(), done -> load[0].run()));
                    row.getChildren().add(out);
                }
                list.getChildren().add(row);
            }
        });
        load[0].run();
        dialog.show();
    }
}
