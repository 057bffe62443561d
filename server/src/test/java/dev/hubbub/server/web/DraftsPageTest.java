package dev.hubbub.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.testing.ChatPage;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.PageTest;
import dev.hubbub.server.testing.RunningServer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/** What is typed and not sent stays with its conversation: across a switch, a reload, and an edit in between. */
class DraftsPageTest extends PageTest {
    private final Http http = new Http();

    private static String box(ChatPage page) {
        return page.driver().findElement(By.id("text")).getAttribute("value");
    }

    private static void open(ChatPage page, String hash, String label) {
        By link = By.cssSelector("#rooms a[href='" + hash + "']");
        page.waitUntil(d -> !d.findElements(link).isEmpty());
        page.click(link);   // found afresh on each try: the list is drawn anew when a count changes
        page.waitUntil(d -> d.findElement(By.id("conversation-name")).getText().contains(label));
    }

    @Test
    void eachConversationKeepsItsOwnDraftAcrossSwitchesReloadsAndEdits() throws Exception {
        server = RunningServer.start(dataDir);
        http.makeRoom(server.uri("/"), "Cy", "Design");
        ChatPage ann = join("Ann");
        ann.joinRooms("design");   // Cy made it: a newcomer joins it first
        ann.waitUntilConnected();
        WebElement text = ann.driver().findElement(By.id("text"));
        assertThat(text.getAttribute("placeholder")).as("the box names where it writes").isEqualTo("Message General");

        text.sendKeys("half a thought for everyone");
        open(ann, "#design", "Design");
        assertThat(box(ann)).as("a switch leaves the draft behind").isEmpty();
        assertThat(text.getAttribute("placeholder")).isEqualTo("Message Design");
        text.sendKeys("for design only");
        open(ann, "#general", "General");
        assertThat(box(ann)).isEqualTo("half a thought for everyone");

        ann.driver().navigate().refresh();
        ann.waitUntilConnected();
        ann.waitUntil(d -> "half a thought for everyone".equals(box(ann)));
        open(ann, "#design", "Design");
        assertThat(box(ann)).as("kept across a reload").isEqualTo("for design only");

        // Editing one's message borrows the box; the draft comes back after.
        text = ann.driver().findElement(By.id("text"));
        text.sendKeys(Keys.chord(Keys.SHIFT, Keys.ENTER), "and sent");
        text.sendKeys(Keys.ENTER);
        ann.waitForMessage("Ann: for design only\nand sent");
        assertThat(box(ann)).isEmpty();
        text.sendKeys("next draft");
        WebElement mine = ann.driver().findElement(By.cssSelector("#messages li[data-id]"));
        new Actions(ann.driver()).moveToElement(mine).perform();
        ann.waitUntil(d -> mine.findElement(By.className("action-edit")).isDisplayed());
        mine.findElement(By.className("action-edit")).click();
        ann.waitUntil(d -> box(ann).equals("for design only\nand sent"));
        text.sendKeys(Keys.ESCAPE);
        assertThat(box(ann)).as("escape gives the draft back, not the edited text").isEqualTo("next draft");
        text.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);

        ann.driver().navigate().refresh();
        ann.waitUntilConnected();
        open(ann, "#design", "Design");
        assertThat(box(ann)).as("a sent message is no draft any more").isEmpty();
        open(ann, "#general", "General");
        assertThat(box(ann)).isEqualTo("half a thought for everyone");
    }
}
