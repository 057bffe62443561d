package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.DesktopFixture.onFx;
import static dev.hubbub.desktop.ui.DesktopFixture.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.TextArea;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;

/**
 * Emoji in the app: drawn as pictures (JavaFX draws no colour emoji from fonts), in messages and reactions;
 * ":shortcode" completion; the picker (search, skin tone, recently used) for the box and for reactions.
 */
class EmojiWindowTest extends WindowTest {
    private TextArea box() {
        return app.robot.lookup("#input").queryAs(TextArea.class);
    }

    /** The emoji pictures in the messages list, by what they show. */
    private List<String> pictures(String selector) {
        return onFx(() -> app.robot.lookup(selector).queryAll().stream()
                .filter(n -> n instanceof ImageView && n.getStyleClass().contains("emoji"))
                .map(n -> (String) n.getUserData()).toList());
    }

    private List<String> cells() {
        return onFx(() -> app.robot.lookup("#emoji-cells .emoji-cell").queryAll().stream()
                .map(n -> (String) n.getUserData()).toList());
    }

    @Test
    void emojiArePicturesAndThePickerAndShortcodesPutThemInMessagesAndReactions() throws Exception {
        server = RunningServer.start(dir.resolve("room"));
        app = DesktopFixture.start(DesktopFixture.config(server.uri("/").toString(), "Ann", dir));
        until(() -> app.statusText().contains("Connected"));
        assertThat(http.post(server.uri("/chat"), Http.JSON, ChatJson.write(Map.of("author", "Bob",
                "text", "shipped :tada: 👍🏽 and 🇩🇪 at 10:30"))).status()).isEqualTo(201);
        until(() -> pictures("#messages .emoji").containsAll(List.of("🎉", "👍🏽", "🇩🇪")));
        assertThat(onFx(() -> app.robot.lookup("#messages .emoji").queryAll().stream()
                .allMatch(n -> ((ImageView) n).getViewport() != null && ((ImageView) n).getImage() != null)))
                .isTrue();

        // ":tad" offers 🎉; Tab takes it.
        app.robot.clickOn("#input");
        app.robot.write("so :tad");
        until(() -> app.robot.lookup("#mention-menu .mention-choice").queryAll().stream()
                .anyMatch(n -> ((javafx.scene.control.Label) n).getText().equals(":tada:")));
        app.robot.type(KeyCode.TAB);
        until(() -> box().getText().equals("so 🎉"));

        // The picker: a skin tone, a search, Enter takes the first result.
        app.robot.clickOn("#emoji-button");
        until(() -> !app.robot.lookup("#emoji-picker").queryAll().isEmpty() && !cells().isEmpty());
        assertThat(cells()).as("the recently used first").containsExactly("🎉");
        app.robot.clickOn("#emoji-section-1");
        until(() -> cells().size() > 100 && cells().get(0).equals("😀"));
        onFx(() -> {
            ((javafx.scene.control.MenuButton) app.robot.lookup("#emoji-tone").query()).getItems().get(3).fire();
            return null;
        });
        app.robot.clickOn("#emoji-search");
        app.robot.write("thumbs up");
        until(() -> cells().equals(List.of("👍🏽")));
        app.robot.type(KeyCode.ENTER);
        until(() -> box().getText().equals("so 🎉👍🏽"));
        app.robot.clickOn("#input");
        app.robot.type(KeyCode.ENTER);
        until(() -> app.lines().contains("Ann: so 🎉👍🏽"));

        // Recently used come first; a reaction from the whole set, through "Add reaction…".
        app.robot.clickOn("#emoji-button");
        until(() -> cells().size() >= 2 && cells().subList(0, 2).equals(List.of("👍🏽", "🎉")));
        app.robot.type(KeyCode.ESCAPE);
        until(() -> app.robot.lookup("#emoji-picker").queryAll().stream().noneMatch(Node::isVisible));
        app.menu("so 🎉👍🏽", "#react-more");
        until(() -> app.robot.lookup("#emoji-picker").queryAll().stream().anyMatch(Node::isVisible));
        app.robot.clickOn("#emoji-search");
        app.robot.write("hedgehog");
        until(() -> cells().equals(List.of("🦔")));
        app.robot.type(KeyCode.ENTER);
        until(() -> pictures("#messages .reaction .emoji").contains("🦔"));
    }
}
