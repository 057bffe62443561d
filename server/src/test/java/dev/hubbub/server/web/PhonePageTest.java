package dev.hubbub.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.testing.ChatPage;
import dev.hubbub.server.testing.PageTest;
import dev.hubbub.server.testing.RunningServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The page on a phone (390 × 844, touch): the header shows the conversation's name and state without overlap and
 * nothing scrolls sideways; the side panels slide over a dimmed backdrop that closes them; a long press opens a
 * message's actions; a message that failed keeps its author readable.
 */
class PhonePageTest extends PageTest {
    private static boolean overlap(Rectangle a, Rectangle b) {
        return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    }

    private static Object js(ChatPage page, String script, Object... args) {
        return ((JavascriptExecutor) page.driver()).executeScript(script, args);
    }

    @Test
    void theHeaderPanelsLongPressAndAFailedMessageWorkAtPhoneWidth() throws Exception {
        server = RunningServer.start(dataDir);
        ChromeDriver phone = browser();
        phone.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 390, "height", 844,
                "deviceScaleFactor", 3, "mobile", true));
        phone.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 5));
        ChatPage ann = new ChatPage(phone).joinAs(server.uri("/"), "Annabelle Lee-Whitfield");
        ann.waitUntilConnected();
        ann.say("hello from a phone");
        ann.waitForMessage("Annabelle Lee-Whitfield: hello from a phone");

        // The header: every part visible, none over another; the page no wider than the phone.
        List<String> parts = List.of("nav-toggle", "conversation-name", "connection", "notify-level", "people-toggle",
                "search");
        for (String id : parts) {
            WebElement part = phone.findElement(By.id(id));
            assertThat(part.isDisplayed()).as(id + " shows").isTrue();
            assertThat(part.getRect().x + part.getRect().width).as(id + " inside the screen").isLessThanOrEqualTo(390);
        }
        assertThat(phone.findElement(By.id("conversation-name")).getText()).isEqualTo("# General");
        assertThat(phone.findElement(By.id("conversation-name")).getRect().width).isGreaterThan(60);
        for (int i = 0; i < parts.size(); i++) {
            for (int j = i + 1; j < parts.size(); j++) {
                assertThat(overlap(phone.findElement(By.id(parts.get(i))).getRect(),
                        phone.findElement(By.id(parts.get(j))).getRect()))
                        .as(parts.get(i) + " and " + parts.get(j) + " apart").isFalse();
            }
        }
        assertThat(((Number) js(ann, "return document.documentElement.scrollWidth")).intValue())
                .as("nothing scrolls sideways").isLessThanOrEqualTo(390);

        // The rooms slide over a dimmed backdrop; touching it closes them.
        WebElement nav = phone.findElement(By.id("nav"));
        assertThat(nav.isDisplayed()).isFalse();
        phone.findElement(By.id("nav-toggle")).click();
        ann.waitUntil(d -> nav.isDisplayed() && nav.getRect().x >= 0);
        WebElement backdrop = phone.findElement(By.id("backdrop"));
        assertThat(backdrop.isDisplayed()).isTrue();
        assertThat(backdrop.getCssValue("background-color")).isNotEqualTo("rgba(0, 0, 0, 0)");
        js(ann, "arguments[0].click()", backdrop);
        ann.waitUntil(d -> !nav.isDisplayed() && !backdrop.isDisplayed());
        phone.findElement(By.id("people-toggle")).click();
        WebElement people = phone.findElement(By.id("people"));
        ann.waitUntil(d -> people.isDisplayed() && people.getRect().x + people.getRect().width <= 390);
        js(ann, "arguments[0].click()", backdrop);
        ann.waitUntil(d -> !people.isDisplayed());

        // A long press on a message opens its actions.
        WebElement message = phone.findElement(By.cssSelector("#messages li[data-id]"));
        Rectangle at = message.getRect();
        Map<String, Object> point = Map.of("x", at.x + at.width / 2, "y", at.y + at.height / 2);
        phone.executeCdpCommand("Input.dispatchTouchEvent", Map.of("type", "touchStart", "touchPoints", List.of(point)));
        ann.waitUntil(d -> !message.findElements(By.cssSelector(".actions .action-reply")).isEmpty()
                && message.findElement(By.cssSelector(".actions .action-reply")).isDisplayed());
        phone.executeCdpCommand("Input.dispatchTouchEvent", Map.of("type", "touchEnd", "touchPoints", List.of()));

        // A message the server refuses: its author stays on one line, its reason and Retry below.
        phone.executeScript("""
                const realFetch = window.fetch;
                window.fetch = (url, init) => init && init.method === 'POST' && url === '/chat'
                    ? Promise.resolve(new Response('the room is resting', { status: 400 })) : realFetch(url, init);""");
        ann.say("this one will not get through while the room rests");
        ann.waitUntil(d -> !d.findElements(By.cssSelector("#messages li.failed")).isEmpty());
        WebElement failed = phone.findElement(By.cssSelector("#messages li.failed"));
        WebElement author = failed.findElement(By.className("author"));
        assertThat(author.getText()).isEqualTo("Annabelle Lee-Whitfield");
        assertThat(author.getRect().height).as("one line").isLessThan(24);
        assertThat(failed.findElement(By.cssSelector(".state button")).getText()).isEqualTo("Retry");
    }
}
