package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.DesktopFixture.onFx;
import static dev.hubbub.desktop.ui.DesktopFixture.until;

import dev.hubbub.server.testing.Browser;
import dev.hubbub.server.testing.ChatPage;
import dev.hubbub.server.testing.RunningServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;

/** End to end: a real headless Chromium on Hubbub's page and the desktop app chat through one server. */
class DesktopAndBrowserChatTest {
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

    @Test
    void thePageAndTheDesktopAppChatWithEachOther() throws Exception {
        server = RunningServer.start(dir.resolve("room"));
        app = DesktopFixture.start(DesktopFixture.config(server.uri("/").toString(), "Ann", dir));
        until(() -> app.statusText().contains("Connected"));
        browser = Browser.start();
        ChatPage bob = new ChatPage(browser).joinAs(server.uri("/"), "Bob");

        app.say("Hi Bob, from the desktop");
        bob.waitForMessage("Ann: Hi Bob, from the desktop");

        bob.say("Hello Ann, from a browser");
        until(() -> app.lines().contains("Bob: Hello Ann, from a browser"));
        until(() -> onFx(() -> app.robot.lookup("#online").queryListView().getItems().contains("Bob")));
        bob.waitUntil(d -> bob.online().contains("Ann"));
    }
}
