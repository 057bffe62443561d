package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.DesktopFixture.onFx;
import static dev.hubbub.desktop.ui.DesktopFixture.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.testing.RunningServer;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.AccessibleRole;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.Control;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;

/**
 * What a screen reader finds in the app's windows: every control it can reach has a name (its text, a prompt, or an
 * accessible text) and every node that reacts to a click is a control or says what role it plays. Checked over the
 * chat window with its thread panel open, the quick switcher and the shortcuts sheet.
 */
class AccessibilityWindowTest extends WindowTest {
    private static String nameOf(Node node) {
        String accessible = node.getAccessibleText();
        if (accessible != null && !accessible.isBlank()) {
            return accessible;
        }
        if (node instanceof Labeled labeled && labeled.getText() != null && !labeled.getText().isBlank()) {
            return labeled.getText();
        }
        if (node instanceof TextInputControl input && input.getPromptText() != null
                && !input.getPromptText().isBlank()) {
            return input.getPromptText();
        }
        return null;
    }

    private static String describe(Node node) {
        return node.getClass().getSimpleName() + (node.getId() == null ? "" : "#" + node.getId())
                + " " + node.getStyleClass();
    }

    /** What is wrong with the nodes under {@code root} that a person can see. */
    private static void check(Node root, List<String> problems) {
        if (!root.isVisible()) {
            return;
        }
        boolean reachable = root instanceof ButtonBase || root instanceof TextInputControl
                || root instanceof ListView<?> || root instanceof ComboBoxBase<?>;
        if (reachable && !root.isDisabled() && nameOf(root) == null && !(root.getParent() instanceof ComboBoxBase<?>)) {
            problems.add("no name: " + describe(root));
        }
        if (root.getOnMouseClicked() != null && !(root instanceof Control)
                && root.getAccessibleRole() == AccessibleRole.NODE) {
            problems.add("clickable without a role: " + describe(root));
        }
        if (root instanceof Parent parent) {
            // Cells are drawn from the lists' items; each list is checked for its own name above.
            if (root instanceof ListView<?>) {
                return;
            }
            for (Node child : parent.getChildrenUnmodifiable()) {
                check(child, problems);
            }
        }
    }

    private List<String> problemsInEveryWindow() {
        return onFx(() -> {
            List<String> problems = new ArrayList<>();
            for (Window window : List.copyOf(Window.getWindows())) {
                if (window.isShowing() && window.getScene() != null) {
                    check(window.getScene().getRoot(), problems);
                }
            }
            return problems;
        });
    }

    @Test
    void everyControlHasANameAndEveryClickableThingARole() throws Exception {
        server = RunningServer.start(dir.resolve("room"));
        String bob = http.claim(server.uri("/"), "Bob");
        app = DesktopFixture.start(DesktopFixture.config(server.uri("/").toString(), "Ann", dir));
        until(() -> app.statusText().contains("Connected"));
        http.send(bob, "POST", server.uri("/chat"), "{\"room\":\"general\",\"text\":\"hello @Ann\"}");
        until(() -> app.lines().contains("Bob: hello @Ann"));
        app.say("an answer");
        app.menu("hello @Ann", "#reply-in-thread");
        until(() -> onFx(() -> app.robot.lookup("#thread-text").query().isVisible()));
        List<String> problems = new ArrayList<>(problemsInEveryWindow());
        // A message is read as who, when and what (its cell is drawn from pictures and styled text).
        until(() -> onFx(() -> app.cell("hello @Ann").getAccessibleText()).matches("Bob, .+: hello @Ann"));

        app.robot.clickOn("#input");
        app.robot.push(KeyCode.CONTROL, KeyCode.K);
        until(() -> app.robot.lookup("#switcher-input").query().isFocused());
        problems.addAll(problemsInEveryWindow());
        app.robot.type(KeyCode.ESCAPE);
        app.robot.push(KeyCode.CONTROL, KeyCode.SLASH);
        until(() -> app.robot.lookup("#shortcuts").tryQuery().isPresent());
        problems.addAll(problemsInEveryWindow());

        assertThat(problems.stream().distinct().toList()).as("controls a screen reader cannot name").isEmpty();
    }
}
