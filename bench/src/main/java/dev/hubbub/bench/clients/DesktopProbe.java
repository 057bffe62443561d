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
 * <p>For {@link CrowdBench}: with a token it signs in with it; with the rooms and people it expects, it prints
 * {@code painted FIRST WHOLE} (milliseconds from its start to its first pulse with the window shown, and to the lists
 * holding them all); {@code switch ROOM TEXT} chooses the room in the list and prints {@code switched MILLIS} once
 * the message with that text is the last row on screen.
 *
 * <p>Arguments: server URL, name[, token, rooms, people].
 */
public final class DesktopProbe {
    private static String server;
    private static String name;
    private static String token;
    private static int expectedRooms;
    private static int expectedPeople;

    private DesktopProbe() {
    }

    public static void main(String[] args) {
        server = args[0];
        name = args[1];
        if (args.length > 4) {
            token = args[2];
            expectedRooms = Integer.parseInt(args[3]);
            expectedPeople = Integer.parseInt(args[4]);
        }
        // The launcher is not the Application itself: JavaFX refuses to start one from the class path that is.
        Application.launch(Watched.class);
    }

    /** The app, and the watch kept on it. */
    public static final class Watched extends Application {
    private volatile String awaited;
    private volatile boolean statsAsked;
    private volatile String switchTo;
    private volatile String switchText;
    private long switchedAt;
    /** When the awaited message was among the list's rows (before it was drawn), during a switch. */
    private long rowsAt;
    /** Pulses since the switch began. */
    private int pulses;
    private boolean ready;
    private long startedAt;
    private long firstPaint = -1;
    private boolean painted;

    @Override
    public void start(Stage stage) throws IOException {
        startedAt = System.nanoTime();
        Path dir = Files.createTempDirectory("hubbub-probe-");
        if (token != null) {
            java.net.URI uri = java.net.URI.create(server);
            new dev.hubbub.desktop.Settings(dir.resolve("config")).rememberToken(uri.getHost() + ":" + uri.getPort(),
                    token);
        }
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
                } else if (line.startsWith("switch ")) {
                    String[] parts = line.split(" ", 3);
                    switchText = parts[2];
                    switchTo = parts[1];
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
        if (firstPaint < 0 && stage.isShowing()) {
            firstPaint = (System.nanoTime() - startedAt) / 1_000_000;
        }
        if (expectedRooms > 0 && !painted) {
            ListView<?> places = (ListView<?>) stage.getScene().lookup("#places");
            ListView<?> people = (ListView<?>) stage.getScene().lookup("#online");
            if (places != null && people != null && places.getItems().size() >= expectedRooms
                    && people.getItems().size() >= expectedPeople) {
                painted = true;
                System.out.println("painted " + firstPaint + " " + (System.nanoTime() - startedAt) / 1_000_000);
            }
            return;
        }
        if (switchedAt != 0) {
            pulses++;
        }
        if (switchTo != null) {
            @SuppressWarnings("unchecked")
            ListView<dev.hubbub.desktop.ui.Places.Place> places =
                    (ListView<dev.hubbub.desktop.ui.Places.Place>) stage.getScene().lookup("#places");
            String room = switchTo;
            switchTo = null;
            switchedAt = System.nanoTime();
            pulses = 0;
            places.getItems().stream().filter(p -> p.key().equals(room)).findFirst()
                    .ifPresent(p -> places.getSelectionModel().select(p));
            awaited = switchText;
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
        if (target != null && switchedAt != 0 && rowsAt == 0 && !list.getItems().isEmpty()
                && list.getItems().get(list.getItems().size() - 1) instanceof MessageItem newest
                && target.equals(newest.text())) {
            rowsAt = System.nanoTime();
        }
        if (target != null) {
            ListCell<?> last = (ListCell<?>) flow.getLastVisibleCell();
            if (last != null && last.getItem() instanceof MessageItem item && target.equals(item.text())
                    && last.getIndex() == list.getItems().size() - 1) {
                awaited = null;
                if (switchedAt != 0) {
                    long now = System.nanoTime();
                    System.out.println("switched " + (now - switchedAt) / 1_000_000.0 + " rows "
                            + ((rowsAt == 0 ? now : rowsAt) - switchedAt) / 1_000_000.0 + " pulses " + pulses);
                    switchedAt = 0;
                    rowsAt = 0;
                } else {
                    System.out.println("visible " + System.currentTimeMillis());
                }
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
