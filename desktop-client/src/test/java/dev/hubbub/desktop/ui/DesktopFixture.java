package dev.hubbub.desktop.ui;

import static org.awaitility.Awaitility.await;

import dev.hubbub.desktop.DesktopConfig;
import dev.hubbub.desktop.HubbubDesktop;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The real app in a real (headless, Monocle) JavaFX stage, and the ways a test looks at it and types into it. */
final class DesktopFixture implements AutoCloseable {
    final FxRobot robot = new FxRobot();
    final Stage stage;
    private final Application app;

    private DesktopFixture(Stage stage, Application app) {
        this.stage = stage;
        this.app = app;
    }

    static DesktopFixture start(DesktopConfig config) throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        Application app = FxToolkit.setupApplication(() -> new HubbubDesktop(config));
        return new DesktopFixture(stage, app);
    }

    static DesktopConfig config(String server, String name, Path dir) {
        return new DesktopConfig(server, name, dir.resolve("config"), dir.resolve("data"), 0);
    }

    /** Reads FX state on the FX thread. */
    static <T> T onFx(Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void until(Callable<Boolean> condition) {
        // A node the window has not built yet is a condition not met yet, not a failure.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> onFx(condition));
    }

    @SuppressWarnings("unchecked")
    ListView<MessageItem> messages() {
        return robot.lookup("#messages").queryAs(ListView.class);
    }

    List<MessageItem> items() {
        return onFx(() -> List.copyOf(messages().getItems()));
    }

    /** The list as "author: text" lines (a tutorial line as it came). */
    List<String> lines() {
        return items().stream().filter(i -> i.kind() == MessageItem.Kind.MESSAGE)
                .map(i -> i.author() == null ? i.text() : i.author() + ": " + i.text()).toList();
    }

    /** The room's status line, or "" while the window shows no room (the start screen). */
    String statusText() {
        return onFx(() -> robot.lookup("#status").tryQuery()
                .map(node -> ((javafx.scene.control.Labeled) node).getText()).orElse(""));
    }

    /** Types into the message box and presses Enter, as a person would. */
    void say(String text) {
        robot.clickOn("#input");
        robot.write(text);
        robot.type(KeyCode.ENTER);
    }

    /**
     * Opens a node's context menu as a right click does on a desktop: headless Monocle delivers the click but never
     * turns it into the platform's menu request, so this sends that request itself, at the node's centre.
     */
    void contextMenu(javafx.scene.Node node) {
        robot.moveTo(node);
        onFx(() -> {
            javafx.geometry.Bounds screen = node.localToScreen(node.getBoundsInLocal());
            javafx.geometry.Bounds local = node.getBoundsInLocal();
            javafx.event.Event.fireEvent(node, new javafx.scene.input.ContextMenuEvent(
                    javafx.scene.input.ContextMenuEvent.CONTEXT_MENU_REQUESTED, local.getCenterX(),
                    local.getCenterY(), screen.getCenterX(), screen.getCenterY(), false, null));
            return null;
        });
    }

    /** The cell showing the message with this text. */
    @SuppressWarnings("unchecked")
    javafx.scene.Node cell(String text) {
        return onFx(() -> robot.lookup(".message-cell").queryAll().stream()
                .filter(n -> ((javafx.scene.control.ListCell<MessageItem>) n).getItem() != null
                        && ((javafx.scene.control.ListCell<MessageItem>) n).getItem().text().equals(text))
                .findFirst().orElseThrow(() -> new AssertionError("no cell with '" + text + "'")));
    }

    /** Opens the context menu of the message with this text and clicks through {@code path} (ids, "#react"…). */
    void menu(String text, String... path) {
        until(() -> cell(text) != null);
        contextMenu(cell(text));
        for (String entry : path) {
            // A submenu's items exist before its window shows: wait for one that is on the screen.
            until(() -> robot.lookup(entry).queryAll().stream().anyMatch(n -> n.getScene() != null
                    && n.getScene().getWindow() != null && n.getScene().getWindow().isShowing()));
            robot.clickOn(robot.lookup(entry).queryAll().stream().filter(n -> n.getScene() != null
                    && n.getScene().getWindow() != null && n.getScene().getWindow().isShowing())
                    .findFirst().orElseThrow());
        }
    }

    @Override
    public void close() throws Exception {
        // A window a test left open (a menu, a picker, a tooltip, a dialog) would outlive its stage and could take
        // the next test's clicks at its place on the screen.
        onFx(() -> {
            for (javafx.stage.Window window : List.copyOf(javafx.stage.Window.getWindows())) {
                window.hide();
            }
            return null;
        });
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
    }
}
