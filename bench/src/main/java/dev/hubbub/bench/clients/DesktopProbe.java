package dev.hubbub.bench.clients;

import dev.hubbub.desktop.DesktopConfig;
import dev.hubbub.desktop.HubbubDesktop;
import dev.hubbub.desktop.ui.MessageItem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.stage.Stage;

/**
 * The real desktop app in a process of its own, watched from inside on every JavaFX pulse: {@link ClientBurst}
 * starts it, says {@code await TEXT}, and reads back {@code visible MILLIS} (wall clock) once the message with that
 * text is the last row on screen in the message list. Prints {@code ready} once the app says it is connected, and
 * {@code stats items=N cells=M} when asked {@code stats}.
 *
 * <p>Arguments: server URL, name.
 */
public final class DesktopProbe {
    private static String server;
    private static String name;

    private DesktopProbe() {
    }

    public static void main(String[] args) {
        server = args[0];
        name = args[1];
        // The launcher is not the Application itself: JavaFX refuses to start one from the class path that is.
        Application.launch(Watched.class);
    }

    /** The app, and the watch kept on it. */
    public static final class Watched extends Application {
    private volatile String awaited;
    private volatile boolean statsAsked;
    private boolean ready;

    @Override
    public void start(Stage stage) throws IOException {
        Path dir = Files.createTempDirectory("hubbub-probe-");
        new HubbubDesktop(new DesktopConfig(server, name, dir.resolve("config"), dir.resolve("data"), 0))
                .start(stage);
        Thread commands = new Thread(this::readCommands, "probe-commands");
        commands.setDaemon(true);
        commands.start();
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                check(stage);
            }
        }.start();
    }

    private void readCommands() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("await ")) {
                    awaited = line.substring("await ".length());
                } else if (line.equals("stats")) {
                    statsAsked = true;
                }
            }
        } catch (IOException ignored) {
            // the benchmark went away
        }
        Platform.exit();
    }

    /** On the FX thread, once a pulse. */
    private void check(Stage stage) {
        if (stage.getScene() == null) {
            return;
        }
        if (!ready) {
            Node status = stage.getScene().lookup("#status");
            if (status instanceof Label label && label.getText().contains("Connected")) {
                ready = true;
                System.out.println("ready");
            }
            return;
        }
        ListView<?> list = (ListView<?>) stage.getScene().lookup("#messages");
        VirtualFlow<?> flow = list == null ? null : (VirtualFlow<?>) list.lookup(".virtual-flow");
        if (flow == null) {
            return;
        }
        String target = awaited;
        if (target != null) {
            ListCell<?> last = (ListCell<?>) flow.getLastVisibleCell();
            if (last != null && last.getItem() instanceof MessageItem item && target.equals(item.text())
                    && last.getIndex() == list.getItems().size() - 1) {
                awaited = null;
                System.out.println("visible " + System.currentTimeMillis());
            }
        }
        if (statsAsked) {
            statsAsked = false;
            var cells = flow.lookupAll(".list-cell");
            System.out.println("stats items=" + list.getItems().size() + " cells=" + cells.size() + " visible="
                    + cells.stream().filter(Node::isVisible).count());
        }
    }
    }
}
