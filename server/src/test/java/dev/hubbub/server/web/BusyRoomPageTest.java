package dev.hubbub.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.testing.Browser;
import dev.hubbub.server.testing.Burst;
import dev.hubbub.server.testing.ChatPage;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/** Hubbub's page in a busy room, in a real Chromium against a real server: a burst of thousands of messages. */
class BusyRoomPageTest {
    /** conversation.js: messages kept while following, and at most in the document. */
    private static final int WINDOW = 500;
    private static final int MAX_SHOWN = 3000;

    @TempDir
    Path dataDir;

    private RunningServer server;
    private ChromeDriver browser;

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void followsABurstToItsLastMessageKeepingABoundedWindowAndLoadsOlderOnScrollingUp() throws Exception {
        server = RunningServer.start(dataDir);
        browser = Browser.start();
        ChatPage page = new ChatPage(browser).joinAs(server.uri("/"), "Ann");

        Burst.post(server.uri("/chat"), 2_500, 16);
        new Http().post(server.uri("/chat"), Http.TEXT, "Bob: the last one");
        page.waitUntil(d -> "the last one".equals(lastText()) && lastInView());
        assertThat(messageIds()).hasSizeLessThanOrEqualTo(WINDOW);
        assertIncreasing(messageIds());

        long oldest = messageIds().get(0);
        for (int load = 1; load <= 3; load++) {
            long before = messageIds().get(0);
            browser.executeScript("document.getElementById('messages').scrollTop = 0;");
            page.waitUntil(d -> messageIds().get(0) < before);
        }
        List<Long> ids = messageIds();
        assertThat(ids.get(0)).isLessThan(oldest);
        assertThat(ids).hasSizeLessThanOrEqualTo(MAX_SHOWN);
        assertIncreasing(ids);
        assertThat(lastInView()).as("reading older messages, not the newest").isFalse();

        new Http().post(server.uri("/chat"), Http.TEXT, "Bob: while you read");
        page.waitUntil(d -> d.findElement(By.id("jump")).isDisplayed());
        assertThat(browser.findElement(By.id("jump")).getText()).isEqualTo("1 new message ↓");
        assertThat(lastInView()).as("the list stays where the reader is").isFalse();

        browser.findElement(By.id("jump")).click();
        page.waitUntil(d -> "while you read".equals(lastText()) && lastInView());
        assertThat(browser.findElement(By.id("jump")).isDisplayed()).isFalse();
    }

    private String lastText() {
        return (String) browser.executeScript("""
                const items = document.querySelectorAll('#messages li[data-id]');
                const last = items[items.length - 1];
                return last ? last.querySelector('.body').textContent : null;""");
    }

    private boolean lastInView() {
        return (Boolean) browser.executeScript("""
                const list = document.getElementById('messages');
                const items = list.querySelectorAll('li[data-id]');
                const last = items[items.length - 1];
                if (!last) return false;
                const item = last.getBoundingClientRect(), view = list.getBoundingClientRect();
                return item.bottom <= view.bottom + 2 && item.top >= view.top - 2;""");
    }

    /**
     * The messages' places in the history, in page order. Ids are opaque to clients; this test knows that the SQLite
     * store's end in its sequence number, and reads it to check the order.
     */
    @SuppressWarnings("unchecked")
    private List<Long> messageIds() {
        return ((List<Object>) browser.executeScript(
                "return [...document.querySelectorAll('#messages li[data-id]')].map(li => li.dataset.id);"))
                .stream().map(id -> Long.parseLong(((String) id).substring(((String) id).lastIndexOf('.') + 1)))
                .toList();
    }

    private static void assertIncreasing(List<Long> ids) {
        for (int i = 1; i < ids.size(); i++) {
            assertThat(ids.get(i)).as("message %d of %d", i, ids.size()).isGreaterThan(ids.get(i - 1));
        }
    }
}
