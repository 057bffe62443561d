package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.DesktopFixture.onFx;
import static dev.hubbub.desktop.ui.DesktopFixture.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.testing.RunningServer;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;

/**
 * The app without a mouse, as the page: the quick switcher, Alt+↑ ↓ between conversations, Shift+Tab from the box
 * to the messages, each action of a message by its key (its menu says which), Escape back to the box, Ctrl+/ the
 * sheet; the focus never lost after an action.
 */
class KeyboardWindowTest extends WindowTest {
    private void chord(KeyCode... keys) {
        app.robot.push(keys);
    }

    private Node focused() {
        return onFx(() -> app.stage.getScene().getFocusOwner());
    }

    private String focusedId() {
        Node node = focused();
        return node == null ? null : node.getId();
    }

    private String active() {
        return onFx(() -> session().places().active());
    }

    @SuppressWarnings("unchecked")
    private MessageItem chosen() {
        return onFx(() -> ((ListView<MessageItem>) app.robot.lookup("#messages").query()).getSelectionModel()
                .getSelectedItem());
    }

    private Shortcuts shortcuts() {
        return ((ChatView) app.robot.lookup("#messages").query().getProperties().get(ChatView.class)).shortcuts();
    }

    @SuppressWarnings("unchecked")
    private List<String> choices() {
        return onFx(() -> ((ListView<QuickSwitcher.Choice>) app.robot.lookup("#switcher-list").query()).getItems()
                .stream().map(QuickSwitcher.Choice::label).toList());
    }

