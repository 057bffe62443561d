package dev.hubbub.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubbub.server.testing.ChatPage;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.PageTest;
import dev.hubbub.server.testing.RunningServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;

/** The browser page in a real headless Chromium, against a real server. */
class BrowserChatTest extends PageTest {
    private static final Duration WAIT = ChatPage.WAIT;

    private static void waitUntil(WebDriver driver, java.util.function.Function<WebDriver, Boolean> condition) {
        new ChatPage(driver).waitUntil(condition);
    }

    private void joinAs(WebDriver driver, String name, String query) {
        new ChatPage(driver).joinAs(server.uri("/" + query), name);
    }

    private static void say(WebDriver driver, String text) {
        new ChatPage(driver).say(text);
    }

    private static List<String> messages(WebDriver driver) {
        return new ChatPage(driver).messages();
    }

    private static void waitForMessage(WebDriver driver, String line) {
        new ChatPage(driver).waitForMessage(line);
    }

    @Test
    void twoPeopleInTwoBrowsersChat() throws Exception {
        server = RunningServer.start(dataDir);
        ChromeDriver ann = browser();
        ChromeDriver bob = browser();
        joinAs(ann, "Ann", "");
        joinAs(bob, "Bob", "");

        say(ann, "Hi Bob!");
        waitForMessage(bob, "Ann: Hi Bob!");
        say(bob, "Hello Ann,");
        waitForMessage(ann, "Bob: Hello Ann,");

        WebElement mine = ann.findElement(By.cssSelector("#messages li[data-id]"));
        assertThat(mine.getAttribute("class")).contains("mine");
        assertThat(mine.findElement(By.tagName("time")).getText()).matches("\\d{1,2}:\\d{2}.*");
        WebElement theirs = ann.findElements(By.cssSelector("#messages li[data-id]")).get(1);
        assertThat(theirs.getAttribute("class")).doesNotContain("mine");
        waitUntil(ann, d -> d.findElement(By.id("online")).getText().contains("Bob"));
        assertThat(ann.findElement(By.id("online")).getText()).contains("Ann");
        assertThat(ann.findElement(By.id("connection")).getText()).isEqualTo("Connected");
    }

    @Test
    void shiftEnterAddsALineAndEnterSends() throws Exception {
        server = RunningServer.start(dataDir);
        ChromeDriver ann = browser();
        joinAs(ann, "Ann", "");
        WebElement box = ann.findElement(By.id("text"));
        box.sendKeys("first line");
        box.sendKeys(Keys.chord(Keys.SHIFT, Keys.ENTER));
        box.sendKeys("second line", Keys.ENTER);
        waitForMessage(ann, "Ann: first line\nsecond line");
    }

    @Test
    void textIsShownAsTextNeverAsHtml() throws Exception {
        server = RunningServer.start(dataDir);
        ChromeDriver ann = browser();
        joinAs(ann, "Ann", "");
        String attack = "<img src=x onerror=\"document.body.dataset.pwned='yes'\"><b>bold?</b>";
        new Http().post(server.uri("/chat"), Http.TEXT, "<script>Eve</script>: " + attack);
        waitForMessage(ann, "<script>Eve</script>: " + attack);
        assertThat(ann.findElements(By.cssSelector("#messages img:not(.avatar), #messages b, #messages script")))
                .isEmpty();
        assertThat(ann.findElement(By.tagName("body")).getAttribute("data-pwned")).isNull();
    }

    @Test
    void aTutorialPageAndHubbubsPageChatWithEachOther() throws Exception {
        server = RunningServer.start(dataDir);
        ChromeDriver tutorial = browser();
        ChromeDriver bob = browser();
        tutorial.get(server.uri("/tutorial.html").toString());
        joinAs(bob, "Bob", "");

        tutorial.findElement(By.id("text")).sendKeys("hello from the tutorial", Keys.ENTER);
        waitForMessage(bob, "Tutorial: hello from the tutorial");
        say(bob, "welcome!");
        waitUntil(tutorial, d -> d.findElement(By.id("log")).getText().contains("Bob: welcome!"));
        assertThat(tutorial.findElement(By.id("log")).getText())
                .isEqualTo("Tutorial: hello from the tutorial\nBob: welcome!");
    }

