package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.DesktopFixture.onFx;
import static dev.hubbub.desktop.ui.DesktopFixture.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.testing.RunningServer;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;

/**
 * The message box: Ctrl+B/I/E wrap the selection as the page's do, a help line shows while one writes, Enter inside
 * an open code fence is a new line, and each place keeps its draft across switches and a restart.
 */
class ComposerWindowTest extends WindowTest {
    private TextArea box() {
        return app.robot.lookup("#input").queryAs(TextArea.class);
    }

    private String text() {
        return onFx(() -> box().getText());
    }

    private void select(int from, int to) {
        onFx(() -> {
            box().selectRange(from, to);
            return null;
        });
    }

    private void show(String place) {
        onFx(() -> {
            session().show(place);
            return null;
        });
        until(() -> session().places().active().equals(place));
    }

    @Test
    void formattingKeysWrapTheSelectionAndEachPlaceKeepsItsDraftAcrossARestart() throws Exception {
        server = RunningServer.start(dir.resolve("room"));
        http.makeRoom(server.uri("/"), "Cy", "Design");
        String base = server.uri("/").toString();
        app = DesktopFixture.start(DesktopFixture.config(base, "Ann", dir));
        until(() -> app.statusText().contains("Connected"));
        assertThat(onFx(() -> box().getPromptText())).isEqualTo("Message General");

        app.robot.clickOn("#input");
        until(() -> app.robot.lookup("#format-help").query().isVisible());
        app.robot.write("make this loud");
        select(10, 14);
        app.robot.press(KeyCode.CONTROL).type(KeyCode.B).release(KeyCode.CONTROL);
        until(() -> box().getText().equals("make this **loud**"));
        app.robot.press(KeyCode.CONTROL).type(KeyCode.B).release(KeyCode.CONTROL);
        until(() -> box().getText().equals("make this loud"));
        select(0, 4);
        app.robot.press(KeyCode.CONTROL).type(KeyCode.I).release(KeyCode.CONTROL);
        until(() -> box().getText().equals("_make_ this loud"));
        onFx(() -> {
            box().clear();
            return null;
        });
        app.robot.write("```");
        app.robot.type(KeyCode.ENTER);
        app.robot.write("x = 1");
        assertThat(text()).as("Enter inside an open fence is a new line").isEqualTo("```\nx = 1");

        onFx(() -> {
            box().setText("half a thought for everyone");
            return null;
        });
        show("design");
        assertThat(text()).as("a switch leaves the draft behind").isEmpty();
        assertThat(onFx(() -> box().getPromptText())).isEqualTo("Message Design");
        app.robot.clickOn("#input");
        app.robot.write("for design");
        show("general");
        assertThat(text()).isEqualTo("half a thought for everyone");

        app.close();
        app = DesktopFixture.start(DesktopFixture.config(base, "Ann", dir));
        until(() -> app.statusText().contains("Connected"));
        until(() -> box().getText().equals("half a thought for everyone"));
        show("design");
        assertThat(text()).as("kept across a restart").isEqualTo("for design");
        app.robot.clickOn("#input");
        app.robot.type(KeyCode.ENTER);
        until(() -> app.lines().contains("Ann: for design"));
        assertThat(text()).isEmpty();

        app.close();
        app = DesktopFixture.start(DesktopFixture.config(base, "Ann", dir));
        until(() -> app.statusText().contains("Connected"));
        show("design");
        assertThat(text()).as("a sent message is no draft any more").isEmpty();
    }
}
