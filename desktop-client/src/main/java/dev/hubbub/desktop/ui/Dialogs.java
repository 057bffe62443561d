package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.Words.t;

import javafx.scene.control.ButtonBar.ButtonData;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;

/**
 * Dialog buttons in the app's language. JavaFX's own (ButtonType.OK, CANCEL, CLOSE) speak the system's language,
 * which need not be the one chosen in the app; these carry the same roles with Hubbub's words.
 */
final class Dialogs {
    private Dialogs() {
    }

    static ButtonType ok() {
        return new ButtonType(t("common.ok"), ButtonData.OK_DONE);
    }

    static ButtonType cancel() {
        return new ButtonType(t("common.cancel"), ButtonData.CANCEL_CLOSE);
    }

    static ButtonType close() {
        return new ButtonType(t("common.close"), ButtonData.CANCEL_CLOSE);
    }

    /** Puts our OK and Cancel in place of JavaFX's on a dialog that made its own (a TextInputDialog). */
    static void ourButtons(DialogPane pane) {
        pane.getButtonTypes().setAll(ok(), cancel());
        pane.setNodeOrientation(Words.orientation());
    }
}
