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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * Reply, edit, delete and react in the page, in real Chromium against a real server; then a page that was away, a
 * restarted server and a newcomer all showing the same state. And search, which finds a direct message only for its
 * two people and jumps to it.
 */
class MessageActionsPageTest extends PageTest {

    private static WebElement message(ChatPage page, String text) {
        for (WebElement item : page.driver().findElements(By.cssSelector("#messages li[data-id]"))) {
            if (item.findElement(By.className("body")).getText().equals(text)) {
                return item;
            }
        }
        throw new AssertionError("no message '" + text + "' in " + page.messages());
    }

    /** Points at a message (its toolbar shows) and clicks one of its actions. */
    private static void act(ChatPage page, String text, String action) {
        new Actions(page.driver()).moveToElement(message(page, text)).perform();
        page.waitUntil(d -> {
            List<WebElement> buttons = message(page, text).findElements(By.className("action-" + action));
            if (buttons.isEmpty() || !buttons.get(0).isDisplayed()) {
                return false;
            }
            buttons.get(0).click();
            return true;
        });
    }

    private static String reactions(ChatPage page, String text) {
        List<WebElement> chips = message(page, text).findElements(By.className("reaction"));
        List<String> shown = new ArrayList<>();
        for (WebElement chip : chips) {
            shown.add(chip.getText() + " (" + chip.getAttribute("title") + ")");
        }
        return String.join(", ", shown);
    }

    private static boolean has(ChatPage page, String text) {
        return page.messages().stream().anyMatch(line -> line.endsWith(": " + text));
    }

    /** What a page shows of the conversation, with the marks the actions leave. */
    private static List<String> state(ChatPage page) {
        List<String> lines = new ArrayList<>();
        for (WebElement item : page.driver().findElements(By.cssSelector("#messages li[data-id]"))) {
            StringBuilder line = new StringBuilder(item.findElement(By.className("author")).getAttribute("textContent"));
            item.findElements(By.className("quote")).forEach(q -> line.append(" [re ").append(q.getText()).append(']'));
            line.append(": ").append(item.findElement(By.className("body")).getText());
            if (!item.findElements(By.className("edited")).isEmpty()) {
                line.append(" (edited)");
            }
            item.findElements(By.className("reaction")).forEach(r -> line.append(' ').append(r.getText()));
            lines.add(line.toString());
        }
        return lines;
    }

