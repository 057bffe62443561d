package dev.hubbub.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.testing.Browser;
import dev.hubbub.server.testing.ChatPage;
import dev.hubbub.server.testing.RunningServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The page's message window (conversation.js) in a real Chromium, fed directly: a room's history of 10,000
 * messages in the page's memory stands in for {@code GET /chat/history}, so the test can drive the window past its
 * bounds (detached from the newest, and back) in seconds.
 */
class MessageWindowTest {
    /** Run as an async script: its last argument is the callback that says it is ready. */
    private static final String HARNESS = """
            const ready = arguments[arguments.length - 1];
            const { MessageWindow } = await import('/conversation.js');
            document.body.replaceChildren();
            const list = document.createElement('ol');
            list.className = 'messages';
            list.style.cssText = 'height: 400px; flex: none';
            const jump = document.createElement('button');
            jump.hidden = true;
            document.body.append(list, jump);
            const room = [];
            window.say = (count) => {
              const messages = [];
              for (let i = 0; i < count; i++) {
                const id = room.length + 1;
                const message = { id, author: 'Poster', text: 'message ' + id,
                                  sentAt: new Date(Date.UTC(2026, 10, 1) + id * 60000).toISOString() };
                room.push(message);
                messages.push(message);
              }
              return messages;
            };
            const history = async (q) => {
              let from, to;
              if (q.before !== undefined) { to = q.before - 1; from = Math.max(0, to - q.limit); }
              else if (q.after !== undefined) { from = q.after; to = Math.min(room.length, from + q.limit); }
              else { to = room.length; from = Math.max(0, to - q.limit); }
              // A server's page stops at its bytes: fewer than asked for, the nearest to where it reads.
              const cap = window.pageCap ?? Infinity;
              if (q.after !== undefined) to = Math.min(to, from + cap); else from = Math.max(from, to - cap);
              const more = q.after !== undefined ? to < room.length : from > 0;
              return { epoch: 'e', messages: room.slice(from, to), more };
            };
            window.w = new MessageWindow(list, jump,
                { isMine: () => false, history, onArrived: () => {} });
            window.ids = () => [...list.querySelectorAll('li[data-id]')].map(li => Number(li.dataset.id));
            window.list = list;
            window.jump = jump;
            ready(true);
            """;

    @TempDir
    Path dataDir;

    private RunningServer server;
    private ChromeDriver browser;
    private ChatPage page;

    @BeforeEach
    void open() throws Exception {
        server = RunningServer.start(dataDir);
        browser = Browser.start();
        browser.get(server.uri("/").toString());
        browser.executeAsyncScript("(async function () {" + HARNESS + "}).apply(null, arguments);");
        page = new ChatPage(browser);
    }

    @AfterEach
    void stop() {
        browser.quit();
        server.close();
    }

    @Test
    void aReaderFarUpIsLeftAloneByABurstAndJumpsBackToTheNewest() {
        js("window.say(10000).forEach(m => w.add(m));");
        page.waitUntil(d -> lastId() == 10_000);
        assertThat(ids()).hasSize(500).startsWith(9_501L);

        // Scroll up page after page: older messages load, the window holds at most 3000.
        for (int i = 0; i < 30 && ids().get(0) > 7_001; i++) {
            long first = ids().get(0);
            js("list.scrollTop = 0;");
            page.waitUntil(d -> ids().get(0) < first);
        }
        assertThat(ids().size()).isLessThanOrEqualTo(3000);
        assertThat(ids().get(0)).isLessThanOrEqualTo(7_001L);

        // Keep scrolling: the newest end leaves the document (detached), the window stays bounded.
        for (int i = 0; i < 10; i++) {
            long first = ids().get(0);
            js("list.scrollTop = 0;");
            page.waitUntil(d -> ids().get(0) < first);
        }
        assertThat(ids().size()).isLessThanOrEqualTo(3000);
        assertThat(lastId()).isLessThan(10_000L);
        assertIncreasing(ids());

        // A burst while the reader is up there: nothing moves, the count says what is waiting.
        long firstShown = ids().get(0);
        js("window.say(2000).forEach(m => w.add(m));");
        page.waitUntil(d -> "2,000 new messages ↓".equals(js("return jump.hidden ? null : jump.textContent;")));
        assertThat(ids().get(0)).isEqualTo(firstShown);
        assertThat(ids().size()).isLessThanOrEqualTo(3000);

        js("jump.click();");
        page.waitUntil(d -> lastId() == 12_000);
        assertThat(ids().size()).isLessThanOrEqualTo(500);
        assertIncreasing(ids());
        assertThat((Boolean) js("return jump.hidden;")).isTrue();
    }

