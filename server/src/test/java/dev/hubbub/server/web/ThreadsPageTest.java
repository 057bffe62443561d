package dev.hubbub.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.testing.ChatPage;
import dev.hubbub.server.testing.PageTest;
import dev.hubbub.server.testing.RunningServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * Threads and pins in the page, in real Chromium against a real server: replying in a thread from a message's
 * actions, the root's "N replies" line, the Threads place and its unread counts, a reply also sent to the room,
 * following and no longer following, and what a reloaded page asks the server; a file sent in a thread; pinning a message, its mark, its line
 * and the pinned list, and unpinning it; read receipts ("Seen by" in a room, "Seen" in a direct conversation), and
 * a reader who stops sharing them.
 */
class ThreadsPageTest extends PageTest {

    private static WebElement message(ChatPage page, String list, String text) {
        for (WebElement item : page.driver().findElements(By.cssSelector("#" + list + " li[data-id]"))) {
            if (item.findElement(By.className("body")).getText().equals(text)) {
                return item;
            }
        }
        throw new AssertionError("no message '" + text + "' in #" + list);
    }

    /** The texts of the thread panel's messages, the root first, as "author: text". */
    private static List<String> thread(WebDriver driver) {
        List<String> shown = new ArrayList<>();
        for (WebElement item : driver.findElements(By.cssSelector("#thread-messages li[data-id]"))) {
            shown.add(item.findElement(By.className("author")).getAttribute("textContent") + ": "
                    + item.findElement(By.className("body")).getText());
        }
        return shown;
    }

    private static String threadsBadge(WebDriver driver) {
        WebElement badge = driver.findElement(By.cssSelector("#threads-link .badge"));
        return badge.isDisplayed() ? badge.getText() : "";
    }

    private static void act(ChatPage page, String text, String action) {
        new Actions(page.driver()).moveToElement(message(page, "messages", text)).perform();
        page.waitUntil(d -> {
            List<WebElement> buttons = message(page, "messages", text).findElements(By.className("action-" + action));
            if (buttons.isEmpty() || !buttons.get(0).isDisplayed()) {
                return false;
            }
            buttons.get(0).click();
            return true;
        });
    }

    private static String pinMark(ChatPage page, String text) {
        List<WebElement> marks = message(page, "messages", text).findElements(By.className("pinned-mark"));
        return marks.isEmpty() ? "" : marks.get(0).getText();
    }

    private static void reply(ChatPage page, String text, boolean alsoInRoom) {
        WebElement box = page.driver().findElement(By.id("thread-text"));
        if (alsoInRoom) {
            page.driver().findElement(By.id("thread-also")).click();
        }
        box.sendKeys(text, Keys.ENTER);
    }

