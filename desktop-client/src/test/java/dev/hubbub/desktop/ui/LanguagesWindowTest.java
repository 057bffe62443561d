package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.DesktopFixture.onFx;
import static dev.hubbub.desktop.ui.DesktopFixture.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.desktop.DesktopConfig;
import dev.hubbub.server.testing.RunningServer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javafx.geometry.NodeOrientation;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The app in other languages: Arabic mirrors the window and its words, a language chosen in the app is kept for its
 * next start; and the pseudo-language (English accented and a third longer, in ⟦ ⟧) over its windows: every word it
 * shows comes from a catalog, and no label is cut off.
 */
class LanguagesWindowTest extends WindowTest {
    /** The people's own words, names and rooms, which no catalog has. */
    private static final List<String> THEIRS = List.of("Hubbub", "Test room", "General", "Ann", "Bob", "hello there",
            "hello", "Design", "Cy", "Connected", "localhost", "ABCD");
    private static final Pattern DATES = Pattern.compile("\\b(AM|PM)\\b");

    @AfterEach
    void backToEnglish() {
        Words.use(java.util.Locale.ENGLISH);
    }

    private static boolean foreign(String text) {
        if (text == null || text.contains("⟦")) {
            return false;
        }
        String rest = DATES.matcher(text).replaceAll("");
        for (String words : THEIRS) {
            rest = rest.replace(words, "");
        }
        return rest.matches("(?s).*[A-Za-z]{2,}.*");
    }

    private static String describe(Node node) {
        return node.getClass().getSimpleName() + (node.getId() == null ? "" : "#" + node.getId());
    }

    /** Words not from a catalog, and catalog words cut off, under {@code root}. */
    private static void check(Node root, List<String> problems) {
        check(root, problems, true);
    }

