package dev.hubbub.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.testing.ChatPage;
import dev.hubbub.server.testing.PageTest;
import dev.hubbub.server.testing.RunningServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;

/** Rooms, direct messages, unread counts and claimed names in the page, in real Chromium against a real server. */
class RoomsPageTest extends PageTest {

    private static String badge(ChatPage page, String conversation) {
        List<org.openqa.selenium.WebElement> found = page.driver().findElements(
                By.cssSelector("a[data-conversation='" + conversation + "'] .badge"));
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    private static void open(ChatPage page, String conversation) {
        page.click(By.cssSelector("a[data-conversation='" + conversation + "']"));
        page.waitUntil(d -> conversation.equals(d.findElement(By.tagName("body")).getAttribute("data-conversation")));
    }

    @Test
    void peopleCreateARoomTalkInItWriteToEachOtherAloneAndSeeWhatTheyMissed() throws Exception {
        server = RunningServer.start(dataDir);
        ChatPage ann = join("Ann");
        ChatPage bob = join("Bob");
        ChatPage cy = join("Cy");

        ann.driver().findElement(By.id("new-room")).click();
        ann.driver().findElement(By.id("room-input")).sendKeys("Design", Keys.ENTER);
        ann.waitUntil(d -> "design".equals(d.findElement(By.tagName("body")).getAttribute("data-conversation")));
        assertThat(ann.driver().getCurrentUrl()).endsWith("/#design");
        assertThat(ann.driver().findElement(By.id("conversation-name")).getText()).isEqualTo("# Design");
        bob.joinRooms("design");   // Ann's new room: Bob joins it (a room one is not in counts nothing)
        ann.say("the new layout is up");
        ann.waitForMessage("Ann: the new layout is up");

        bob.waitUntil(d -> badge(bob, "design").equals("1"));
        assertThat(bob.messages()).doesNotContain("Ann: the new layout is up");
        open(bob, "design");
        bob.waitForMessage("Ann: the new layout is up");
        assertThat(badge(bob, "design")).isEmpty();

        ann.waitUntil(d -> !d.findElements(By.cssSelector("#online a[href='#@Bob']")).isEmpty());
        ann.driver().findElement(By.cssSelector("#online a[href='#@Bob']")).click();
        ann.waitUntil(d -> "@bob".equals(d.findElement(By.tagName("body")).getAttribute("data-conversation")));
        ann.say("psst, just between us");
        ann.waitForMessage("Ann: psst, just between us");

        bob.waitUntil(d -> badge(bob, "@ann").equals("1"));
        open(bob, "@ann");
        bob.waitForMessage("Ann: psst, just between us");
        bob.say("sure");
        ann.waitForMessage("Bob: sure");

        cy.joinRooms("design");
        open(cy, "design");
        cy.waitForMessage("Ann: the new layout is up");
        assertThat(cy.driver().getPageSource()).doesNotContain("just between us");
        assertThat(cy.driver().findElements(By.cssSelector("a[data-conversation='@ann']"))).isEmpty();

        // A link names a room: opening it opens the room.
        ChromeDriver dave = browser();
        ChatPage davePage = new ChatPage(dave).joinAs(server.uri("/#design"), "Dave");
        davePage.waitForMessage("Ann: the new layout is up");
    }

    private void postAs(String token, String json) throws Exception {
        dev.hubbub.server.testing.Http.Reply reply = new dev.hubbub.server.testing.Http().send(
                new okhttp3.Request.Builder().url(server.uri("/chat").toString())
                        .header("Authorization", "Bearer " + token)
                        .post(okhttp3.RequestBody.create(json, dev.hubbub.server.testing.Http.JSON)).build());
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    }

    @Test
    void unreadCountsOutliveAReloadAndWhatWasReadStaysRead() throws Exception {
        server = RunningServer.start(dataDir);
        String cy = claim("Cy");
        new dev.hubbub.server.testing.Http().send(new okhttp3.Request.Builder().url(server.uri("/rooms").toString())
                .header("Authorization", "Bearer " + cy)
                .post(okhttp3.RequestBody.create("{\"name\":\"Design\"}", dev.hubbub.server.testing.Http.JSON))
                .build());
        ChatPage ann = join("Ann");
        ann.joinRooms("design");
        postAs(cy, "{\"room\":\"design\",\"text\":\"one\"}");
        postAs(cy, "{\"room\":\"design\",\"text\":\"two\"}");
        postAs(cy, "{\"text\":\"hello general\"}");
        ann.waitForMessage("Cy: hello general");
        ann.waitUntil(d -> badge(ann, "design").equals("2"));

        ann.driver().navigate().refresh();
        ann.waitUntilConnected();
        ann.waitForMessage("Cy: hello general");
        ann.waitUntil(d -> badge(ann, "design").equals("2"));

        open(ann, "design");
        ann.waitForMessage("Cy: two");
        assertThat(ann.driver().findElements(By.xpath("//*[text()='Show older messages']")))
                .as("a room's whole history is shown: nothing older to offer").isEmpty();
        open(ann, "general");
        ann.waitForMessage("Cy: hello general");
        ann.driver().navigate().refresh();
        ann.waitUntilConnected();
        ann.waitForMessage("Cy: hello general");
        postAs(cy, "{\"text\":\"after the reload\"}");
        ann.waitForMessage("Cy: after the reload");
        assertThat(badge(ann, "design")).as("what was read is not counted again").isEmpty();
        postAs(cy, "{\"room\":\"design\",\"text\":\"three\"}");
        ann.waitUntil(d -> badge(ann, "design").equals("1"));
    }

    private String claim(String name) throws Exception {
        dev.hubbub.server.testing.Http.Reply reply = new dev.hubbub.server.testing.Http().post(server.uri("/session"),
                dev.hubbub.server.testing.Http.JSON, "{\"name\":\"" + name + "\"}");
        return reply.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
    }

    @Test
    void aClaimedNameCannotBeTakenInAnotherBrowserButALinkCodeSignsItIn() throws Exception {
        server = RunningServer.start(dataDir);
        ChatPage laptop = join("Ann");
        ChromeDriver phone = browser();
        phone.get(server.uri("/").toString());
        ChatPage phonePage = new ChatPage(phone);
        phonePage.waitUntil(d -> d.findElement(By.id("name-input")).isDisplayed());
        phone.findElement(By.id("name-input")).sendKeys("ann", Keys.ENTER);
        phonePage.waitUntil(d -> d.findElement(By.id("name-error")).getText().contains("the name Ann is taken"));

        laptop.driver().findElement(By.id("link-device")).click();
        laptop.waitUntil(d -> d.findElement(By.id("link-code")).getText().matches("[A-Z2-9]{4}-[A-Z2-9]{4}"));
        String code = laptop.driver().findElement(By.id("link-code")).getText();
        phone.findElement(By.id("code-input")).sendKeys(code, Keys.ENTER);
        phonePage.waitUntilConnected();
        phonePage.say("from my phone");
        laptop.waitForMessage("Ann: from my phone");
        assertThat(phone.findElement(By.id("my-name")).getText()).isEqualTo("Ann");

        // The page keeps its token: a reload does not ask again.
        phone.navigate().refresh();
        phonePage.waitUntilConnected();
        assertThat(phone.findElement(By.id("name-dialog")).isDisplayed()).isFalse();

        // Signing out asks first, and offers a link code for the way back; Cancel keeps one signed in.
        phone.findElement(By.id("sign-out")).click();
        phonePage.waitUntil(d -> d.findElement(By.id("sign-out-dialog")).isDisplayed());
        assertThat(phone.findElement(By.id("sign-out-dialog")).getText()).contains("your passphrase (if you set one)");
        phone.findElement(By.cssSelector("#sign-out-dialog button[value=cancel]")).click();
        phonePage.waitUntil(d -> !d.findElement(By.id("sign-out-dialog")).isDisplayed());
        assertThat(phone.findElement(By.id("my-name")).getText()).isEqualTo("Ann");
        phone.findElement(By.id("sign-out")).click();
        phonePage.waitUntil(d -> d.findElement(By.id("sign-out-link")).isDisplayed());
        phone.findElement(By.id("sign-out-link")).click();
        phonePage.waitUntil(d -> d.findElement(By.id("link-code")).getText().matches("[A-Z2-9]{4}-[A-Z2-9]{4}"));
        phone.findElement(By.cssSelector("#link-dialog button[type=submit]")).click();
        phone.findElement(By.id("sign-out")).click();
        phonePage.waitUntil(d -> d.findElement(By.id("sign-out-confirm")).isDisplayed());
        phone.findElement(By.id("sign-out-confirm")).click();
        phonePage.waitUntil(d -> d.findElement(By.id("name-input")).isDisplayed());

        // A passphrase, set on the laptop (typed twice), signs the phone in again with the name.
        WebDriver lap = laptop.driver();
        lap.findElement(By.cssSelector("#link-dialog button[type=submit]")).click();
        laptop.openMore();
        lap.findElement(By.id("passphrase-open")).click();
        laptop.waitUntil(d -> d.findElement(By.id("passphrase-dialog")).isDisplayed());
        assertThat(lap.findElement(By.id("passphrase-state")).getText()).contains("not set a passphrase");
        lap.findElement(By.id("passphrase-new")).sendKeys("correct horse battery");
        lap.findElement(By.id("passphrase-again")).sendKeys("correct horse batter");
        lap.findElement(By.id("passphrase-save")).click();
        laptop.waitUntil(d -> d.findElement(By.id("passphrase-error")).getText().equals("The two passphrases differ."));
        lap.findElement(By.id("passphrase-again")).sendKeys("y");
        lap.findElement(By.id("passphrase-save")).click();
        laptop.waitUntil(d -> !d.findElement(By.id("passphrase-dialog")).isDisplayed());
        phone.findElement(By.id("name-input")).sendKeys("Ann");
        phone.findElement(By.id("passphrase-input")).sendKeys("correct horse battery", Keys.ENTER);
        phonePage.waitUntilConnected();
        assertThat(phone.findElement(By.id("my-name")).getText()).isEqualTo("Ann");

        // The laptop sees both devices and signs the phone out.
        lap.findElement(By.id("devices-open")).click();
        laptop.waitUntil(d -> d.findElements(By.cssSelector("#devices-list li")).size() == 2);
        assertThat(lap.findElement(By.id("devices-list")).getText()).contains("this device").contains("Chrome · Linux");
        lap.findElement(By.cssSelector("#devices-list button.danger")).click();
        laptop.waitUntil(d -> d.findElements(By.cssSelector("#devices-list li")).size() == 1);
        lap.findElement(By.cssSelector("#devices-dialog button[type=submit]")).click();
        phone.navigate().refresh();
        phonePage.waitUntil(d -> d.findElement(By.id("name-input")).isDisplayed());
    }

    @Test
    void aHistoryResetStartsThePageOverCleanly() throws Exception {
        server = RunningServer.start(dataDir.resolve("before"));
        int port = server.port();
        ChatPage ann = join("Ann");
        ann.say("from the old history");
        ann.waitForMessage("Ann: from the old history");

        server.close();
        server = RunningServer.start(dataDir.resolve("after"), c -> c.with(b -> b.port(port)));
        new dev.hubbub.server.testing.Http().post(server.uri("/chat"), dev.hubbub.server.testing.Http.TEXT,
                "Bob: in the new history");
        ann.waitForMessage("Bob: in the new history");
        assertThat(ann.messages()).doesNotContain("Ann: from the old history");
        ann.waitUntilConnected();
        ann.say("back again");
        ann.waitForMessage("Ann: back again");
        assertThat(server.server().hub().page("general", null, null, 10).join().messages())
                .extracting(m -> m.author() + (m.verified() ? "" : "?")).contains("Ann");
    }

    @Test
    void aFirstVisitToARoomWithAShortHistoryShowsItWholeWithNothingOlderToShow() throws Exception {
        server = RunningServer.start(dataDir);
        dev.hubbub.server.testing.Http http = new dev.hubbub.server.testing.Http();
        assertThat(http.post(server.uri("/chat"), dev.hubbub.server.testing.Http.TEXT, "Guest: hello").status())
                .isEqualTo(201);
        ChatPage ann = join("Ann");
        ann.waitForMessage("Guest: hello");
        ann.waitUntil(d -> d.findElement(By.cssSelector("#messages li.edge")).getText()
                .equals("This is the beginning of the conversation."));
        assertThat(ann.driver().findElements(By.xpath("//button[text()='Show older messages']"))).isEmpty();
    }

    @Test
    void aMentionCompletesFromThePeopleHereAndIsMarkedStronglyForWhomItNames() throws Exception {
        server = RunningServer.start(dataDir);
        ChatPage ann = join("Ann");
        ChatPage bob = join("Bob");
        ann.waitUntil(d -> ann.online().contains("Bob"));
        var text = ann.driver().findElement(By.id("text"));
        text.sendKeys("lunch, @b");
        ann.waitUntil(d -> d.findElement(By.id("mention-list")).isDisplayed()
                && d.findElement(By.cssSelector("#mention-list li.chosen")).getText().equals("@Bob"));
        text.sendKeys(Keys.TAB);
        assertThat(text.getAttribute("value")).isEqualTo("lunch, @Bob ");
        text.sendKeys("at noon?", Keys.ENTER);
        bob.waitForMessage("Ann: lunch, @Bob at noon?");
        var mine = bob.driver().findElements(By.cssSelector("#messages li.for-me .mention.me"));
        assertThat(mine).extracting(org.openqa.selenium.WebElement::getText).containsExactly("@Bob");
        ann.waitForMessage("Ann: lunch, @Bob at noon?");
        assertThat(ann.driver().findElements(By.cssSelector("#messages .mention")))
                .extracting(org.openqa.selenium.WebElement::getText).containsExactly("@Bob");
        assertThat(ann.driver().findElements(By.cssSelector("#messages .mention.me, #messages li.for-me"))).isEmpty();
    }
}