    @Test
    void aThreadIsRepliedToFollowedCountedAndLeft() throws Exception {
        server = RunningServer.start(dataDir);
        ChatPage ann = join("Ann");
        ChatPage bob = join("Bob");
        ann.say("standup at 10:30?");
        bob.waitForMessage("Ann: standup at 10:30?");
        String standup = message(bob, "messages", "standup at 10:30?").getAttribute("data-id");

        // Bob replies in a thread, from the message's actions.
        WebElement root = message(bob, "messages", "standup at 10:30?");
        new Actions(bob.driver()).moveToElement(root).perform();
        bob.waitUntil(d -> root.findElement(By.className("action-thread")).isDisplayed());
        root.findElement(By.className("action-thread")).click();
        bob.waitUntil(d -> d.findElement(By.id("thread-text")).isDisplayed()
                && thread(d).equals(List.of("Ann: standup at 10:30?")));
        assertThat(bob.driver().switchTo().activeElement().getAttribute("id")).isEqualTo("thread-text");
        reply(bob, "works for me", false);
        bob.waitUntil(d -> thread(d).equals(List.of("Ann: standup at 10:30?", "Bob: works for me")));
        bob.waitUntil(d -> d.findElement(By.id("thread-follow")).getText().startsWith("Following"));

        // Ann's message counts the reply; the reply is not in the room; her Threads place has it unread.
        ann.waitUntil(d -> message(ann, "messages", "standup at 10:30?").findElement(By.className("thread-line"))
                .getText().startsWith("💬 1 reply · Bob"));
        assertThat(ann.messages()).containsExactly("Ann: standup at 10:30?");
        ann.waitUntil(d -> threadsBadge(d).equals("1"));
        ann.click(By.id("threads-link"));
        ann.waitUntil(d -> d.findElement(By.cssSelector("#thread-list-items .thread-item")).getText()
                .contains("Ann: standup at 10:30?"));
        ann.click(By.cssSelector("#thread-list-items .thread-item"));
        ann.waitUntil(d -> thread(d).equals(List.of("Ann: standup at 10:30?", "Bob: works for me")));
        assertThat(ann.driver().findElements(By.cssSelector("#thread-messages .new-line"))).hasSize(1);
        ann.waitUntil(d -> threadsBadge(d).isEmpty());

        // A reply also sent to the room shows in both; Ann is looking, so nothing is unread.
        reply(bob, "@Ann booked it", true);
        ann.waitForMessage("Bob: @Ann booked it");
        ann.waitUntil(d -> thread(d).size() == 3);
        assertThat(message(ann, "messages", "@Ann booked it").findElement(By.className("thread-line")).getText())
                .isEqualTo("↳ replied in a thread");
        assertThat(threadsBadge(ann.driver())).isEmpty();

        // Ann stops following: Bob's next reply is not hers to read; a reload asks the server, which agrees.
        ann.click(By.id("thread-follow"));
        ann.waitUntil(d -> d.findElement(By.id("thread-follow")).getText().equals("Follow"));
        ann.click(By.id("thread-close"));
        reply(bob, "see you there", false);
        ann.waitUntil(d -> message(ann, "messages", "standup at 10:30?").findElement(By.className("thread-line"))
                .getText().startsWith("💬 3 replies"));
        assertThat(threadsBadge(ann.driver())).isEmpty();
        ann.driver().navigate().refresh();
        ann.waitUntilConnected();
        ann.click(By.id("threads-link"));
        ann.waitUntil(d -> d.findElement(By.id("thread-list-empty")).isDisplayed());

        // Opening it from the room's line, Ann follows again by choice.
        ann.click(By.id("thread-close"));
        ann.waitUntil(d -> !message(ann, "messages", "standup at 10:30?").findElements(By.className("thread-line"))
                .isEmpty());
        message(ann, "messages", "standup at 10:30?").findElement(By.className("thread-line")).click();
        ann.waitUntil(d -> thread(d).size() == 4);
        ann.click(By.id("thread-follow"));
        ann.waitUntil(d -> d.findElement(By.id("thread-follow")).getText().startsWith("Following"));

        // A file in the thread: picked in the thread's own box, it goes with the reply, and only to the thread.
        java.nio.file.Path minutes = java.nio.file.Files.writeString(dataDir.resolve("minutes.txt"), "10:30 standup");
        ann.driver().findElement(By.id("thread-file-input")).sendKeys(minutes.toString());
        ann.waitUntil(d -> d.findElements(By.cssSelector("#thread-tray li")).size() == 1);
        assertThat(ann.driver().findElements(By.cssSelector("#tray li"))).as("not the room's box").isEmpty();
        reply(ann, "minutes attached", false);
        ann.waitUntil(d -> thread(d).size() == 5 && d.findElements(By.cssSelector("#thread-tray li")).isEmpty());
        bob.waitUntil(d -> thread(d).contains("Ann: minutes attached"));
        bob.waitUntil(d -> message(bob, "thread-messages", "minutes attached").findElement(By.className("files"))
                .getText().contains("minutes.txt"));
        assertThat(ann.messages()).doesNotContain("Ann: minutes attached");
        ann.click(By.id("thread-close"));

        // Bob pins Ann's message: both see its mark and the line, and Ann's pinned list has it; then Bob unpins it.
        act(bob, "standup at 10:30?", "pin");
        ann.waitUntil(d -> pinMark(ann, "standup at 10:30?").equals("📌 Pinned by Bob"));
        ann.waitUntil(d -> d.findElements(By.cssSelector("#messages li.notice")).stream()
                .anyMatch(n -> n.getText().equals("Bob pinned a message: “standup at 10:30?”")));
        ann.click(By.id("pins-button"));
        ann.waitUntil(d -> d.findElement(By.id("thread-title")).getText().equals("Pinned in # General")
                && d.findElements(By.cssSelector("#pins-items .thread-item")).size() == 1
                && d.findElement(By.cssSelector("#pins-items .thread-item")).getText().contains("standup at 10:30?"));
        bob.waitUntil(d -> pinMark(bob, "standup at 10:30?").equals("📌 Pinned by Bob"));
        act(bob, "standup at 10:30?", "pin");
        ann.waitUntil(d -> pinMark(ann, "standup at 10:30?").isEmpty()
                && d.findElement(By.id("pins-empty")).isDisplayed());
        ann.click(By.id("thread-close"));

        // Read receipts: both are reading the room, so Ann's message says Bob has seen it, and who on hover.
        ann.waitUntil(d -> seen(ann, "messages", "standup at 10:30?").equals("Seen by 1"));
        assertThat(message(ann, "messages", "standup at 10:30?").findElement(By.className("seen"))
                .getAttribute("title")).isEqualTo("Bob");
        // In a direct conversation: "Seen" under the last of Ann's messages Bob has read.
        ann.driver().get(server.uri("/#@Bob").toString());
        ann.waitUntilConnected();
        ann.say("are you coming?");
        bob.driver().get(server.uri("/#@Ann").toString());
        bob.waitUntilConnected();
        bob.waitForMessage("Ann: are you coming?");
        ann.waitUntil(d -> seen(ann, "messages", "are you coming?").equals("Seen"));
        // Bob stops sharing: Ann no longer sees where he reads, and he sees nobody's. (His thread, still open, has
        // the place of who is online on a window this narrow: he closes it first.)
        bob.click(By.id("thread-close"));
        bob.click(By.id("share-reads"));
        ann.say("one more thing");
        bob.waitForMessage("Ann: one more thing");
        ann.driver().navigate().refresh();
        ann.waitUntilConnected();
        ann.waitForMessage("Ann: one more thing");
        ann.waitUntil(d -> "@bob".equals(d.findElement(By.tagName("body")).getAttribute("data-receipts")));
        assertThat(seen(ann, "messages", "are you coming?")).isEmpty();
        assertThat(seen(ann, "messages", "one more thing")).isEmpty();

        // A reply also sent to the room counts there, like any of its messages, for Ann who reads elsewhere.
        Object status = ((org.openqa.selenium.JavascriptExecutor) bob.driver()).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + "fetch('/chat', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify("
                + "{room: 'general', text: 'see everyone at 10:30', thread: arguments[0], alsoInRoom: true})})"
                + ".then(r => done(r.status), e => done(String(e)));", standup);
        assertThat(status).isEqualTo(201L);
        ann.waitUntil(d -> d.findElements(By.cssSelector("#rooms a[data-conversation='general'] .badge")).stream()
                .anyMatch(b -> b.getText().equals("1")));
    }

    private static String seen(ChatPage page, String list, String text) {
        List<WebElement> marks = message(page, list, text).findElements(By.className("seen"));
        return marks.isEmpty() ? "" : marks.get(0).getText();
    }
}
