package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.DesktopFixture.onFx;
import static dev.hubbub.desktop.ui.DesktopFixture.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import java.util.List;
import java.util.Map;
import javafx.geometry.NodeOrientation;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Labeled;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.junit.jupiter.api.Test;

/** The app draws what the server read in a message, the same structure the page draws, and nothing else. */
class FormattingWindowTest extends WindowTest {
    private void post(String author, String text) throws Exception {
        Http.Reply reply = http.post(server.uri("/chat"), Http.JSON,
                ChatJson.write(Map.of("author", author, "text", text)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    }

    private List<String> texts(String selector) {
        return onFx(() -> app.robot.lookup(selector).queryAll().stream().map(node -> node instanceof Text t
                ? t.getText() : ((Labeled) node).getText()).toList());
    }

    @Test
    void formattingCodeQuotesListsLinksAndRoomsAreDrawnAndHostileTextStaysText() throws Exception {
        server = RunningServer.start(dir.resolve("room"));
        http.makeRoom(server.uri("/"), "Cy", "Design");
        app = DesktopFixture.start(DesktopFixture.config(server.uri("/").toString(), "Ann", dir));
        until(() -> app.statusText().contains("Connected"));

        post("Bob", "**bold** _it_ ~gone~ `a < b` in #design, @Ann: https://example.org/x");
        until(() -> !texts("#messages .rich .bold").isEmpty());
        assertThat(texts("#messages .rich .bold")).containsExactly("bold");
        assertThat(texts("#messages .rich .italic")).containsExactly("it");
        assertThat(texts("#messages .rich .strike")).containsExactly("gone");
        assertThat(texts("#messages .rich .inline-code")).containsExactly("a < b");
        assertThat(texts("#messages .rich .mention-me")).containsExactly("@Ann");
        assertThat(texts("#messages .rich .link")).containsExactly("https://example.org/x");

        post("Bob", "code:\n```\nlet  x =\n    1;\n```\n> quoted **too**\n\n- one\n- two\n\n3. three");
        until(() -> !texts("#messages .code-block .code-text").isEmpty());
        assertThat(texts("#messages .code-block .code-text")).containsExactly("let  x =\n    1;");
        assertThat(texts("#messages .code-block .copy")).containsExactly("Copy");
        assertThat(texts("#messages .quote-block .bold")).containsExactly("too");
        assertThat(texts("#messages .list-marker")).containsExactly("•", "•", "3.");

        post("Bob", "<script>alert(1)</script> [click](javascript:alert(2)) **<b>x</b>**");
        until(() -> app.lines().stream().anyMatch(line -> line.startsWith("Bob: <script>")));
        until(() -> texts("#messages .rich .bold").contains("<b>x</b>"));
        assertThat(texts("#messages .rich .link")).containsExactly("https://example.org/x");

        post("Dana", "مرحبا **بالجميع**");
        until(() -> texts("#messages .rich .bold").contains("بالجميع"));
        assertThat(onFx(() -> app.robot.lookup("#messages .rich .paragraph").queryAll().stream()
                .filter(n -> ((TextFlow) n).getChildren().stream()
                        .anyMatch(c -> c instanceof Text t && t.getText().contains("مرحبا")))
                .map(Node::getNodeOrientation).toList())).containsExactly(NodeOrientation.RIGHT_TO_LEFT);

        // A room link opens the room.
        Hyperlink design = onFx(() -> (Hyperlink) app.robot.lookup("#messages .room-link").query());
        onFx(() -> {
            design.fire();
            return null;
        });
        until(() -> onFx(() -> session().places().active()).equals("design"));
    }
}
