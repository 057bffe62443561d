package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.DesktopFixture.onFx;
import static dev.hubbub.desktop.ui.DesktopFixture.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.HistoryPage;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ListCell;
import javafx.scene.input.KeyCode;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

/**
 * Reply, edit, delete, react and search in the app against a real server, through its menus and keys; and the same
 * state after the server restarts under the open window and after the app starts again.
 */
class MessageActionsWindowTest extends WindowTest {
    private String bob;


    private Http.Reply asBob(String method, String path, String json) throws Exception {
        return http.send(new Request.Builder().url(server.uri(path).toString()).header("Authorization",
                "Bearer " + bob).method(method, json == null ? null : RequestBody.create(json, Http.JSON)).build());
    }

    /** The cell showing the message with this text (as it is now). */
    @SuppressWarnings("unchecked")
    private MessageItem item(String text) {
        return app.items().stream().filter(i -> i.text().equals(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no message '" + text + "' in " + app.lines()));
    }

    /** Each message as "author: text", with the marks the actions leave. */
    private List<String> state() {
        List<String> lines = new ArrayList<>();
        for (MessageItem i : app.items()) {
            if (i.kind() != MessageItem.Kind.MESSAGE) {
                continue;
            }
            StringBuilder line = new StringBuilder(i.author());
            if (i.replyTo() != null) {
                line.append(" [re ").append(i.replyTo().author()).append(": ").append(i.replyTo().text()).append(']');
            }
            line.append(": ").append(i.deleted() ? "message deleted" : i.text());
            if (i.edited()) {
                line.append(" (edited)");
            }
            i.reactions().forEach(r -> line.append(' ').append(r.emoji()).append(r.names()));
            lines.add(line.toString());
        }
        return lines;
    }

    @Test
    void replyEditDeleteReactAndSearchThroughTheWindowAndTheSameAfterRestarts() throws Exception {
        server = RunningServer.start(dir.resolve("room"));
        Http.Reply claimed = http.post(server.uri("/session"), Http.JSON, "{\"name\":\"Bob\"}");
        bob = ChatJson.mapper().readTree(claimed.body()).get("token").asText();
        app = DesktopFixture.start(DesktopFixture.config(server.uri("/").toString(), "Ann", dir));
        until(() -> app.statusText().contains("Connected"));
        asBob("POST", "/chat", "{\"text\":\"lunch at noon?\"}");
        until(() -> app.lines().contains("Bob: lunch at noon?"));

        app.menu("lunch at noon?", "#reply");
        until(() -> onFx(() -> app.robot.lookup("#composing-what").queryLabeled().getText())
                .equals("Replying to Bob: lunch at noon?"));
        app.say("yes, noon works");
        until(() -> state().contains("Ann [re Bob: lunch at noon?]: yes, noon works"));

        app.say("teh plan is ready");
        until(() -> item("teh plan is ready").id() != null);
        app.robot.clickOn("#input");
        app.robot.type(KeyCode.UP);
        until(() -> onFx(() -> app.robot.lookup("#input").queryTextInputControl().getText())
                .equals("teh plan is ready"));
        onFx(() -> {
            app.robot.lookup("#input").queryTextInputControl().selectAll();
            return null;
        });
        app.robot.write("the plan is ready");
        app.robot.type(KeyCode.ENTER);
        until(() -> state().contains("Ann: the plan is ready (edited)"));

        app.menu("the plan is ready", "#react", "#react-👍");
        until(() -> state().contains("Ann: the plan is ready (edited) 👍[Ann]"));
        String plan = item("the plan is ready").id();
        asBob("POST", "/chat/" + plan + "/reactions", "{\"emoji\":\"🎉\"}");
        until(() -> state().contains("Ann: the plan is ready (edited) 👍[Ann] 🎉[Bob]"));
        Button thumbs = onFx(() -> (Button) app.cell("the plan is ready").lookupAll(".reaction").stream()
                .filter(n -> "👍".equals(n.getUserData())).findFirst().orElseThrow());
        assertThat(onFx(() -> thumbs.getTooltip().getText())).isEqualTo("Ann reacted with 👍");
        app.robot.clickOn(thumbs);
        until(() -> state().contains("Ann: the plan is ready (edited) 🎉[Bob]"));

        app.say("ignore this");
        until(() -> item("ignore this").id() != null);
        app.menu("ignore this", "#delete");
        until(() -> !app.robot.lookup("OK").queryAll().isEmpty());
        app.robot.clickOn("OK");
        until(() -> state().contains("Ann: message deleted"));
        until(() -> onFx(() -> !app.robot.lookup(".deleted-text").queryAll().isEmpty()));

        // Bob's message has no edit or delete for Ann.
        app.contextMenu(app.cell("lunch at noon?"));
        until(() -> !app.robot.lookup("#reply").queryAll().isEmpty());
        assertThat(onFx(() -> app.robot.lookup("#edit").queryAll().stream().noneMatch(Node::isVisible))).isTrue();
        app.robot.type(KeyCode.ESCAPE);
        asBob("PATCH", "/chat/" + item("lunch at noon?").id(), "{\"text\":\"lunch at 12:30?\"}");
        List<String> expected = List.of("Bob: lunch at 12:30? (edited)",
                "Ann [re Bob: lunch at noon?]: yes, noon works", "Ann: the plan is ready (edited) 🎉[Bob]",
                "Ann: message deleted");
        until(() -> state().equals(expected));
        HistoryPage page = ChatJson.read(asBob("GET", "/chat/history?room=general", null).body(), HistoryPage.class);
        assertThat(page.messages()).extracting(ChatMessage::text)
                .containsExactly("lunch at 12:30?", "yes, noon works", "the plan is ready", "");

        // The server restarts under the open window; then the app starts again: the same state both times.
        int port = server.port();
        server.close();
        until(() -> !app.statusText().contains("● Connected"));
        server = RunningServer.start(dir.resolve("room"), c -> c.with(b -> b.port(port)));
        until(() -> app.statusText().contains("Connected"));
        asBob("POST", "/chat", "{\"text\":\"back\"}");
        until(() -> app.lines().contains("Bob: back"));
        assertThat(state().subList(0, 4)).isEqualTo(expected);
        app.close();
        app = DesktopFixture.start(DesktopFixture.config(server.uri("/").toString(), "Ann", dir));
        until(() -> state().size() == 5);
        // Read again, the reply quotes Bob's message as his edit left it (the server rewrote the quote); the open
        // window kept the quote it had drawn.
        assertThat(state().subList(0, 4)).isEqualTo(List.of("Bob: lunch at 12:30? (edited)",
                "Ann [re Bob: lunch at 12:30?]: yes, noon works", "Ann: the plan is ready (edited) 🎉[Bob]",
                "Ann: message deleted"));

        // Search finds it and brings it into view.
        app.robot.clickOn("#search");
        app.robot.write("plan");
        app.robot.type(KeyCode.ENTER);
        until(() -> onFx(() -> app.robot.lookup("#search-results").queryListView().getItems().size() == 1));
        assertThat(onFx(() -> app.robot.lookup("#search-summary").queryLabeled().getText()))
                .isEqualTo("1 message or file with “plan”");
        app.robot.clickOn(onFx(() -> app.robot.lookup("#search-results .list-cell").queryAll().iterator().next()));
        until(() -> onFx(() -> app.messages().getSelectionModel().getSelectedItem() != null
                && app.messages().getSelectionModel().getSelectedItem().text().equals("the plan is ready")));
    }
}
