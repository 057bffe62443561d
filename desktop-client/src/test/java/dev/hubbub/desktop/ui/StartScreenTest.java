package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.DesktopFixture.onFx;
import static dev.hubbub.desktop.ui.DesktopFixture.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.desktop.DesktopConfig;
import dev.hubbub.desktop.Settings;
import dev.hubbub.desktop.lan.DiscoveryTest;
import dev.hubbub.server.lan.Announcer;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import javafx.scene.control.Labeled;
import javafx.scene.image.ImageView;
import org.junit.jupiter.api.Test;

/** The first screen: name, join, host; and that the app remembers the choices. */
class StartScreenTest extends WindowTest {


    private String problem() {
        return onFx(() -> app.robot.lookup("#problem").queryLabeled().getText());
    }

    @Test
    void aFirstRunAsksForANameAndARoomThenRemembersThem() throws Exception {
        server = RunningServer.start(dir.resolve("room"));
        app = DesktopFixture.start(DesktopFixture.config(null, null, dir));
        app.robot.clickOn("#join");
        until(() -> problem().equals("Your name is empty."));

        app.robot.clickOn("#name").write("Ann");
        app.robot.clickOn("#server").write(server.uri("/").toString());
        app.robot.clickOn("#join");
        until(() -> app.statusText().contains("Connected"));

        Settings settings = new Settings(dir.resolve("config"));
        assertThat(settings.name()).contains("Ann");
        assertThat(settings.lastServer()).contains(server.uri("/").toString());

        app.close();
        app = DesktopFixture.start(DesktopFixture.config(null, null, dir));
        assertThat(onFx(() -> app.robot.lookup("#name").queryTextInputControl().getText())).isEqualTo("Ann");
        assertThat(onFx(() -> app.robot.lookup("#server").queryTextInputControl().getText()))
                .isEqualTo(server.uri("/").toString());
    }

    @Test
    void aBadNameFromTheCommandLineIsExplainedOnTheStartScreen() throws Exception {
        // The name field itself drops control characters as they are typed; --name does not.
        app = DesktopFixture.start(DesktopFixture.config("127.0.0.1:9", "An\u0007n", dir));
        until(() -> app.robot.lookup("#problem").tryQuery().isPresent());
        until(() -> problem().equals("Your name contains a control character (U+0007)."));
    }

    @Test
    void aRoomOnTheNetworkIsListedAndJoinedWithADoubleClick() throws Exception {
        server = RunningServer.start(dir.resolve("room"), c -> c.with(b -> b.host(null)));
        InetAddress lan = DiscoveryTest.lanAddress();
        try (Announcer announcer = Announcer.on(List.of(lan), "Room Next Door", server.port(), false, "test")) {
            app = DesktopFixture.start(DesktopFixture.config(null, "Ann", dir));
            until(() -> app.robot.lookup("#discovered").queryListView().getItems().size() == 1);
            until(() -> onFx(() -> app.robot.lookup("#discovery-state").queryLabeled().getText())
                    .equals("Rooms on your network:"));
            app.robot.doubleClickOn("Room Next Door  —  http://" + lan.getHostAddress() + ":" + server.port() + "/");
            until(() -> app.statusText().contains("Connected"));
            until(() -> app.robot.lookup("#room-name").queryLabeled().getText().equals("Test room"));
        }
    }

    @Test
    void hostingStartsARoomHereShowsWhereToJoinAndJoinsIt() throws Exception {
        app = DesktopFixture.start(DesktopFixture.config(null, "Ann", dir));
        app.robot.clickOn("#host");
        until(() -> app.statusText().contains("Connected"));
        assertThat(app.robot.lookup("#host-panel").tryQuery()).isPresent();
        ImageView qr = app.robot.lookup("#qr").queryAs(ImageView.class);
        assertThat(onFx(() -> qr.getImage().getWidth())).isGreaterThan(100);
        String lanUrl = onFx(() -> app.robot.lookup(".lan-url").queryTextInputControl().getText());
        assertThat(lanUrl).matches("http://.+:\\d+/");

        // Someone else joins through the address shown.
        URI others = URI.create(lanUrl);
        new Http().post(others.resolve("/chat"), Http.TEXT, "Bob: found you");
        until(() -> app.lines().contains("Bob: found you"));

        app.robot.clickOn("#leave");
        until(() -> app.robot.lookup("#host").tryQuery().isPresent());
    }

    @Test
    void whenThePortIsTakenItSaysSoAndOffersAnother() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
            int port = taken.getLocalPort();
            app = DesktopFixture.start(new DesktopConfig(null, "Ann", dir.resolve("config"), dir.resolve("data"),
                    port));
            app.robot.clickOn("#host");
            until(() -> problem().equals("Port " + port + " is in use by another program."));
            until(() -> app.robot.lookup("#other-port").queryButton().isVisible());
            String offer = onFx(() -> ((Labeled) app.robot.lookup("#other-port").query()).getText());
            assertThat(offer).matches("Host on port \\d+ instead");
            app.robot.clickOn("#other-port");
            until(() -> app.statusText().contains("Connected"));
        }
    }

    @Test
    void hostingWhileARoomIsServedFromTheSameDataOffersToJoinItInsteadOfASecondServer() throws Exception {
        server = RunningServer.start(dir.resolve("data"));
        app = DesktopFixture.start(new DesktopConfig(null, "Ann", dir.resolve("config"), dir.resolve("data"), 0));
        app.robot.clickOn("#host");
        until(() -> problem().equals("A Hubbub room is already running on this computer, at localhost:"
                + server.port() + "."));
        until(() -> app.robot.lookup("#offer").queryButton().isVisible());
        app.robot.clickOn("#offer");
        until(() -> app.statusText().contains("Connected"));
        new Http().post(server.uri("/chat"), Http.TEXT, "Bob: one room, one database");
        until(() -> app.lines().contains("Bob: one room, one database"));
    }
}