    @Test
    void eightTabsOfOneBrowserShareOneStreamAndAllReceive() throws Exception {
        eightTabsReceive("");
    }

    @Test
    void eightTabsShareOneStreamWhereWebLocksAreMissingToo() throws Exception {
        eightTabsReceive("?tabs=storage");
    }

    private void eightTabsReceive(String query) throws Exception {
        server = RunningServer.start(dataDir);
        ChromeDriver browser = browser();
        joinAs(browser, "Ann", query);
        List<String> tabs = new ArrayList<>(List.of(browser.getWindowHandle()));
        for (int i = 1; i < 8; i++) {
            browser.switchTo().newWindow(WindowType.TAB);
            browser.get(server.uri("/" + query).toString());
            tabs.add(browser.getWindowHandle());
        }
        for (String tab : tabs) {
            browser.switchTo().window(tab);
            waitUntil(browser, d -> "connected".equals(
                    d.findElement(By.tagName("body")).getAttribute("data-connection")));
        }
        assertThat(server.server().hub().streamCount()).as("one stream for the whole browser").isEqualTo(1);

        new Http().post(server.uri("/chat"), Http.TEXT, "Bob: hello, all eight of you");
        for (String tab : tabs) {
            browser.switchTo().window(tab);
            waitForMessage(browser, "Bob: hello, all eight of you");
        }
        // Any tab can send; every tab sees it once.
        browser.switchTo().window(tabs.get(5));
        say(browser, "from tab six");
        for (String tab : tabs) {
            browser.switchTo().window(tab);
            waitForMessage(browser, "Ann: from tab six");
            assertThat(messages(browser)).containsOnlyOnce("Ann: from tab six");
        }
    }

    @Test
    void whenTheTabHoldingTheStreamClosesAnotherTakesOverWithoutMissingAMessage() throws Exception {
        server = RunningServer.start(dataDir);
        ChromeDriver browser = browser();
        joinAs(browser, "Ann", "");
        String first = browser.getWindowHandle();
        browser.switchTo().newWindow(WindowType.TAB);
        browser.get(server.uri("/").toString());
        String second = browser.getWindowHandle();
        waitUntil(browser, d -> "connected".equals(d.findElement(By.tagName("body")).getAttribute("data-connection")));
        browser.switchTo().window(first);
        assertThat(browser.findElement(By.tagName("body")).getAttribute("data-role")).isEqualTo("leader");

        browser.close();
        new Http().post(server.uri("/chat"), Http.TEXT, "Bob: during the handover");
        browser.switchTo().window(second);
        waitUntil(browser, d -> "leader".equals(d.findElement(By.tagName("body")).getAttribute("data-role")));
        waitForMessage(browser, "Bob: during the handover");
        await().atMost(WAIT).until(() -> server.server().hub().streamCount() == 1);
        new Http().post(server.uri("/chat"), Http.TEXT, "Bob: after it");
        waitForMessage(browser, "Bob: after it");
        assertThat(messages(browser)).containsOnlyOnce("Bob: during the handover");
        Object scrolled = ((JavascriptExecutor) browser).executeScript(
                "const m = document.getElementById('messages'); return m.scrollHeight - m.scrollTop - m.clientHeight;");
        assertThat(((Number) scrolled).intValue()).isLessThan(80);
    }

