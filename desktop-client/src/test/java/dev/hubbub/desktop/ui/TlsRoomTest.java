package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.DesktopFixture.onFx;
import static dev.hubbub.desktop.ui.DesktopFixture.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.ServerConfig;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Joining a room served with {@code hubbub serve --tls} and the certificate it made itself: the app shows the
 * fingerprint, joins once the user trusts it, remembers it, and refuses the room when its certificate changes.
 */
class TlsRoomTest extends WindowTest {


    private RunningServer tlsServer(Path data, int port) throws Exception {
        return RunningServer.start(data, c -> c.with(b -> b.port(port).tls(new ServerConfig.Tls(true, null, null))));
    }

    private String problem() {
        return onFx(() -> app.robot.lookup("#problem").queryLabeled().getText());
    }

    private void join(String address) {
        onFx(() -> {
            app.robot.lookup("#server").queryAs(javafx.scene.control.TextField.class).clear();
            return null;
        });
        app.robot.clickOn("#server").write(address);
        app.robot.clickOn("#join");
    }

    @Test
    void aSelfSignedRoomIsJoinedOnceTrustedAndRefusedWhenItsCertificateChanges() throws Exception {
        server = tlsServer(dir.resolve("first"), 0);
        int port = server.port();
        String fingerprint = server.server().certificateFingerprint().orElseThrow();
        String address = "https://127.0.0.1:" + port + "/";
        app = DesktopFixture.start(DesktopFixture.config(null, "Ann", dir));

        join(address);
        until(() -> problem().contains(fingerprint));
        assertThat(problem()).contains("uses a certificate of its own");
        until(() -> app.robot.lookup("#offer").queryButton().isVisible());
        app.robot.clickOn("#offer");
        until(() -> app.statusText().contains("Connected"));
        new Http(Http.trustingGeneratedCertificate(dir.resolve("first")))
                .post(server.uri("/chat"), Http.TEXT, "Bob: over TLS");
        until(() -> app.lines().contains("Bob: over TLS"));

        // Another server takes the port with a certificate of its own: someone posing as the room.
        server.close();
        server = tlsServer(dir.resolve("impostor"), port);
        until(() -> app.statusText().contains("has CHANGED"));
        assertThat(app.statusText()).doesNotContain("Connected");

        app.robot.clickOn("#leave");
        join(address);
        until(() -> problem().contains("has CHANGED"));
        assertThat(onFx(() -> app.robot.lookup("#offer").queryButton().isVisible())).isFalse();
    }
}
