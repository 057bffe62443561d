package dev.hubbub.bench.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.ScriptTimeoutException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Hubbub's page in a real headless Chromium (Debian's, through its own chromedriver), watched from inside: a timer
 * in the page notes the wall-clock moment the awaited message is the last one in the list and inside its visible
 * area. Reads the DOM's size and, after a forced GC, the JavaScript heap through the DevTools protocol.
 */
final class PageWatcher implements AutoCloseable {
    private static final String PROBE = """
            window.__probe = { target: null, seenAt: -1 };
            setInterval(() => {
              const probe = window.__probe;
              if (probe.target === null || probe.seenAt >= 0) return;
              const list = document.getElementById('messages');
              const last = list.lastElementChild;
              const body = last && last.querySelector('.body');
              if (!body || body.textContent !== probe.target) return;
              const item = last.getBoundingClientRect(), view = list.getBoundingClientRect();
              if (item.bottom > view.top && item.top < view.bottom) probe.seenAt = Date.now();
            }, 10);
            """;

    private final ChromeDriver driver;

    private PageWatcher(ChromeDriver driver) {
        this.driver = driver;
    }

    static PageWatcher open(URI page, String name) {
        Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE);
        Path profile;
        try {
            profile = Files.createTempDirectory("hubbub-bench-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--window-size=1100,800", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        driver.get(page.toString());
        // Signs in as a person would: the name in the page's first dialog.
        long asked = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Boolean.TRUE.equals(driver.executeScript(
                "const input = document.getElementById('name-input');"
                        + "if (!input || !document.getElementById('name-dialog').open) return false;"
                        + "input.value = arguments[0]; input.form.requestSubmit(); return true;", name))) {
            if (System.nanoTime() > asked) {
                throw new IllegalStateException("the page did not ask for a name within 30 s");
            }
            sleep(50);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"connected".equals(driver.executeScript("return document.body.dataset.connection"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the page did not connect within 30 s");
            }
            sleep(50);
        }
        driver.executeScript(PROBE);
        return new PageWatcher(driver);
    }

    void await(String text) {
        driver.executeScript("window.__probe.target = arguments[0];", text);
    }

    /** When the awaited message was on screen (wall-clock milliseconds), or -1 if not within {@code timeout}. */
    long seenAt(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                long seenAt = ((Number) driver.executeScript("return window.__probe.seenAt;")).longValue();
                if (seenAt >= 0) {
                    return seenAt;
                }
            } catch (ScriptTimeoutException busy) {
                // the page's thread is still digesting the burst: ask again
            }
            sleep(100);
        }
        return -1;
    }

    /** Message elements, all elements, and JS heap bytes after a forced GC; -1s when the page does not answer. */
    long[] stats() {
        try {
            return readStats();
        } catch (ScriptTimeoutException busy) {
            return new long[] {-1, -1, -1};
        }
    }

    @SuppressWarnings("unchecked")
    private long[] readStats() {
        long messages = ((Number) driver.executeScript(
                "return document.querySelectorAll('#messages > li').length;")).longValue();
        long elements = ((Number) driver.executeScript(
                "return document.getElementsByTagName('*').length;")).longValue();
        driver.executeCdpCommand("HeapProfiler.collectGarbage", Map.of());
        driver.executeCdpCommand("Performance.enable", Map.of());
        Map<String, Object> result = driver.executeCdpCommand("Performance.getMetrics", Map.of());
        long heap = -1;
        for (Map<String, Object> metric : (List<Map<String, Object>>) result.get("metrics")) {
            if ("JSHeapUsedSize".equals(metric.get("name"))) {
                heap = ((Number) metric.get("value")).longValue();
            }
        }
        return new long[] {messages, elements, heap};
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
