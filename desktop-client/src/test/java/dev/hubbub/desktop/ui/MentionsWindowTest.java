package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.DesktopFixture.onFx;
import static dev.hubbub.desktop.ui.DesktopFixture.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.text.Text;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

/** Mentions in the app: marked in the text, strongly and with the message edged when they reach the reader. */
class MentionsWindowTest extends WindowTest {


    private List<String> marked(String styleClass) {
        return onFx(() -> app.robot.lookup("#messages .mention").queryAll().stream()
                .filter(node -> node.getStyleClass().contains(styleClass)).map(node -> ((Text) node).getText())
                .toList());
    }

    @Test
    void aMessageThatMentionsTheReaderIsMarkedForThem() throws Exception {
        server = RunningServer.start(dir.resolve("room"));
        Http.Reply claimed = http.post(server.uri("/session"), Http.JSON, "{\"name\":\"Bob\"}");
        String bob = ChatJson.mapper().readTree(claimed.body()).get("token").asText();
        app = DesktopFixture.start(DesktopFixture.config(server.uri("/").toString(), "Ann", dir));
        until(() -> app.statusText().contains("Connected"));

        http.send(new Request.Builder().url(server.uri("/chat").toString()).header("Authorization", "Bearer " + bob)
                .post(RequestBody.create("{\"text\":\"@ann can you look? (@Bob is busy)\"}", Http.JSON)).build());
        until(() -> app.lines().contains("Bob: @ann can you look? (@Bob is busy)"));
        until(() -> marked("mention").size() == 2);
        assertThat(marked("mention")).containsExactly("@ann", "@Bob");
        assertThat(marked("mention-me")).containsExactly("@ann");
        assertThat(app.items().get(app.items().size() - 1).forMe()).isTrue();
        assertThat(onFx(() -> app.robot.lookup(".message-cell").queryAll().stream()
                .filter(cell -> cell.getPseudoClassStates().contains(MessageCell.FOR_ME)).count())).isEqualTo(1);

        app.say("on it, @Bob");
        until(() -> marked("mention").contains("@Bob") && marked("mention").size() == 3);
        assertThat(onFx(() -> app.robot.lookup(".message-cell").queryAll().stream()
                .filter(cell -> cell.getPseudoClassStates().contains(MessageCell.FOR_ME)).count())).isEqualTo(1);
    }


    @Test
    void typingAnAtOffersThePeopleHereAndTabCompletes() throws Exception {
        server = RunningServer.start(dir.resolve("room"));
        Http.Reply claimed = http.post(server.uri("/session"), Http.JSON, "{\"name\":\"Bob\"}");
        String bob = ChatJson.mapper().readTree(claimed.body()).get("token").asText();
        app = DesktopFixture.start(DesktopFixture.config(server.uri("/").toString(), "Ann", dir));
        until(() -> app.statusText().contains("Connected"));
        // Bob writes to Ann, so Ann's app knows him (the people one may mention: online, or written with).
        http.send(new Request.Builder().url(server.uri("/chat").toString()).header("Authorization", "Bearer " + bob)
                .post(RequestBody.create("{\"to\":\"Ann\",\"text\":\"review done\"}", Http.JSON)).build());
        until(() -> onFx(() -> app.robot.lookup("#places").queryListView().getItems().stream()
                .anyMatch(p -> ((Places.Place) p).key().equals("@bob"))));
        {
            app.robot.clickOn("#input");
            app.robot.write("thanks @b");
            until(() -> onFx(() -> javafx.stage.Window.getWindows().stream()
                    .filter(w -> w instanceof javafx.stage.Popup && w.isShowing())
                    .anyMatch(w -> ((javafx.stage.Popup) w).getContent().get(0).lookup(".chosen") != null
                            && ((Label) ((javafx.stage.Popup) w).getContent().get(0).lookup(".chosen")).getText()
                                    .equals("@Bob"))));
            app.robot.write("o");
            app.robot.type(javafx.scene.input.KeyCode.TAB);
            until(() -> onFx(() -> app.robot.lookup("#input").queryTextInputControl().getText())
                    .equals("thanks @Bob "));
            app.robot.write("for the review");
            app.robot.type(javafx.scene.input.KeyCode.ENTER);
            until(() -> app.lines().contains("Ann: thanks @Bob for the review"));
        }
    }
}
