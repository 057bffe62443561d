package dev.hubbub.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import dev.hubbub.server.testing.ChatPage;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.PageTest;
import dev.hubbub.server.testing.RunningServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * axe-core (Deque's, the checker behind most accessibility audits) over every view of the page, in light and dark:
 * WCAG 2.1 A and AA, no serious or critical violation anywhere. One server and one browser for all views.
 */
class AccessibilityPageTest extends PageTest {
    private static final List<String> WCAG_21_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");
    private final Http http = new Http();
    private final List<String> problems = new ArrayList<>();

    /** Runs axe over the page as it is now; what is serious or critical is kept, with the view's name. */
    private void check(ChatPage page, String view) {
        Results results = new AxeBuilder().withTags(WCAG_21_AA).analyze(page.driver());
        assertThat(results.getErrorMessage()).as("axe ran in " + view).isNull();
        for (Rule rule : results.getViolations()) {
            if (!"serious".equals(rule.getImpact()) && !"critical".equals(rule.getImpact())) {
                continue;
            }
            for (CheckedNode node : rule.getNodes()) {
                problems.add(view + ": " + rule.getId() + " (" + rule.getImpact() + ") at " + node.getTarget()
                        + ": " + node.getFailureSummary().replace('\n', ' '));
            }
        }
    }

    /** Checks {@code view} in the light scheme and in the dark one. */
    private void checkBoth(ChatPage page, String view) {
        check(page, view + " (light)");
        dark(page, true);
        check(page, view + " (dark)");
        dark(page, false);
    }

    private static void dark(ChatPage page, boolean dark) {
        ((ChromeDriver) page.driver()).executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", dark ? "dark" : "light"))));
    }

    @SuppressWarnings("unchecked")
    private static List<String> said(ChromeDriver browser) {
        return (List<String>) browser.executeScript("return window.__said;");
    }

    /** How many messages an announcement stands for: "12 new messages from Bob" 12, "Bob: …" one. */
    private static int messagesIn(String sentence) {
        java.util.regex.Matcher many = java.util.regex.Pattern.compile("^(\\d+) new messages").matcher(sentence);
        return many.find() ? Integer.parseInt(many.group(1)) : 1;
    }

    private static WebElement message(ChatPage page, String text) {
        By item = By.xpath("//ol[@id='messages']/li[@data-id][.//div[contains(@class,'body')][contains(., '"
                + text + "')]]");
        page.waitUntil(d -> !d.findElements(item).isEmpty());
        return page.driver().findElement(item);
    }

    @Test
    void everyViewHasNoSeriousOrCriticalViolationInLightAndDark() throws Exception {
        server = RunningServer.start(dataDir);
        String bob = http.claim(server.uri("/"), "Bob");
        http.makeRoom(server.uri("/"), "Cy", "Design");
        http.send(bob, "PUT", server.uri("/profile/status"), "{\"state\":\"away\",\"text\":\"lunch\",\"emoji\":\"🍔\"}");

        ChromeDriver browser = browser();
        ChatPage ann = new ChatPage(browser);
        browser.get(server.uri("/?host=" + server.server().hostToken()).toString());
        ann.waitUntil(d -> d.findElement(By.id("name-input")).isDisplayed());
        checkBoth(ann, "the name question");
        browser.findElement(By.id("name-input")).sendKeys("Ann", Keys.ENTER);
        ann.waitUntilConnected();
        ann.waitUntil(d -> d.findElement(By.id("host-panel")).isDisplayed());

        http.send(bob, "POST", server.uri("/chat"), "{\"room\":\"general\",\"text\":\"**hello** @Ann, see "
                + "https://example.com and `code`\"}");
        ann.say("a message of my own");
        ann.waitForMessage("Bob: hello @Ann, see https://example.com and code");
        ann.waitForMessage("Ann: a message of my own");
        WebElement mine = message(ann, "a message of my own");
        new Actions(browser).moveToElement(mine).perform();
        ann.waitUntil(d -> mine.findElement(By.className("action-react")).isDisplayed());
        mine.findElement(By.className("action-react")).click();
        ann.click(By.cssSelector(".picker button[title='React with 👍']"));
        ann.waitUntil(d -> !mine.findElements(By.cssSelector(".reactions button")).isEmpty());
        checkBoth(ann, "a room, with the host's tools");

        // A burst is announced politely, in a sentence or two, not message by message.
        browser.executeScript("""
                window.__said = [];
                new MutationObserver(() => window.__said.push(document.getElementById('announcer').textContent))
                    .observe(document.getElementById('announcer'), { childList: true, characterData: true,
                      subtree: true });""");
        for (int i = 1; i <= 30; i++) {
            http.send(bob, "POST", server.uri("/chat"), "{\"room\":\"general\",\"text\":\"burst " + i + "\"}");
        }
        ann.waitForMessage("Bob: burst 30");
        ann.waitUntil(d -> said(browser).stream().mapToInt(AccessibilityPageTest::messagesIn).sum() >= 30);
        assertThat(said(browser).stream().mapToInt(AccessibilityPageTest::messagesIn).sum())
                .as("messages announced, each once: %s", said(browser)).isEqualTo(30);
        assertThat(said(browser)).as("what the screen reader was told").hasSizeLessThanOrEqualTo(3)
                .allMatch(sentence -> sentence.matches("\\d+ new messages from Bob|Bob: burst \\d+"));

        // A thread, beside the room.
        WebElement hello = message(ann, "hello");
        new Actions(browser).moveToElement(hello).perform();
        ann.waitUntil(d -> hello.findElement(By.className("action-thread")).isDisplayed());
        hello.findElement(By.className("action-thread")).click();
        ann.waitUntil(d -> d.findElement(By.id("thread-view")).isDisplayed());
        browser.findElement(By.id("thread-text")).sendKeys("a reply in the thread", Keys.ENTER);
        ann.waitUntil(d -> d.findElement(By.id("thread-messages")).getText().contains("a reply in the thread"));
        checkBoth(ann, "the thread panel");
        browser.findElement(By.id("thread-close")).click();

        // Search results.
        browser.findElement(By.id("search")).sendKeys("hello", Keys.ENTER);
        ann.waitUntil(d -> d.findElement(By.id("search-results")).isDisplayed());
        checkBoth(ann, "search results");
        browser.findElement(By.id("search-close")).click();

        // A direct conversation (its header says Bob's status).
        browser.get(server.uri("/#@Bob").toString());
        ann.waitUntilConnected();
        ann.waitUntil(d -> d.findElement(By.id("conversation-status")).isDisplayed());
        checkBoth(ann, "a direct conversation");
        browser.get(server.uri("/#general").toString());
        ann.waitUntilConnected();

        // The dialogs, then a phone.
        ann.walkDialogsAndPhone(view -> checkBoth(ann, view));

        assertThat(problems).as("serious or critical accessibility violations").isEmpty();
    }
}
