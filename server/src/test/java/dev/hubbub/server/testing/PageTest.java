package dev.hubbub.server.testing;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * What the page tests share: a data directory, the server a test starts ({@link #server}) and the Chromiums it
 * opens ({@link #browser}), all closed after it.
 */
public abstract class PageTest {
    @TempDir
    protected Path dataDir;

    protected final List<ChromeDriver> browsers = new ArrayList<>();
    protected RunningServer server;

    @AfterEach
    void closeBrowsersAndServer() {
        browsers.forEach(WebDriver::quit);
        if (server != null) {
            server.close();
        }
    }

    /** A Chromium of its own (one person), closed after the test. */
    protected ChromeDriver browser(String... extraArguments) {
        ChromeDriver driver = Browser.start(extraArguments);
        browsers.add(driver);
        return driver;
    }

    /** A person in a browser of their own, joined at {@code page} under {@code name}. */
    protected ChatPage join(URI page, String name) {
        return new ChatPage(browser()).joinAs(page, name);
    }

    /** The same, at the server's page. */
    protected ChatPage join(String name) {
        return join(server.uri("/"), name);
    }
}
