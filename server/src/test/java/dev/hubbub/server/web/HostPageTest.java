package dev.hubbub.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.testing.ChatPage;
import dev.hubbub.server.testing.PageTest;
import dev.hubbub.server.testing.RunningServer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * An invite-only room and its host in real Chromium: the link lets people in and the browser stays in; the host
 * (by the host link) removes a message, mutes, makes a room read-only, archives and deletes a room, removes a person
 * and makes a new link; and
 * what the affected person's page shows each time.
 */
class HostPageTest extends PageTest {

    private static String text(ChatPage page) {
        return page.driver().findElement(By.id("messages")).getText();
    }

    private static WebElement message(ChatPage page, String text) {
        for (WebElement item : page.driver().findElements(By.cssSelector("#messages li[data-id]"))) {
            if (!item.findElements(By.className("body")).isEmpty()
                    && item.findElement(By.className("body")).getText().equals(text)) {
                return item;
            }
        }
        throw new AssertionError("no message '" + text + "'");
    }

    @Test
    void anInviteOnlyRoomLetsTheLinkInAndItsHostKeepsOrder() throws Exception {
        server = RunningServer.start(dataDir, c -> c.with(b -> b.inviteOnly(true)));
        String key = server.server().inviteKey().orElseThrow();

        ChromeDriver stranger = browser();
        stranger.get(server.uri("/").toString());
        assertThat(stranger.findElement(By.tagName("h1")).getText()).isEqualTo("This room is invite-only");

        ChatPage ann = join(server.uri("/?key=" + key + "&host=" + server.server().hostToken()), "Ann");
        ann.waitUntil(d -> d.findElement(By.id("host-panel")).isDisplayed());
        assertThat(ann.driver().getCurrentUrl()).as("the host token leaves the address bar").doesNotContain("host=");
        assertThat(ann.driver().findElement(By.id("invite-link")).getAttribute("value")).endsWith("?key=" + key);
        ChatPage bob = join(server.uri("/?key=" + key), "Bob");
        bob.driver().get(server.uri("/").toString());
        bob.waitUntilConnected();
        assertThat(bob.driver().findElement(By.id("host-panel")).isDisplayed()).isFalse();

        bob.say("buy cheap watches");
        ann.waitForMessage("Bob: buy cheap watches");
        WebElement spam = message(ann, "buy cheap watches");
        new Actions(ann.driver()).moveToElement(spam).perform();
        ann.waitUntil(d -> !spam.findElements(By.className("action-delete")).isEmpty());
        assertThat(spam.findElement(By.className("action-delete")).getAttribute("title")).isEqualTo("Remove as the host (Delete)");
        spam.findElement(By.className("action-delete")).click();
        assertThat(ann.driver().findElement(By.cssSelector("#delete-dialog h2")).getText())
                .isEqualTo("Remove this message by Bob?");
        assertThat(ann.driver().findElement(By.id("delete-dialog")).getText())
                .as("what tools that do not follow deletions received stays with them").contains("can't be taken back");
        ann.driver().findElement(By.id("delete-confirm")).click();
        bob.waitUntil(d -> text(bob).contains("message removed by the host")
                && text(bob).contains("Ann removed a message by Bob"));

        ann.waitUntil(d -> !d.findElements(By.cssSelector("#online .person-menu")).isEmpty());
        ann.driver().findElement(By.cssSelector("#online .person-menu")).click();
        ann.driver().findElement(By.cssSelector("#person-dialog button[value='mute-10']")).click();
        bob.waitUntil(d -> text(bob).contains("Ann muted Bob for 10 minutes"));
        bob.say("why?");
        bob.waitUntil(d -> text(bob).contains("not sent: the host muted Bob until"));

        ann.driver().findElement(By.id("room-rules")).click();
        ann.driver().findElement(By.id("rules-read-only")).click();
        ann.driver().findElement(By.id("rules-save")).click();
        bob.waitUntil(d -> d.findElement(By.id("text")).getAttribute("placeholder")
                .equals("Only the host posts in General"));
        assertThat(bob.driver().findElement(By.id("text")).isEnabled()).isFalse();
        assertThat(text(bob)).contains("Ann made this room read-only: only the host posts here");

        // A room archived: it moves to the archived list and nobody posts there; then deleted, for good.
        ann.driver().findElement(By.id("new-room")).click();
        ann.driver().findElement(By.id("room-input")).sendKeys("Design", org.openqa.selenium.Keys.ENTER);
        ann.waitUntil(d -> "design".equals(d.findElement(By.tagName("body")).getAttribute("data-conversation")));
        ann.say("the plan");
        ann.waitForMessage("Ann: the plan");
        bob.joinRooms("design");
        bob.click(By.cssSelector("#rooms a[data-conversation='design']"));
        bob.waitForMessage("Ann: the plan");
        ann.driver().findElement(By.id("room-rules")).click();
        assertThat(ann.driver().findElement(By.id("rules-delete")).isDisplayed()).isTrue();
        ann.driver().findElement(By.id("rules-archive")).click();
        bob.waitUntil(d -> d.findElement(By.id("text")).getAttribute("placeholder")
                .equals("Design is archived: nobody posts here"));
        assertThat(bob.driver().findElements(By.cssSelector("#rooms a[data-conversation='design']"))).isEmpty();
        assertThat(bob.driver().findElement(By.cssSelector("#archived a[data-conversation='design']"))
                .isDisplayed()).as("the archived list opens on the room shown").isTrue();
        assertThat(bob.driver().findElement(By.id("archived-rooms")).getText()).startsWith("Archived (1)");
        bob.waitUntil(d -> text(bob).contains("Ann archived this room"));
        ann.driver().findElement(By.id("room-rules")).click();
        assertThat(ann.driver().findElement(By.id("rules-archive")).isDisplayed()).isFalse();
        ann.driver().findElement(By.id("rules-delete")).click();
        assertThat(ann.driver().findElement(By.cssSelector("#delete-room-dialog h2")).getText())
                .isEqualTo("Delete # Design?");
        ann.driver().findElement(By.id("delete-room-confirm")).click();
        bob.waitUntil(d -> "general".equals(d.findElement(By.tagName("body")).getAttribute("data-conversation")));
        bob.waitUntil(d -> d.findElement(By.id("notice")).getText()
                .equals("The host deleted # Design and its messages."));
        bob.waitUntil(d -> text(bob).contains("Ann deleted the room # Design and its messages"));
        assertThat(bob.driver().findElements(By.cssSelector("a[data-conversation='design']"))).isEmpty();
        assertThat(bob.driver().findElement(By.id("archived-rooms")).isDisplayed()).isFalse();
        ann.waitUntil(d -> "general".equals(d.findElement(By.tagName("body")).getAttribute("data-conversation")));

        // The host resets Bob's sign-in: Bob's page asks who he is; the host's one-time code lets him back.
        ann.driver().findElement(By.cssSelector("#online .person-menu")).click();
        ann.driver().findElement(By.id("person-reset")).click();
        ann.waitUntil(d -> d.findElement(By.id("reset-code")).getText().matches("[A-Z2-9]{4}-[A-Z2-9]{4}"));
        assertThat(ann.driver().findElement(By.id("reset-title")).getText()).isEqualTo("A way back in for Bob");
        String code = ann.driver().findElement(By.id("reset-code")).getText();
        ann.driver().findElement(By.cssSelector("#reset-dialog button[type=submit]")).click();
        bob.waitUntil(d -> d.findElement(By.id("code-input")).isDisplayed());
        bob.driver().findElement(By.id("code-input")).sendKeys(code, org.openqa.selenium.Keys.ENTER);
        bob.waitUntilConnected();
        bob.waitUntil(d -> text(bob).contains("Ann reset Bob’s sign-in"));
        ann.waitUntil(d -> !d.findElements(By.cssSelector("#online .person-menu")).isEmpty());

        ann.driver().findElement(By.cssSelector("#online .person-menu")).click();
        ann.driver().findElement(By.id("person-remove")).click();
        bob.waitUntil(d -> d.findElement(By.id("removed-dialog")).isDisplayed());
        assertThat(bob.driver().findElement(By.id("removed-reason")).getText())
                .startsWith("The host removed Bob from this room");

        // A new link: the old one lets nobody new in.
        ann.driver().findElement(By.id("invite-new")).click();
        ann.waitUntil(d -> !d.findElement(By.id("invite-link")).getAttribute("value").endsWith("?key=" + key));
        stranger.get(server.uri("/?key=" + key).toString());
        assertThat(stranger.findElement(By.tagName("h1")).getText()).isEqualTo("This room is invite-only");
        String newLink = ann.driver().findElement(By.id("invite-link")).getAttribute("value");
        String newKey = newLink.substring(newLink.indexOf("?key=") + 5);
        ChatPage cy = join(server.uri("/?key=" + newKey), "Cy");
        cy.waitUntil(d -> text(cy).contains("Ann removed Bob from the room"));

        // The console: everyone with a name, Bob too though he is gone; the host lets him back in from there.
        ann.click(By.id("console-open"));
        ann.waitUntil(d -> d.findElement(By.id("console-people-rows")).getText().contains("Bob"));
        String people = ann.driver().findElement(By.id("console-people-rows")).getText();
        assertThat(people).contains("Ann").contains("Cy").containsPattern("Bob\\s+offline · removed");
        ann.click(By.cssSelector("#console-people-rows button[aria-label='What to do with Bob']"));
        ann.waitUntil(d -> d.findElement(By.id("person-back")).isDisplayed());
        assertThat(ann.driver().findElement(By.id("person-remove")).isDisplayed()).isFalse();
        ann.driver().findElement(By.id("person-back")).click();
        ann.waitUntil(d -> !d.findElement(By.id("console-people-rows")).getText().contains("removed"));
        cy.waitUntil(d -> text(cy).contains("Ann let Bob back in"));

        // Rooms: General renamed; everyone's page follows.
        ann.click(By.id("console-tab-rooms"));
        ann.click(By.cssSelector("#console-rooms-rows button[aria-label='Rename # General']"));
        WebElement rename = ann.driver().findElement(By.id("console-rename-input"));
        rename.clear();
        rename.sendKeys("Lobby", org.openqa.selenium.Keys.ENTER);
        cy.waitUntil(d -> text(cy).contains("Ann renamed # General to # Lobby"));
        cy.waitUntil(d -> d.findElement(By.cssSelector("#rooms a[data-conversation='general']")).getText()
                .contains("Lobby"));
        ann.waitUntil(d -> d.findElement(By.id("console-rooms-rows")).getText().contains("# Lobby"));
        ann.click(By.cssSelector("#console-rooms-rows button[aria-label='The topic of # Lobby']"));
        ann.driver().findElement(By.id("console-topic-input")).sendKeys("Everyone, everything",
                org.openqa.selenium.Keys.ENTER);
        cy.waitUntil(d -> text(cy).contains("Everyone, everything"));
        ann.click(By.cssSelector("#console-rooms-rows button[aria-label='How long # Lobby keeps its messages']"));
        WebElement newest = ann.driver().findElement(By.id("console-keep-messages"));
        newest.clear();
        newest.sendKeys("500", org.openqa.selenium.Keys.ENTER);
        cy.waitUntil(d -> text(cy).contains("Ann set this room to keep its newest 500 messages"));
        ann.waitUntil(d -> d.findElement(By.id("console-rooms-rows")).getText().contains("keeps the newest 500"));

        // Files and the server, as they are.
        ann.click(By.id("console-tab-files"));
        ann.waitUntil(d -> d.findElement(By.id("console-storage")).getText().matches("Files take .* of the .* allowed\\."));
        ann.click(By.id("console-tab-server"));
        ann.waitUntil(d -> d.findElement(By.id("console-facts")).getText().contains("SQLite, answering"));
        assertThat(ann.driver().findElement(By.id("console-facts")).getText()).contains("People with a name\n3");
        // The tabs by keyboard: ← goes back to the Door, End to the Server.
        ann.driver().findElement(By.id("console-tab-server")).sendKeys(org.openqa.selenium.Keys.ARROW_LEFT);
        ann.waitUntil(d -> d.findElement(By.id("console-door")).isDisplayed()
                && d.switchTo().activeElement().getAttribute("id").equals("console-tab-door"));
        ann.driver().switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.END);
        ann.waitUntil(d -> d.findElement(By.id("console-server")).isDisplayed());
        ann.click(By.id("console-close"));
    }
}
