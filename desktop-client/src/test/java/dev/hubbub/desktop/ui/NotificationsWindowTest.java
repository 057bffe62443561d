package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.DesktopFixture.onFx;
import static dev.hubbub.desktop.ui.DesktopFixture.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import javafx.scene.Node;
import javafx.scene.control.ListCell;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

/**
 * Notifications in the app, through its real code path: this headless desktop has no notification area, so the app
 * says so once and shows them at the top of its window; clicking one goes to the message. A muted place raises
 * nothing and leaves the window title.
 */
class NotificationsWindowTest extends WindowTest {
    private String bob;


    private void bobSays(String json) throws Exception {
        Http.Reply reply = http.send(new Request.Builder().url(server.uri("/chat").toString())
                .header("Authorization", "Bearer " + bob).post(RequestBody.create(json, Http.JSON)).build());
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    }

    private String banner() {
        return onFx(() -> app.robot.lookup("#notification").tryQuery()
                .filter(n -> n.getParent().isVisible())
                .map(n -> ((javafx.scene.control.Labeled) n).getText()).orElse(""));
    }

    @SuppressWarnings("unchecked")
    private Node place(String key) {
        return onFx(() -> app.robot.lookup("#places .list-cell").queryAll().stream()
                .filter(n -> ((ListCell<Places.Place>) n).getItem() != null
                        && ((ListCell<Places.Place>) n).getItem().key().equals(key))
                .findFirst().orElseThrow());
    }

    @Test
    void whatIsForTheReaderIsShownAtTheTopOfTheWindowAndGoesToItsMessageAndAMutedPlaceRaisesNothing()
            throws Exception {
        server = RunningServer.start(dir.resolve("room"));
        Http.Reply claimed = http.post(server.uri("/session"), Http.JSON, "{\"name\":\"Bob\"}");
        bob = ChatJson.mapper().readTree(claimed.body()).get("token").asText();
        app = DesktopFixture.start(DesktopFixture.config(server.uri("/").toString(), "Ann", dir));
        until(() -> app.statusText().contains("Connected"));
        until(() -> banner().startsWith("Notifications appear here: This desktop has no notification area"));

        bobSays("{\"text\":\"@Ann you are on screen\"}");
        until(() -> app.lines().contains("Bob: @Ann you are on screen"));
        bobSays("{\"to\":\"Ann\",\"text\":\"are you free at three?\"}");
        until(() -> banner().equals("Bob (direct message): are you free at three?"));
        app.robot.clickOn("#notification");
        until(() -> onFx(() -> session().places().active()).equals("@bob"));
        until(() -> onFx(() -> app.messages().getSelectionModel().getSelectedItem() != null
                && app.messages().getSelectionModel().getSelectedItem().text().equals("are you free at three?")));

        bobSays("{\"text\":\"lunch, anyone?\"}");
        bobSays("{\"text\":\"@Ann the build is green\"}");
        until(() -> banner().equals("Bob mentioned you in # General: @Ann the build is green"));
        until(() -> app.stage.getTitle().startsWith("(2) "));

        // Mute general: its count leaves the title and its mentions raise nothing.
        app.contextMenu(place("general"));
        until(() -> !app.robot.lookup("#notify-none").queryAll().isEmpty());
        app.robot.clickOn("#notify-none");
        until(() -> onFx(() -> session().notifications().isMuted("general")));
        until(() -> !app.stage.getTitle().startsWith("("));
        app.robot.clickOn("#notification-close");
        bobSays("{\"text\":\"@Ann muted now\"}");
        bobSays("{\"to\":\"Ann\",\"text\":\"marker\"}");
        until(() -> app.lines().contains("Bob: marker"));
        assertThat(banner()).as("a direct message in the place shown, in a focused window, raises nothing; "
                + "the muted room's mention neither").isEmpty();
        assertThat(onFx(() -> session().places().places().stream()
                .filter(p -> p.key().equals("general")).findFirst().orElseThrow().unread())).isEqualTo(3);
        assertThat(app.stage.getTitle()).doesNotStartWith("(");

        // A banner goes by itself after a few seconds (not while the pointer is on it).
        app.robot.moveTo("#input");
        onFx(() -> {
            ((ChatView) app.robot.lookup("#messages").query().getProperties().get(ChatView.class))
                    .banner(new Notifications.Alert("Cy", "going by itself", "general", null), alert -> { });
            return null;
        });
        until(() -> banner().equals("Cy: going by itself"));
        long shown = System.nanoTime();
        until(() -> banner().isEmpty());
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - shown))
                .isGreaterThan(java.time.Duration.ofSeconds(5));
    }


}
