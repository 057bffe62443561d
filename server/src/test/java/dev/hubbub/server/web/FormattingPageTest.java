package dev.hubbub.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.server.testing.ChatPage;
import dev.hubbub.server.testing.Events;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.PageTest;
import dev.hubbub.server.testing.RunningServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** The page draws what the server read in a message (formatting, links, mentions, room links), and nothing else. */
class FormattingPageTest extends PageTest {
    private final Http http = new Http();

    private void post(String author, String text) throws Exception {
        Http.Reply reply = http.post(server.uri("/chat"), Http.JSON,
                ChatJson.write(Map.of("author", author, "text", text)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    }

    private WebElement body(ChatPage page, String author, String startingWith) {
        page.waitUntil(d -> d.findElements(By.cssSelector("#messages li[data-id] .body")).stream()
                .anyMatch(b -> b.getText().startsWith(startingWith)));
        return page.driver().findElements(By.cssSelector("#messages li[data-id] .body")).stream()
                .filter(b -> b.getText().startsWith(startingWith)).findFirst().orElseThrow();
    }

    @Test
    void formattingCodeQuotesListsLinksMentionsAndRoomsAreDrawnAndHostileTextStaysText() throws Exception {
        server = RunningServer.start(dataDir);
        http.makeRoom(server.uri("/"), "Cy", "Design");
        ChatPage ann = join("Ann");
        ann.waitUntilConnected();

        post("Bob", "**bold** _it_ ~gone~ `a < b` see #design, @Ann and https://example.org/x");
        WebElement first = body(ann, "Bob", "bold");
        assertThat(first.findElement(By.tagName("strong")).getText()).isEqualTo("bold");
        assertThat(first.findElement(By.tagName("em")).getText()).isEqualTo("it");
        assertThat(first.findElement(By.tagName("del")).getText()).isEqualTo("gone");
        assertThat(first.findElement(By.tagName("code")).getText()).isEqualTo("a < b");
        assertThat(first.findElement(By.cssSelector(".mention.me")).getText()).isEqualTo("@Ann");
        WebElement link = first.findElement(By.cssSelector("a[href^='https:']"));
        assertThat(link.getAttribute("href")).isEqualTo("https://example.org/x");
        assertThat(link.getAttribute("rel")).contains("noopener");
        assertThat(first.getAttribute("dir")).isEqualTo("auto");

        post("Bob", "code:\n```js\nlet  x =\n    1;\n```\n> quoted **too**\n\n- one\n- two\n\n3. three");
        WebElement second = body(ann, "Bob", "code:");
        WebElement pre = second.findElement(By.cssSelector(".code-block pre"));
        assertThat(pre.getText()).isEqualTo("let  x =\n    1;");
        assertThat(pre.getCssValue("white-space")).isEqualTo("pre");
        assertThat(pre.getCssValue("overflow-x")).isEqualTo("auto");
        assertThat(second.findElement(By.cssSelector(".code-block button.copy")).getText()).isEqualTo("Copy");
        assertThat(second.findElement(By.cssSelector("blockquote strong")).getText()).isEqualTo("too");
        assertThat(second.findElements(By.cssSelector("ul > li"))).hasSize(2);
        assertThat(second.findElement(By.tagName("ol")).getAttribute("start")).isEqualTo("3");

        post("Bob", "<script>window.hacked=1</script> <img src=x onerror=\"window.hacked=2\"> "
                + "[click](javascript:window.hacked=3) **<b>bold?</b>**");
        WebElement third = body(ann, "Bob", "<script>");
        assertThat(third.getText()).contains("<script>window.hacked=1</script>", "<img src=x", "<b>bold?</b>");
        assertThat(third.findElements(By.cssSelector("script, img, b, a"))).isEmpty();
        assertThat(((JavascriptExecutor) ann.driver()).executeScript("return window.hacked === undefined"))
                .isEqualTo(true);

        // A message by an app carries an APP badge, with words for a screen reader, in place of "not signed in".
        Events.post(server.server().hub(), Events.inGeneral("deploybot", "deployed 1.2").byApp());
        WebElement byApp = body(ann, "deploybot", "deployed 1.2").findElement(By.xpath(".."));
        WebElement badge = byApp.findElement(By.cssSelector(".meta .app-badge"));
        assertThat(badge.getText()).isEqualTo("APP");
        assertThat(badge.getAttribute("title")).isEqualTo("Written by an app (a bot or an integration), not a person");
        assertThat(byApp.findElements(By.cssSelector(".meta .unverified"))).isEmpty();
        WebElement byPerson = third.findElement(By.xpath(".."));
        assertThat(byPerson.findElements(By.cssSelector(".meta .app-badge"))).as("a person's message has no badge").isEmpty();

        // A room link opens the room.
        first.findElement(By.cssSelector("a.room-link")).click();
        ann.waitUntil(d -> d.getCurrentUrl().endsWith("#design")
                && d.findElement(By.id("conversation-name")).getText().contains("Design"));

        // The composer: a help line while one writes; Ctrl+B/I/E wrap the selection; Enter inside a fence is a new line.
        WebElement box = ann.driver().findElement(By.id("text"));
        box.click();
        ann.waitUntil(d -> d.findElement(By.id("format-help")).isDisplayed());
        box.sendKeys("make this loud");
        JavascriptExecutor js = (JavascriptExecutor) ann.driver();
        js.executeScript("arguments[0].setSelectionRange(10, 14)", box);
        box.sendKeys(Keys.chord(Keys.CONTROL, "b"));
        assertThat(box.getAttribute("value")).isEqualTo("make this **loud**");
        box.sendKeys(Keys.chord(Keys.CONTROL, "b"));
        assertThat(box.getAttribute("value")).as("a second Ctrl+B unwraps").isEqualTo("make this loud");
        js.executeScript("arguments[0].setSelectionRange(0, 4)", box);
        box.sendKeys(Keys.chord(Keys.CONTROL, "e"));
        assertThat(box.getAttribute("value")).isEqualTo("`make` this loud");
        js.executeScript("arguments[0].value = ''; arguments[0].dispatchEvent(new Event('input'))", box);
        box.sendKeys("```");
        box.sendKeys(Keys.ENTER);
        box.sendKeys("x = 1");
        box.sendKeys(Keys.ENTER);
        box.sendKeys("```");
        assertThat(box.getAttribute("value")).as("Enter inside an open fence is a new line, not a send")
                .isEqualTo("```\nx = 1\n```");
        box.sendKeys(Keys.ENTER);
        ann.waitUntil(d -> d.findElements(By.cssSelector("#messages li[data-id] .code-block pre")).stream()
                .anyMatch(block -> block.getText().equals("x = 1")));
    }
}