    /** In a real language ({@code pseudo} false): only words cut off, the people's own aside. */
    private static void check(Node root, List<String> problems, boolean pseudo) {
        if (!root.isVisible()) {
            return;
        }
        // The messages are the people's own words; a cell's own labels are checked in the thread's list.
        if (root.getStyleClass().contains("body-text") || root.getStyleClass().contains("author")
                || root instanceof ComboBox<?> box && "language".equals(box.getId())) {
            return;
        }
        if (root instanceof Labeled labeled) {
            String text = labeled.getText();
            // Keys are named as keyboards print them (Ctrl+K, Enter), in every language.
            if (pseudo && foreign(text) && !root.getStyleClass().contains("shortcut-keys")) {
                problems.add("not from a catalog: \"" + text + "\" in " + describe(root));
            }
            boolean catalogs = text != null && (pseudo ? text.contains("⟦")
                    : !text.isBlank() && THEIRS.stream().noneMatch(text::contains));
            if (catalogs && root.lookup(".text") instanceof Text shown
                    && !text.equals(shown.getText())) {
                problems.add("cut off: \"" + text + "\" shown as \"" + shown.getText() + "\" in " + describe(root));
            }
        }
        if (pseudo && root instanceof TextInputControl input && foreign(input.getPromptText())) {
            problems.add("not from a catalog: prompt \"" + input.getPromptText() + "\" in " + describe(root));
        }
        if (pseudo && foreign(root.getAccessibleText()) && !root.getStyleClass().contains("message-cell")) {
            problems.add("not from a catalog: accessible text \"" + root.getAccessibleText() + "\" in "
                    + describe(root));
        }
        if (root instanceof Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                check(child, problems, pseudo);
            }
        }
    }

    private List<String> problemsInEveryWindow(String view) {
        return problemsInEveryWindow(view, true);
    }

    private List<String> problemsInEveryWindow(String view, boolean pseudo) {
        return onFx(() -> {
            List<String> problems = new ArrayList<>();
            for (Window window : List.copyOf(Window.getWindows())) {
                if (window.isShowing() && window.getScene() != null) {
                    check(window.getScene().getRoot(), problems, pseudo);
                }
            }
            return problems.stream().map(problem -> view + ": " + problem).toList();
        });
    }

    private DesktopConfig config(String language) {
        DesktopConfig plain = DesktopFixture.config(server.uri("/").toString(), "Ann", dir);
        return new DesktopConfig(plain.server(), plain.name(), plain.configDir(), plain.dataDir(), plain.hostPort(),
                plain.theme(), language);
    }

    @Test
    void arabicMirrorsTheWindowAndAChosenLanguageIsKeptForTheNextStart() throws Exception {
        server = RunningServer.start(dir.resolve("room"));
        app = DesktopFixture.start(config("ar"));
        until(() -> app.statusText().contains("متصل"));
        assertThat(onFx(() -> app.stage.getScene().getEffectiveNodeOrientation()))
                .isEqualTo(NodeOrientation.RIGHT_TO_LEFT);
        assertThat(problemsInEveryWindow("Arabic", false)).as("Arabic words cut off").isEmpty();
        assertThat(onFx(() -> ((Labeled) app.robot.lookup("#send").query()).getText())).isEqualTo("إرسال");
        double places = onFx(() -> app.robot.lookup("#places").query().localToScene(0, 0).getX());
        double messages = onFx(() -> app.robot.lookup("#messages").query().localToScene(0, 0).getX());
        assertThat(places).as("the rooms are on the right, right to left").isGreaterThan(messages);
        app.say("مرحبا");
        until(() -> app.lines().contains("Ann: مرحبا"));

        // Chosen in one's own menu (beside the status): Language, Deutsch.
        app.robot.clickOn("#my-status");
        app.robot.clickOn("#language-menu");
        app.robot.clickOn("#language-de");
        until(() -> onFx(() -> ((Labeled) app.robot.lookup("#link-code").query()).getText())
                .equals("Hubbub spricht Deutsch, wenn es das nächste Mal startet."));
        assertThat(Files.readString(dir.resolve("config").resolve("desktop.properties"))).contains("language=de");
    }

    @Test
    void everyWindowInThePseudoLanguageHasEveryWordFromACatalogAndNoneCutOff() throws Exception {
        server = RunningServer.start(dir.resolve("room"));
        String bob = http.claim(server.uri("/"), "Bob");
        http.makeRoom(server.uri("/"), "Cy", "Design");
        app = DesktopFixture.start(config("en-XA"));
        until(() -> app.statusText().contains("⟦"));
        http.send(bob, "POST", server.uri("/chat"), "{\"room\":\"general\",\"text\":\"hello there\"}");
        until(() -> app.lines().contains("Bob: hello there"));
        app.say("hello");
        until(() -> app.lines().contains("Ann: hello"));
        List<String> problems = new ArrayList<>(problemsInEveryWindow("the chat window"));

        app.menu("hello there", "#reply-in-thread");
        until(() -> onFx(() -> app.robot.lookup("#thread-text").query().isVisible()));
        problems.addAll(problemsInEveryWindow("the thread panel"));

        app.robot.clickOn("#input");
        app.robot.push(KeyCode.CONTROL, KeyCode.K);
        until(() -> app.robot.lookup("#switcher-input").query().isFocused());
        problems.addAll(problemsInEveryWindow("the quick switcher"));
        app.robot.type(KeyCode.ESCAPE);
        app.robot.push(KeyCode.CONTROL, KeyCode.SLASH);
        until(() -> app.robot.lookup("#shortcuts").tryQuery().isPresent());
        problems.addAll(problemsInEveryWindow("the shortcuts"));
        app.robot.type(KeyCode.ESCAPE);
        until(() -> app.robot.lookup("#shortcuts").tryQuery().isEmpty());

        app.robot.clickOn("#browse-rooms");
        until(() -> app.robot.lookup("#browse-dialog").tryQuery().isPresent()
                && !app.robot.lookup("#browse-dialog .list-cell").queryAll().isEmpty());
        problems.addAll(problemsInEveryWindow("the room browser"));
        app.robot.type(KeyCode.ESCAPE);
        until(() -> app.robot.lookup("#browse-dialog").tryQuery().isEmpty());

        assertThat(problems.stream().distinct().toList()).as("what the pseudo-language shows").isEmpty();
    }

    @Test
    void germanWhichRunsLongIsNeverCutOff() throws Exception {
        server = RunningServer.start(dir.resolve("room"));
        app = DesktopFixture.start(config("de"));
        until(() -> app.statusText().contains("Verbunden"));
        List<String> problems = new ArrayList<>(problemsInEveryWindow("the chat window", false));
        app.robot.clickOn("#input");
        app.robot.push(KeyCode.CONTROL, KeyCode.SLASH);
        until(() -> app.robot.lookup("#shortcuts").tryQuery().isPresent());
        problems.addAll(problemsInEveryWindow("the shortcuts", false));
        app.robot.type(KeyCode.ESCAPE);
        assertThat(problems.stream().distinct().toList()).as("German words cut off").isEmpty();
    }
}
