package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.DesktopFixture.onFx;
import static dev.hubbub.desktop.ui.DesktopFixture.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import javafx.scene.control.MenuButton;
import javafx.scene.layout.VBox;
import org.junit.jupiter.api.Test;

/**
 * Getting back in, in the app: a name held elsewhere is signed in with its passphrase from the start screen; the
 * person's devices are listed and one is signed out; the passphrase is changed from one's own menu.
 */
class GettingBackInWindowTest extends WindowTest {

    /** Chooses an item of one's own menu; later on the FX thread, since a dialog it opens waits there. */
    private void choose(String id) {
        javafx.scene.control.MenuItem item = onFx(() -> app.robot.lookup("#my-status").queryAs(MenuButton.class)
                .getItems().stream().filter(one -> id.equals(one.getId())).findFirst().orElseThrow());
        javafx.application.Platform.runLater(item::fire);
    }

    /** Types the passphrase and presses "Sign in with my passphrase" (below the fold of a small start screen). */
    private void signInWith(String passphrase) {
        onFx(() -> {
            app.robot.lookup("#passphrase").queryTextInputControl().setText(passphrase);
            app.robot.lookup("#with-passphrase").queryButton().fire();
            return null;
        });
    }

    @Test
    void aPassphraseSignsTheAppInAndItsDevicesCanBeSignedOut() throws Exception {
        server = RunningServer.start(dir.resolve("room"));
        Http.Reply claimed = http.post(server.uri("/session"), Http.JSON,
                "{\"name\":\"Ann\",\"passphrase\":\"correct horse battery\"}");
        String laptop = ChatJson.mapper().readTree(claimed.body()).get("token").asText();

        app = DesktopFixture.start(DesktopFixture.config(server.uri("/").toString(), "Ann", dir));
        until(() -> onFx(() -> app.robot.lookup("#problem").queryLabeled().getText()).contains("or your passphrase"));
        signInWith("correct horse staple");
        until(() -> onFx(() -> app.robot.lookup("#problem").queryLabeled().getText())
                .contains("not Ann’s passphrase"));
        signInWith("correct horse battery");
        until(() -> app.statusText().contains("Connected"));

        choose("devices");
        until(() -> onFx(() -> app.robot.lookup("#devices-list").queryAs(VBox.class).getChildren().size()) == 2);
        assertThat(onFx(() -> app.robot.lookup(".device-sign-out").queryAll().size())).isEqualTo(1);
        app.robot.clickOn(".device-sign-out");
        until(() -> onFx(() -> app.robot.lookup("#devices-list").queryAs(VBox.class).getChildren().size()) == 1);
        assertThat(http.send(laptop, "GET", server.uri("/session"), null).status()).isEqualTo(401);
        app.robot.clickOn("Close");

        choose("passphrase");
        until(() -> !app.robot.lookup("#passphrase-new").queryAll().isEmpty());
        onFx(() -> {
            app.robot.lookup("#passphrase-new").queryTextInputControl().setText("a brand new passphrase");
            app.robot.lookup("#passphrase-again").queryTextInputControl().setText("a brand new passphrase");
            return null;
        });
        app.robot.clickOn("OK");
        until(() -> onFx(() -> app.robot.lookup("#link-code").queryLabeled().getText())
                .startsWith("Your passphrase is set"));
        assertThat(http.post(server.uri("/session"), Http.JSON,
                "{\"name\":\"Ann\",\"passphrase\":\"a brand new passphrase\"}").status()).isEqualTo(201);
    }
}
