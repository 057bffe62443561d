package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.DesktopFixture.onFx;
import static dev.hubbub.desktop.ui.DesktopFixture.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.testing.Browser;
import dev.hubbub.server.testing.ChatPage;
import dev.hubbub.server.testing.RunningServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/** "Ann is typing…" between the app and the page, both ways, against a real server. */
class TypingTest {
    @TempDir
    Path dir;

    private RunningServer server;
    private DesktopFixture app;
    private ChromeDriver browser;

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private String appTyping() {
        return onFx(() -> app.robot.lookup("#typing").queryLabeled().getText());
    }

    @Test
    void eachSeesTheOtherTypingUntilTheMessageArrives() throws Exception {
        server = RunningServer.start(dir.resolve("room"));
        app = DesktopFixture.start(DesktopFixture.config(server.uri("/").toString(), "Ann", dir));
        until(() -> app.statusText().contains("Connected"));
        browser = Browser.start();
        ChatPage bob = new ChatPage(browser).joinAs(server.uri("/"), "Bob");

        app.robot.clickOn("#input");
        app.robot.write("a long thought");
        bob.waitUntil(d -> d.findElement(By.id("typing")).getText().equals("Ann is typing…"));
        app.robot.type(javafx.scene.input.KeyCode.ENTER);
        bob.waitForMessage("Ann: a long thought");
        bob.waitUntil(d -> d.findElement(By.id("typing")).getText().isEmpty());

        browser.findElement(By.id("text")).sendKeys("an answer");
        until(() -> appTyping().equals("Bob is typing…"));
        assertThat(app.lines()).doesNotContain("Bob: an answer");
        // Bob stops without sending: it goes by itself after a few seconds.
        until(() -> appTyping().isEmpty());
        assertThat(onFx(() -> app.robot.lookup("#typing").query().isVisible())).isFalse();
    }
}
