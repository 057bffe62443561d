package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.DesktopFixture.onFx;
import static dev.hubbub.desktop.ui.DesktopFixture.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.Draft;
import dev.hubbub.server.testing.Events;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.stream.IntStream;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;

/** The chat window, rendered for real (headless), against a real server on a free port. */
class ChatWindowTest extends WindowTest {


    private void startServer(int port) throws Exception {
        server = RunningServer.start(dir.resolve("room"), c -> c.with(b -> b.port(port)));
    }

    private void openAs(String name) throws Exception {
        app = DesktopFixture.start(DesktopFixture.config(server.uri("/").toString(), name, dir));
        until(() -> app.statusText().contains("Connected"));
    }

    @Test
    void typingAndSendingShowsTheMessageOnceTheServerAcknowledgedIt() throws Exception {
        startServer(0);
        openAs("Ann");
        app.say("hello from the desktop");
        until(() -> app.items().stream().anyMatch(i -> i.text().equals("hello from the desktop")
                && i.delivery() == MessageItem.Delivery.SENT && i.id() != null));
        assertThat(app.lines()).containsExactly("Ann: hello from the desktop");
        MessageItem mine = app.items().get(0);
        assertThat(mine.mine()).isTrue();
        assertThat(mine.time()).isNotNull();
        assertThat(onFx(() -> ((Stage) app.stage).getTitle())).isEqualTo("Test room — Hubbub");
    }

    @Test
    void shiftEnterAddsALineAndEnterSends() throws Exception {
        startServer(0);
        openAs("Ann");
        app.robot.clickOn("#input").write("first");
        app.robot.press(KeyCode.SHIFT).type(KeyCode.ENTER).release(KeyCode.SHIFT);
        app.robot.write("second").type(KeyCode.ENTER);
        until(() -> app.lines().contains("Ann: first\nsecond"));
    }

    @Test
    void aMessagePostedByAnotherClientAppears() throws Exception {
        startServer(0);
        openAs("Ann");
        new Http().post(server.uri("/chat"), Http.TEXT, "Bob: hi Ann, see https://example.org/x");
        until(() -> app.lines().contains("Bob: hi Ann, see https://example.org/x"));
        assertThat(app.items().get(0).mine()).isFalse();
        until(() -> app.robot.lookup(".hyperlink").tryQuery().isPresent());
    }

    @Test
    void aServerRestartedMidConversationIsRejoinedWithNoGapAndNoDuplicate() throws Exception {
        startServer(0);
        int port = server.port();
        openAs("Ann");
        Http http = new Http();
        for (int i = 1; i <= 3; i++) {
            http.post(server.uri("/chat"), Http.TEXT, "Bob: before " + i);
        }
        until(() -> app.lines().size() == 3);
        server.close();
        until(() -> app.statusText().startsWith("Offline"));
        until(() -> app.statusText().contains("refused the connection"));

        startServer(port);
        for (int i = 1; i <= 3; i++) {
            http.post(server.uri("/chat"), Http.TEXT, "Bob: after " + i);
        }
        until(() -> app.lines().size() == 6);
        assertThat(app.lines()).containsExactly("Bob: before 1", "Bob: before 2", "Bob: before 3",
                "Bob: after 1", "Bob: after 2", "Bob: after 3");
        assertThat(app.items()).extracting(i -> Ids.seq(i.id())).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        until(() -> app.statusText().contains("Connected"));
    }

    @Test
    void aLineTypedWhileTheServerIsDownIsSentWhenItReturns() throws Exception {
        startServer(0);
        int port = server.port();
        openAs("Ann");
        server.close();
        until(() -> app.statusText().startsWith("Offline"));

        app.say("typed while offline");
        until(() -> app.items().stream().anyMatch(i -> i.delivery() == MessageItem.Delivery.PENDING));

        startServer(port);
        until(() -> app.items().stream().anyMatch(i -> i.text().equals("typed while offline")
                && i.delivery() == MessageItem.Delivery.SENT && i.id() != null));
        assertThat(app.lines()).containsExactly("Ann: typed while offline");
        assertThat(server.server().hub().online()).contains("Ann");
    }

    @Test
    void aMessageTheServerRefusesIsShownAsFailedWithTheReason() throws Exception {
        // The app checks a message's text itself, so let the server refuse by rate: one post, then no more.
        server = RunningServer.start(dir.resolve("room"), c -> c.with(b -> b.limits(l -> l.postRate(0.001, 1))));
        openAs("Ann");
        app.say("one");
        until(() -> app.lines().contains("Ann: one") && app.items().get(0).delivery() == MessageItem.Delivery.SENT);
        app.say("two");
        until(() -> app.items().stream().anyMatch(i -> i.delivery() == MessageItem.Delivery.FAILED));
        MessageItem failed = app.items().stream().filter(i -> i.delivery() == MessageItem.Delivery.FAILED)
                .findFirst().orElseThrow();
        assertThat(failed.problem()).startsWith("too many messages from 127.0.0.1");
        assertThat(app.robot.lookup(".retry").tryQuery()).isPresent();
    }

    @Test
    void aTooLongMessageIsNotSentAndTheReasonIsShown() throws Exception {
        startServer(0);
        openAs("Ann");
        String tooLong = "x".repeat(Draft.MAX_TEXT + 1);
        app.robot.interact(() -> app.robot.lookup("#input").queryTextInputControl().setText(tooLong));
        app.robot.clickOn("#send");
        until(() -> app.robot.lookup("#problem").queryLabeled().isVisible());
        assertThat(onFx(() -> app.robot.lookup("#problem").queryLabeled().getText()))
                .isEqualTo("Not sent: text is longer than 4000 characters (4001).");
        assertThat(app.items()).isEmpty();
    }

    @Test
    void aRefusedConnectionShowsAReadableError() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        app = DesktopFixture.start(DesktopFixture.config("127.0.0.1:" + closed, "Ann", dir));
        until(() -> app.statusText().startsWith("Offline"));
        assertThat(app.statusText()).startsWith("Offline — 127.0.0.1:" + closed
                + " refused the connection. Is Hubbub running there? Trying again in");
    }

    @Test
    void aBadAddressIsExplainedOnTheStartScreen() throws Exception {
        app = DesktopFixture.start(DesktopFixture.config("ftp://files.example", "Ann", dir));
        until(() -> app.robot.lookup("#problem").tryQuery().isPresent());
        assertThat(onFx(() -> app.robot.lookup("#problem").queryLabeled().getText()))
                .isEqualTo("“ftp://files.example” is not an http:// or https:// address.");
    }

    @Test
    void aThousandMessagesArriveOnceAndInOrder() throws Exception {
        startServer(0);
        openAs("Ann");
        Thread burst = new Thread(() -> IntStream.rangeClosed(1, 1000).forEach(
                i -> Events.say(server.server().hub(), "Bob", "burst " + i)));
        burst.start();
        burst.join();
        until(() -> app.items().size() == 1000);
        List<String> lines = app.lines();
        assertThat(lines.get(0)).isEqualTo("Bob: burst 1");
        assertThat(lines.get(999)).isEqualTo("Bob: burst 1000");
        assertThat(lines).doesNotHaveDuplicates();
    }

    @Test
    void theRoomsNameAndWhoIsOnlineAreShown() throws Exception {
        startServer(0);
        openAs("Ann");
        until(() -> app.robot.lookup("#room-name").queryLabeled().getText().equals("Test room"));
        until(() -> app.robot.lookup("#online").queryListView().getItems().contains("Ann"));
    }
}
