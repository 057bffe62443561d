package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.DesktopFixture.onFx;
import static dev.hubbub.desktop.ui.DesktopFixture.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.testing.RunningServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.control.MenuButton;
import org.junit.jupiter.api.Test;

/**
 * Exporting from the app: one's own menu offers it, and the conversation shown (a room, then a direct one) is written
 * to the file chosen, as a page and as JSON, with what that person may read and nothing else.
 */
class ExportWindowTest extends WindowTest {

    @Test
    void theConversationShownIsExportedToAFile() throws Exception {
        server = RunningServer.start(dir.resolve("room"));
        String bob = http.claim(server.uri("/"), "Bob");
        String cy = http.claim(server.uri("/"), "Cy");
        app = DesktopFixture.start(DesktopFixture.config(server.uri("/").toString(), "Ann", dir));
        until(() -> app.statusText().contains("Connected"));
        http.send(bob, "POST", server.uri("/chat"), "{\"text\":\"for everyone\"}");
        http.send(cy, "POST", server.uri("/chat"), "{\"to\":\"Bob\",\"text\":\"between Cy and Bob\"}");
        http.send(bob, "POST", server.uri("/chat"), "{\"to\":\"Ann\",\"text\":\"just for Ann\"}");
        until(() -> app.lines().contains("Bob: for everyone"));
        assertThat(onFx(() -> app.robot.lookup("#my-status").queryAs(MenuButton.class).getItems().stream()
                .anyMatch(item -> "export".equals(item.getId())))).isTrue();

        Path page = dir.resolve("general.html");
        AtomicReference<String> reason = new AtomicReference<>("waiting");
        onFx(() -> {
            session().export("html", page, reason::set);
            return null;
        });
        until(() -> reason.get() == null);
        assertThat(Files.readString(page)).startsWith("<!doctype html>").contains("for everyone")
                .doesNotContain("just for Ann").doesNotContain("between Cy and Bob");

        onFx(() -> {
            session().writeTo("Bob");
            return null;
        });
        until(() -> onFx(() -> session().places().active()).startsWith("@"));
        Path json = dir.resolve("bob.json");
        reason.set("waiting");
        onFx(() -> {
            session().export("json", json, reason::set);
            return null;
        });
        until(() -> reason.get() == null);
        assertThat(Files.readString(json)).contains("just for Ann").doesNotContain("between Cy and Bob")
                .doesNotContain("for everyone");
    }
}