    @Test
    void everythingIsReachableWithTheKeyboardAndTheFocusIsNeverLost() throws Exception {
        server = RunningServer.start(dir.resolve("room"));
        String bob = http.claim(server.uri("/"), "Bob");
        for (String room : List.of("Design", "Marketing", "Sales dashboard")) {
            assertThat(http.send(bob, "POST", server.uri("/rooms"), "{\"name\":\"" + room + "\"}").status())
                    .isEqualTo(201);
        }
        app = DesktopFixture.start(DesktopFixture.config(server.uri("/").toString(), "Ann", dir));
        until(() -> app.statusText().contains("Connected"));
        joinRooms("design", "marketing", "sales-dashboard");   // Bob made them
        http.send(bob, "POST", server.uri("/chat"), "{\"room\":\"marketing\",\"text\":\"unread in marketing\"}");
        until(() -> onFx(() -> session().places().unreadIn("marketing")) == 1);
        app.robot.clickOn("#input");

        // Ctrl+K: what is unread first; the letters in order find a room; Enter goes there.
        chord(KeyCode.CONTROL, KeyCode.K);
        until(() -> shortcuts().switcher().isShowing());
        until(() -> app.robot.lookup("#switcher-input").query().isFocused());
        until(() -> choices().get(0).equals("# Marketing"));
        app.robot.write("sdb");
        until(() -> choices().equals(List.of("# Sales dashboard")));
        app.robot.type(KeyCode.ENTER);
        until(() -> active().equals("sales-dashboard"));
        assertThat(shortcuts().switcher().isShowing()).isFalse();

        // Alt+↑ ↓ through the list; Alt+Shift+↓ to the unread one.
        app.robot.clickOn("#input");
        chord(KeyCode.ALT, KeyCode.UP);
        until(() -> active().equals("marketing"));
        chord(KeyCode.ALT, KeyCode.UP);
        until(() -> active().equals("design"));
        http.send(bob, "POST", server.uri("/chat"), "{\"room\":\"general\",\"text\":\"unread in general\"}");
        until(() -> onFx(() -> session().places().unreadIn("general")) == 1);
        chord(KeyCode.ALT, KeyCode.SHIFT, KeyCode.DOWN);
        until(() -> active().equals("general"));

        // Shift+Tab from the box: the newest message; ↑ moves; each key is its action.
        app.say("my first words");
        app.say("my second words");
        until(() -> app.items().stream().anyMatch(i -> "my second words".equals(i.text()) && i.id() != null));
        chord(KeyCode.SHIFT, KeyCode.TAB);
        until(() -> "messages".equals(focusedId()));
        assertThat(chosen().text()).isEqualTo("my second words");
        app.robot.type(KeyCode.UP);
        until(() -> chosen().text().equals("my first words"));
        app.robot.type(KeyCode.UP);
        until(() -> chosen().text().equals("unread in general"));

        // Enter: its menu, which names each action's key.
        app.robot.type(KeyCode.ENTER);
        until(() -> app.robot.lookup("#reply").queryAll().stream().anyMatch(n -> n.getScene() != null
                && n.getScene().getWindow().isShowing()));
        List<String> menu = onFx(() -> app.robot.lookup(".context-menu .menu-item").queryAll().stream()
                .filter(Node::isVisible).map(n -> ((javafx.scene.control.Labeled) n.lookup(".label")).getText())
                .toList());
        assertThat(menu).contains("Reply (R)", "Reply in thread (T)", "Add reaction… (+)",
                "Pin to the conversation (P)");
        app.robot.type(KeyCode.ESCAPE);
        until(() -> "messages".equals(focusedId()));

        // R: a reply in the box; Escape gives it up; Shift+Tab is back on the same message.
        app.robot.type(KeyCode.R);
        until(() -> "input".equals(focusedId()));
        assertThat(onFx(() -> ((javafx.scene.control.TextArea) app.robot.lookup("#input").query()).getText()))
                .as("the key acted; it was not typed into the box too").isEmpty();
        until(() -> onFx(() -> app.robot.lookup("#composing").query().isVisible()));
        app.robot.type(KeyCode.ESCAPE);
        chord(KeyCode.SHIFT, KeyCode.TAB);
        until(() -> "messages".equals(focusedId()));
        assertThat(chosen().text()).isEqualTo("unread in general");

        // +: the emoji picker; choosing reacts, and the focus is back on the message.
        app.robot.write("+");
        until(() -> onFx(() -> ((ChatView) app.robot.lookup("#messages").query().getProperties()
                .get(ChatView.class)).emojiPickerShowing()));
        app.robot.write("thumbs");
        app.robot.type(KeyCode.ENTER);
        until(() -> chosen().reactions().stream().anyMatch(r -> r.emoji().startsWith("👍")));
        until(() -> "messages".equals(focusedId()));

        // P pins; E is only for one's own; Delete asks first, then the focus comes back to the list.
        app.robot.type(KeyCode.P);
        until(() -> chosen().pinned() != null);
        app.robot.type(KeyCode.E);
        assertThat(onFx(() -> app.robot.lookup("#composing").query().isVisible())).as("not one's own").isFalse();
        app.robot.type(KeyCode.DOWN);
        until(() -> chosen().text().equals("my first words"));
        assertThat(focusedId()).isEqualTo("messages");
        assertThat(chosen().changeable()).isTrue();
        app.robot.type(KeyCode.E);
        until(() -> onFx(() -> ((javafx.scene.control.TextArea) app.robot.lookup("#input").query()).getText())
                .equals("my first words"));
        app.robot.type(KeyCode.ESCAPE);
        chord(KeyCode.SHIFT, KeyCode.TAB);
        until(() -> "messages".equals(focusedId()));
        until(() -> chosen().text().equals("my first words"));
        app.robot.type(KeyCode.DELETE);
        until(() -> onFx(() -> app.robot.lookup(".dialog-pane").tryQuery().isPresent()));
        app.robot.type(KeyCode.ENTER);
        until(() -> app.items().stream().anyMatch(MessageItem::deleted));
        until(() -> "messages".equals(focusedId()));

        // T opens the thread with its box focused; Escape from the thread's box closes it, back to the room's box.
        app.robot.type(KeyCode.UP);
        until(() -> chosen().text().equals("unread in general"));
        app.robot.type(KeyCode.T);
        until(() -> "thread-text".equals(focusedId()));

        // Ctrl+/: the sheet.
        chord(KeyCode.CONTROL, KeyCode.SLASH);
        until(() -> shortcuts().sheetShowing());
    }
}