    @Test
    void scrollingBackDownADetachedWindowLoadsNewerUntilItIsLiveAgain() {
        js("window.say(4000).forEach(m => w.add(m));");
        page.waitUntil(d -> lastId() == 4_000);
        while (ids().get(0) > 1) {
            long first = ids().get(0);
            js("list.scrollTop = 0;");
            page.waitUntil(d -> ids().get(0) < first);
        }
        assertThat(lastId()).as("detached: the newest left the document").isLessThan(4_000L);
        page.waitUntil(d -> "This is the beginning of the conversation.".equals(
                js("return list.firstElementChild.textContent;")));

        js("window.say(5).forEach(m => w.add(m));");
        for (int i = 0; i < 20 && lastId() < 4_005; i++) {
            long last = lastId();
            js("list.scrollTop = list.scrollHeight;");
            page.waitUntil(d -> lastId() > last);
        }
        assertThat(lastId()).isEqualTo(4_005L);
        assertThat(ids().size()).isLessThanOrEqualTo(3000);
        assertIncreasing(ids());
        js("window.say(1).forEach(m => w.add(m)); list.scrollTop = list.scrollHeight;");
        page.waitUntil(d -> lastId() == 4_006);
    }

    @Test
    void pagesCutShortByTheirBytesStillPageBackToTheBeginningWithNothingMissed() {
        js("window.say(600).forEach(m => w.add(m)); window.pageCap = 9;");
        page.waitUntil(d -> lastId() == 600);
        for (int i = 0; i < 30 && ids().get(0) > 1; i++) {
            long first = ids().get(0);
            js("list.scrollTop = 0;");
            page.waitUntil(d -> ids().get(0) < first);
        }
        assertThat(ids()).isEqualTo(java.util.stream.LongStream.rangeClosed(1, 600).boxed().toList());
        page.waitUntil(d -> "This is the beginning of the conversation.".equals(
                js("return list.firstElementChild.textContent;")));
    }

    @Test
    void messagesArrivingTwiceAreShownOnceInTheOrderTheServerSentThem() {
        js("""
                const m = window.say(5);
                [m[0], m[1], m[0], m[2], m[3], m[1], m[4]].forEach(x => w.add(x));""");
        page.waitUntil(d -> ids().size() == 5);
        assertThat(ids()).containsExactly(1L, 2L, 3L, 4L, 5L);
        js("w.add({ id: 7, author: 'A', text: 'seven', sentAt: new Date().toISOString() });");
        page.waitUntil(d -> ids().size() == 6);
        assertThat((Long) js("return list.querySelectorAll('li.day').length;"))
                .as("a divider for the first day, one for today").isEqualTo(2L);
    }

    private Object js(String script) {
        return browser.executeScript(script);
    }

    @SuppressWarnings("unchecked")
    private List<Long> ids() {
        return ((List<Object>) js("return ids();")).stream().map(id -> ((Number) id).longValue()).toList();
    }

    private long lastId() {
        List<Long> ids = ids();
        return ids.isEmpty() ? 0 : ids.get(ids.size() - 1);
    }

    private static void assertIncreasing(List<Long> ids) {
        for (int i = 1; i < ids.size(); i++) {
            assertThat(ids.get(i)).as("message %d of %d", i, ids.size()).isGreaterThan(ids.get(i - 1));
        }
    }
}
