package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.DesktopFixture.onFx;
import static dev.hubbub.desktop.ui.DesktopFixture.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.layout.VBox;
import org.junit.jupiter.api.Test;

/**
 * Getting back in, in the app: a name held elsewhere is signed in with its passphrase from the start screen; the
 * person's devices are listed and one is signed out; the passphrase is changed from one's own menu.
 */
class GettingBackInWindowTest extends WindowTest {

    private void choose(String id) {
        onFx(() -> {
            MenuButton mine = app.robot.lookup("#my-status").queryAs(MenuButton.class);
            mine.getItems().stream().filter(item -> id.equals(item.getId())).findFirst().map(MenuItem::fire)
                    .orElseThrow();
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
        app.robot.clickOn("#passphrase").write("correct horse staple");
        app.robot.clickOn("#with-passphrase");
        until(() -> onFx(() -> app.robot.lookup("#problem").queryLabeled().getText())
                .contains("not Ann’s passphrase"));
        onFx(() -> {
            app.robot.lookup("#passphrase").queryTextInputControl().setText("correct horse battery");
            return null;
        });
        app.robot.clickOn("#with-passphrase");
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