    @Test
    void replyEditDeleteAndReactShowTheSameEverywhereAfterAReconnectAndARestart() throws Exception {
        server = RunningServer.start(dataDir);
        ChatPage ann = join("Ann");
        ChatPage bob = join("Bob");
        ann.say("lunch at noon?");
        ann.say("the room is bookd");
        ann.say("this was a mistake");
        bob.waitForMessage("Ann: this was a mistake");

        act(bob, "the room is bookd", "react");
        bob.waitUntil(d -> !message(bob, "the room is bookd").findElements(By.cssSelector(".picker button")).isEmpty());
        message(bob, "the room is bookd").findElement(By.cssSelector(".picker button[title='React with 👍']")).click();
        ann.waitUntil(d -> reactions(ann, "the room is bookd").equals("👍 1 (Bob reacted with 👍)"));
        bob.waitUntil(d -> message(bob, "the room is bookd").findElement(By.className("reaction"))
                .getAttribute("aria-pressed").equals("true"));
        message(ann, "the room is bookd").findElement(By.className("reaction")).click();
        bob.waitUntil(d -> reactions(bob, "the room is bookd").equals("👍 2 (Bob and Ann reacted with 👍)"));

        act(bob, "lunch at noon?", "reply");
        assertThat(bob.driver().findElement(By.id("composing-what")).getText())
                .isEqualTo("Replying to Ann: lunch at noon?");
        bob.say("yes, noon works");
        ann.waitUntil(d -> state(ann).contains("Bob [re Ann lunch at noon?]: yes, noon works"));

        // The up arrow in an empty box edits one's last message; Escape would leave it as it was.
        WebElement box = ann.driver().findElement(By.id("text"));
        box.sendKeys(Keys.ARROW_UP);
        ann.waitUntil(d -> box.getAttribute("value").equals("this was a mistake"));
        box.sendKeys(Keys.ESCAPE);
        ann.waitUntil(d -> box.getAttribute("value").isEmpty());
        act(ann, "the room is bookd", "edit");
        ann.waitUntil(d -> box.getAttribute("value").equals("the room is bookd"));
        box.sendKeys(Keys.chord(Keys.CONTROL, "a"), "the room is booked", Keys.ENTER);
        bob.waitUntil(d -> state(bob).contains("Ann: the room is booked (edited) 👍 2"));

        // Bob is away (his page closed) while Ann deletes; when he comes back, it is deleted for him too.
        String away = bob.driver().getCurrentUrl();
        bob.driver().get("about:blank");
        act(ann, "this was a mistake", "delete");
        ann.driver().findElement(By.id("delete-confirm")).click();
        ann.waitUntil(d -> state(ann).contains("Ann: message deleted"));
        assertThat(bob.messages()).isEmpty();
        List<String> expected = List.of("Ann: lunch at noon?", "Ann: the room is booked (edited) 👍 2",
                "Ann: message deleted", "Bob [re Ann lunch at noon?]: yes, noon works");
        bob.driver().get(away);
        bob.waitUntilConnected();
        bob.waitUntil(d -> state(bob).equals(expected));
        assertThat(state(ann)).isEqualTo(expected);

        // Others cannot change Ann's messages: the page offers them no edit or delete.
        new Actions(bob.driver()).moveToElement(message(bob, "lunch at noon?")).perform();
        assertThat(message(bob, "lunch at noon?").findElements(By.className("action-edit"))).isEmpty();

        int port = server.port();
        server.close();
        server = RunningServer.start(dataDir, c -> c.with(b -> b.port(port)));
        bob.waitUntilConnected();
        ChatPage cy = join("Cy");
        cy.waitUntil(d -> state(cy).equals(expected));
        assertThat(state(bob)).isEqualTo(expected);

        // Clicking a quote goes to the message it quotes.
        message(cy, "yes, noon works").findElement(By.className("quote")).click();
        cy.waitUntil(d -> message(cy, "lunch at noon?").getAttribute("class").contains("flash"));
    }

    @Test
    void searchFindsADirectMessageOnlyForItsTwoPeopleAndJumpsToIt() throws Exception {
        server = RunningServer.start(dataDir);
        ChatPage ann = join("Ann");
        ChatPage bob = join("Bob");
        ChatPage cy = join("Cy");
        ann.driver().get(server.uri("/#@Bob").toString());
        ann.waitUntilConnected();
        ann.say("the wifi password is swordfish");
        ann.waitForMessage("Ann: the wifi password is swordfish");
        ann.driver().get(server.uri("/#general").toString());
        ann.waitUntilConnected();
        ann.say("the very first note");
        for (int i = 0; i < 150; i++) {
            ann.say("filler " + i);
        }
        ann.waitForMessage("Ann: filler 149");

        search(cy, "swordfish");
        cy.waitUntil(d -> d.findElement(By.id("search-summary")).getText().equals("Nothing found for “swordfish”"));

        search(bob, "swordf");
        bob.waitUntil(d -> d.findElements(By.cssSelector("#search-list li")).size() == 1);
        WebElement result = bob.driver().findElement(By.cssSelector("#search-list li button"));
        assertThat(result.getText()).contains("@ Ann · Ann ·").contains("the wifi password is swordfish");
        assertThat(result.findElement(By.tagName("mark")).getText()).isEqualTo("swordf");
        result.click();
        bob.waitUntil(d -> "@ann".equals(d.findElement(By.tagName("body")).getAttribute("data-conversation")));
        bob.waitUntil(d -> message(bob, "the wifi password is swordfish").getAttribute("class").contains("flash"));

        // A result further back than the window holds is loaded, page by page, and shown.
        search(bob, "very first");
        bob.waitUntil(d -> d.findElements(By.cssSelector("#search-list li")).size() == 1);
        bob.driver().findElement(By.cssSelector("#search-list li button")).click();
        bob.waitUntil(d -> "general".equals(d.findElement(By.tagName("body")).getAttribute("data-conversation")));
        bob.waitUntil(d -> has(bob, "the very first note")
                && message(bob, "the very first note").getAttribute("class").contains("flash"));
    }

    private static void search(ChatPage page, String words) {
        WebElement field = page.driver().findElement(By.id("search"));
        field.clear();
        field.sendKeys(words, Keys.ENTER);
    }
}