    @Test
    void thePageWorksUnderItsContentSecurityPolicyWhichStopsInjectedScripts() throws Exception {
        server = RunningServer.start(dataDir);
        ChromeDriver ann = browser();
        ann.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source",
                "window.__violations = [];"
                        + "document.addEventListener('securitypolicyviolation', e => window.__violations.push("
                        + "e.violatedDirective + ' ' + e.blockedURI));"));
        joinAs(ann, "Ann", "");
        say(ann, "hello under a strict policy");
        waitForMessage(ann, "Ann: hello under a strict policy");
        new Http().post(server.uri("/chat"), Http.TEXT, "Bob: and https://example.org/a link");
        waitForMessage(ann, "Bob: and https://example.org/a link");
        assertThat((List<?>) ann.executeScript("return window.__violations;")).isEmpty();

        ann.executeScript("const s = document.createElement('script'); s.textContent = 'window.__ran = 1;';"
                + "document.body.append(s);");
        waitUntil(ann, d -> !((List<?>) ann.executeScript("return window.__violations;")).isEmpty());
        assertThat(ann.executeScript("return window.__ran === undefined;")).isEqualTo(true);
    }

    /**
     * Makes the page's first {@code POST /chat} end as {@code firstAnswer} says (a JavaScript expression over
     * {@code realFetch(url, init)}: the real request, or none); every post's body is kept in {@code __bodies}.
     */
    private static void interceptFirstPost(ChromeDriver page, String firstAnswer) {
        page.executeScript("""
                window.__bodies = [];
                const realFetch = window.fetch;
                window.fetch = (url, init) => {
                  if (init && init.method === 'POST' && url === '/chat') {
                    window.__bodies.push(JSON.parse(init.body));
                    if (window.__bodies.length === 1) return %s;
                  }
                  return realFetch(url, init);
                };""".formatted(firstAnswer));
    }

    @SuppressWarnings("unchecked")
    private static List<java.util.Map<String, Object>> postedBodies(ChromeDriver page) {
        return (List<java.util.Map<String, Object>>) page.executeScript("return window.__bodies;");
    }

    @Test
    void aSendWhoseAnswerIsLostIsTriedAgainWithTheSameClientIdSoTheRoomStoresItOnce() throws Exception {
        server = RunningServer.start(dataDir);
        ChromeDriver ann = browser();
        joinAs(ann, "Ann", "");
        // The first attempt reaches the server, but its answer is lost on the way back: the outbox tries again.
        interceptFirstPost(ann, "realFetch(url, init).then(() => Promise.reject(new TypeError('network error')))");
        say(ann, "sent once, answered once");
        waitUntil(ann, d -> postedBodies(ann).size() == 2);
        waitForMessage(ann, "Ann: sent once, answered once");
        waitUntil(ann, d -> d.findElements(By.cssSelector("#messages li.pending")).isEmpty());
        List<java.util.Map<String, Object>> bodies = postedBodies(ann);
        assertThat(bodies).hasSize(2);
        assertThat(bodies.get(1).get("clientId")).isEqualTo(bodies.get(0).get("clientId"));
        assertThat(messages(ann)).containsOnlyOnce("Ann: sent once, answered once");
    }

    @Test
    void aMessageTheServerRefusesShowsWhyAndRetrySendsItAgainOnce() throws Exception {
        server = RunningServer.start(dataDir);
        ChromeDriver ann = browser();
        joinAs(ann, "Ann", "");
        interceptFirstPost(ann, "Promise.resolve(new Response('the room is resting', { status: 400 }))");
        say(ann, "refused, then sent");
        waitUntil(ann, d -> !d.findElements(By.cssSelector("#messages li.failed button")).isEmpty());
        assertThat(ann.findElement(By.cssSelector("#messages li.failed .state")).getText())
                .startsWith("not sent: the room is resting");
        ann.findElement(By.cssSelector("#messages li.failed button")).click();
        waitForMessage(ann, "Ann: refused, then sent");
        List<java.util.Map<String, Object>> bodies = postedBodies(ann);
        assertThat(bodies).hasSize(2);
        assertThat(bodies.get(1).get("clientId")).isEqualTo(bodies.get(0).get("clientId"));
        assertThat(messages(ann)).containsOnlyOnce("Ann: refused, then sent");
    }
}
