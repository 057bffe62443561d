package dev.hubbub.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.testing.ChatPage;
import dev.hubbub.server.testing.PageTest;
import dev.hubbub.server.testing.RunningServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * Emoji in the page: ":shortcode" completion in the box, the picker (search, skin tone, recently used) for messages
 * and reactions, and :tada: read as 🎉 by the server.
 */
class EmojiPageTest extends PageTest {
    private static String box(ChatPage page) {
        return page.driver().findElement(By.id("text")).getAttribute("value");
    }

    private static List<String> cells(ChatPage page) {
        // One script, not a round trip per cell: the picker holds nearly two thousand.
        @SuppressWarnings("unchecked")
        List<String> shown = (List<String>) ((JavascriptExecutor) page.driver()).executeScript(
                "return [...document.querySelectorAll('#emoji-picker .emoji-cells button')].map(b => b.dataset.emoji)");
        return shown;
    }

    @Test
    void shortcodesCompleteAndThePickerSearchesTonesAndRemembersForMessagesAndReactions() throws Exception {
        server = RunningServer.start(dataDir);
        ChatPage ann = join("Ann");
        ann.waitUntilConnected();
        WebElement text = ann.driver().findElement(By.id("text"));

        text.sendKeys("ship it :tad");
        ann.waitUntil(d -> d.findElement(By.id("mention-list")).isDisplayed());
        assertThat(ann.driver().findElement(By.cssSelector("#mention-list .chosen")).getText())
                .isEqualTo("🎉 :tada:");
        text.sendKeys(Keys.TAB);
        assertThat(box(ann)).isEqualTo("ship it 🎉");

        ann.driver().findElement(By.id("emoji-button")).click();
        ann.waitUntil(d -> d.findElement(By.id("emoji-picker")).isDisplayed() && cells(ann).size() > 1800);
        assertThat(ann.driver().findElements(By.cssSelector("#emoji-picker .emoji-grid h3")).stream()
                .map(WebElement::getText).toList()).contains("Smileys & Emotion", "Flags");
        // Skin tone: medium; then a search, and Enter takes the first result.
        ann.driver().findElement(By.cssSelector("#emoji-picker .emoji-tone")).click();
        ann.driver().findElement(By.cssSelector("#emoji-picker .emoji-tones button[data-tone='3']")).click();
        WebElement search = ann.driver().findElement(By.cssSelector("#emoji-picker .emoji-search"));
        search.sendKeys("thumbs up");
        ann.waitUntil(d -> cells(ann).equals(List.of("👍🏽")));
        search.sendKeys(Keys.ENTER);
        ann.waitUntil(d -> !d.findElement(By.id("emoji-picker")).isDisplayed());
        assertThat(box(ann)).isEqualTo("ship it 🎉👍🏽");

        ann.driver().findElement(By.id("emoji-button")).click();
        ann.waitUntil(d -> d.findElement(By.id("emoji-picker")).isDisplayed());
        assertThat(cells(ann).subList(0, 2)).as("recently used first").containsExactly("👍🏽", "🎉");
        ann.driver().findElement(By.cssSelector("#emoji-picker .emoji-search")).sendKeys(Keys.ESCAPE);
        ann.waitUntil(d -> !d.findElement(By.id("emoji-picker")).isDisplayed());

        text.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE, "done :rocket: for real", Keys.ENTER);
        ann.waitForMessage("Ann: done 🚀 for real");

        // A reaction from the whole set: the message's "React", then "More emoji".
        WebElement message = ann.driver().findElement(By.cssSelector("#messages li[data-id]"));
        new Actions(ann.driver()).moveToElement(message).perform();
        ann.waitUntil(d -> message.findElement(By.className("action-react")).isDisplayed());
        message.findElement(By.className("action-react")).click();
        message.findElement(By.cssSelector(".picker .more")).click();
        ann.waitUntil(d -> d.findElement(By.id("emoji-picker")).isDisplayed());
        ann.driver().findElement(By.cssSelector("#emoji-picker .emoji-search")).sendKeys("hedgehog", Keys.ENTER);
        ann.waitUntil(d -> message.findElements(By.className("reaction")).stream()
                .anyMatch(chip -> chip.getText().equals("🦔 1")));
    }
}
