package dev.hubbub.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.testing.ChatPage;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.PageTest;
import dev.hubbub.server.testing.RunningServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The page without a mouse: the quick switcher, moving between conversations, moving between messages and every
 * action of a message by its key, the shortcuts sheet, and the focus never lost after an action.
 */
class KeyboardPageTest extends PageTest {
    private final Http http = new Http();

    private static WebElement focused(WebDriver driver) {
        return driver.switchTo().activeElement();
    }

    /** Types into whatever has the focus, as a person does (a file input among them: no upload). */
    private static void press(WebDriver driver, CharSequence keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    /** Presses {@code key} holding {@code modifiers}. */
    private static void chord(WebDriver driver, CharSequence key, Keys... modifiers) {
        Actions actions = new Actions(driver);
        for (Keys modifier : modifiers) {
            actions.keyDown(modifier);
        }
        actions.sendKeys(key);
        for (Keys modifier : modifiers) {
            actions.keyUp(modifier);
        }
        actions.perform();
    }

    private static String hash(WebDriver driver) {
        return (String) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("return location.hash;");
    }

    private static boolean onMessage(WebDriver driver, String text) {
        WebElement at = focused(driver);
        return at.getTagName().equals("li") && at.getAttribute("data-id") != null
                && at.findElement(By.className("body")).getText().equals(text);
    }

    @Test
    void everythingIsReachableWithTheKeyboardAndTheFocusIsNeverLost() throws Exception {
        server = RunningServer.start(dataDir);
        String bob = http.claim(server.uri("/"), "Bob");
        for (String room : List.of("Design", "Marketing", "Sales dashboard")) {
            assertThat(http.send(bob, "POST", server.uri("/rooms"), "{\"name\":\"" + room + "\"}").status())
                    .isEqualTo(201);
        }
        ChatPage ann = join("Ann");
        ann.joinRooms("design", "marketing", "sales-dashboard");   // Bob made them
        WebDriver driver = ann.driver();
        http.send(bob, "POST", server.uri("/chat"), "{\"room\":\"marketing\",\"text\":\"unread in marketing\"}");
        ann.waitUntil(d -> d.findElement(By.cssSelector("#rooms a[data-conversation=marketing] .badge")) != null);

        // Ctrl+K: what is unread first; the letters in order find a room; Enter goes there, the focus to the box.
        chord(driver, "k", Keys.CONTROL);
        ann.waitUntil(d -> d.findElement(By.id("switcher")).isDisplayed());
        assertThat(focused(driver).getAttribute("id")).isEqualTo("switcher-input");
        ann.waitUntil(d -> d.findElement(By.cssSelector("#switcher-list li[aria-selected=true]")).getText()
                .startsWith("# Marketing"));
        press(driver, "sdb");
        ann.waitUntil(d -> d.findElement(By.cssSelector("#switcher-list li[aria-selected=true]")).getText()
                .equals("# Sales dashboard"));
        assertThat(focused(driver).getAttribute("aria-activedescendant"))
                .isEqualTo(driver.findElement(By.cssSelector("#switcher-list li[aria-selected=true]")).getAttribute("id"));
        press(driver, Keys.ENTER);
        ann.waitUntil(d -> hash(d).equals("#sales-dashboard"));
        assertThat(focused(driver).getAttribute("id")).isEqualTo("text");
        assertThat(driver.findElement(By.id("switcher")).isDisplayed()).isFalse();

        // Alt+↑ ↓ through the side list; Alt+Shift+↓ to the unread one.
        chord(driver, Keys.ARROW_UP, Keys.ALT);
        ann.waitUntil(d -> hash(d).equals("#marketing"));
        chord(driver, Keys.ARROW_UP, Keys.ALT);
        ann.waitUntil(d -> hash(d).equals("#design"));
        http.send(bob, "POST", server.uri("/chat"), "{\"room\":\"general\",\"text\":\"unread in general\"}");
        ann.waitUntil(d -> !d.findElements(By.cssSelector("#rooms a[data-conversation=general] .badge")).isEmpty());
        chord(driver, Keys.ARROW_DOWN, Keys.ALT, Keys.SHIFT);
        ann.waitUntil(d -> hash(d).equals("#general"));

        // The messages: Shift+Tab from the box reaches the newest; the arrows move; each action has its key.
        ann.say("my first words");
        ann.say("my second words");
        ann.waitForMessage("Ann: my second words");
        ann.waitUntil(d -> d.findElements(By.cssSelector("#messages li.pending")).isEmpty());
        driver.findElement(By.id("text")).click();
        for (int i = 0; i < 5 && !onMessage(driver, "my second words"); i++) {
            chord(driver, Keys.TAB, Keys.SHIFT);
        }
        assertThat(onMessage(driver, "my second words")).as("Shift+Tab from the box reaches the newest message").isTrue();
        press(driver, Keys.ARROW_UP);
        assertThat(onMessage(driver, "my first words")).isTrue();
        press(driver, Keys.ARROW_UP);
        assertThat(onMessage(driver, "unread in general")).isTrue();
        press(driver, Keys.END);
        assertThat(onMessage(driver, "my second words")).isTrue();
        press(driver, Keys.HOME);
        assertThat(onMessage(driver, "unread in general")).isTrue();

        // Enter: into its toolbar, whose every button says its key.
        press(driver, Keys.ENTER);
        assertThat(focused(driver).getAttribute("class")).isEqualTo("action-react");
        List<WebElement> actions = driver.findElements(By.cssSelector("#messages .actions button"));
        assertThat(actions).extracting(b -> b.getAttribute("aria-keyshortcuts")).containsExactly("+", "R", "T", "P");
        assertThat(actions).extracting(b -> b.getAttribute("title"))
                .containsExactly("React (+)", "Reply (R)", "Reply in thread (T)", "Pin to the conversation (P)");
        chord(driver, Keys.TAB, Keys.SHIFT);
        assertThat(onMessage(driver, "unread in general")).isTrue();

        // R: a reply, written in the box; Escape gives it up; Shift+Tab comes back to the same message.
        press(driver, "r");
        ann.waitUntil(d -> d.findElement(By.id("composing-what")).getText().contains("unread in general"));
        assertThat(focused(driver).getAttribute("id")).isEqualTo("text");
        press(driver, Keys.ESCAPE);
        ann.waitUntil(d -> !d.findElement(By.id("composing")).isDisplayed());
        for (int i = 0; i < 5 && !onMessage(driver, "unread in general"); i++) {
            chord(driver, Keys.TAB, Keys.SHIFT);
        }
        assertThat(onMessage(driver, "unread in general")).as("Tab comes back to the message last moved to").isTrue();

        // +: the reactions, ← → between them, Enter reacts and the focus is back on the message.
        press(driver, "+");
        assertThat(focused(driver).getAttribute("title")).isEqualTo("React with 👍");
        press(driver, Keys.ARROW_RIGHT);
        String second = focused(driver).getText();
        press(driver, Keys.ENTER);
        ann.waitUntil(d -> d.findElements(By.cssSelector("#messages .reactions button")).stream()
                .anyMatch(chip -> chip.getText().startsWith(second)));
        assertThat(onMessage(driver, "unread in general")).as("back on the message after reacting").isTrue();
        press(driver, "+");
        press(driver, Keys.ESCAPE);
        assertThat(driver.findElements(By.cssSelector("#messages .picker"))).isEmpty();
        assertThat(onMessage(driver, "unread in general")).isTrue();

        // P pins; E and Delete only on one's own; T opens the thread, Escape closes it.
        press(driver, "p");
        ann.waitUntil(d -> d.findElement(By.cssSelector("#messages li[data-id] .pinned-mark")).isDisplayed());
        press(driver, "e");
        assertThat(driver.findElement(By.id("composing")).isDisplayed()).as("not one's own: no edit").isFalse();
        ann.waitUntil(d -> d.findElement(By.cssSelector("#messages li.notice")).getText().contains("pinned"));
        press(driver, Keys.END);
        assertThat(focused(driver).getAttribute("class")).as("the room's line about the pin").contains("notice");
        press(driver, Keys.ARROW_UP);
        assertThat(onMessage(driver, "my second words")).isTrue();
        press(driver, "e");
        ann.waitUntil(d -> d.findElement(By.id("text")).getAttribute("value").equals("my second words"));
        press(driver, Keys.ESCAPE);
        for (int i = 0; i < 5 && !onMessage(driver, "my second words"); i++) {
            chord(driver, Keys.TAB, Keys.SHIFT);
        }
        press(driver, Keys.DELETE);
        ann.waitUntil(d -> d.findElement(By.id("delete-dialog")).isDisplayed());
        assertThat(focused(driver).getAttribute("id")).isEqualTo("delete-confirm");
        press(driver, Keys.ENTER);
        ann.waitUntil(d -> d.findElements(By.cssSelector("#messages li.deleted")).size() == 1);
        assertThat(focused(driver).getTagName()).as("the focus comes back to the message").isEqualTo("li");
        press(driver, Keys.ARROW_UP);
        assertThat(onMessage(driver, "my first words")).isTrue();
        press(driver, "t");
        ann.waitUntil(d -> d.findElement(By.id("thread-view")).isDisplayed());
        assertThat(focused(driver).getAttribute("id")).isEqualTo("thread-text");
        press(driver, Keys.ESCAPE);
        ann.waitUntil(d -> !d.findElement(By.id("thread-panel")).isDisplayed());
        assertThat(focused(driver).getAttribute("id")).as("the thread closed: the focus goes to the box")
                .isEqualTo("text");

        // ? (outside a box) and Ctrl+/ show the shortcuts; Escape closes them.
        chord(driver, "/", Keys.CONTROL);
        ann.waitUntil(d -> d.findElement(By.id("shortcuts")).isDisplayed());
        press(driver, Keys.ESCAPE);
        ann.waitUntil(d -> !d.findElement(By.id("shortcuts")).isDisplayed());
        chord(driver, Keys.TAB, Keys.SHIFT);
        press(driver, "?");
        ann.waitUntil(d -> d.findElement(By.id("shortcuts")).isDisplayed());
    }
}
