package dev.hubbub.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.server.testing.Browser;
import dev.hubbub.server.testing.ChatPage;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.PageTest;
import dev.hubbub.server.testing.RunningServer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Notifications in real Chromium: on localhost (a secure context) with the permission granted, a system notification
 * for what is for the reader, by each conversation's level; on a plain-HTTP LAN name, where browsers refuse them,
 * the explanation, the unread count on the tab's title and icon, and the sound.
 */
class NotificationsPageTest extends PageTest {
    /**
     * Records each notification the page raises, then raises it as the browser would: installed before the page's
     * own scripts run, so the page's code path is the real one.
     */
    private static final String RECORD_NOTIFICATIONS = """
            (() => {
              const Real = window.Notification;
              if (!Real) return;
              window.__notified = [];
              class Recorded extends Real {
                constructor(title, options) {
                  super(title, options);
                  window.__notified.push(title + ' | ' + ((options && options.body) || ''));
                }
              }
              window.Notification = Recorded;
            })();""";

    private final Http http = new Http();
    private String bob;

    private void bobSays(String json) throws Exception {
        Http.Reply reply = http.send(new Request.Builder().url(server.uri("/chat").toString())
                .header("Authorization", "Bearer " + bob).post(RequestBody.create(json, Http.JSON)).build());
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    }

    private void claimBob() throws Exception {
        Http.Reply claimed = http.post(server.uri("/session"), Http.JSON, "{\"name\":\"Bob\"}");
        bob = ChatJson.mapper().readTree(claimed.body()).get("token").asText();
    }

    @SuppressWarnings("unchecked")
    private static List<String> notified(ChatPage page) {
        Object seen = ((JavascriptExecutor) page.driver()).executeScript("return window.__notified || [];");
        return (List<String>) seen;
    }

    private static void open(ChatPage page, String conversation) {
        page.click(By.cssSelector("a[data-conversation='" + conversation + "']"));
        page.waitUntil(d -> conversation.equals(d.findElement(By.tagName("body")).getAttribute("data-conversation")));
    }

    @Test
    void onLocalhostWithPermissionWhatIsForTheReaderRaisesASystemNotificationByEachConversationsLevel()
            throws Exception {
        server = RunningServer.start(dataDir);
        claimBob();
        ChromeDriver driver = browser();
        String origin = "http://127.0.0.1:" + server.port();
        driver.executeCdpCommand("Browser.grantPermissions", Map.of("permissions", List.of("notifications"),
                "origin", origin));
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", RECORD_NOTIFICATIONS));
        ChatPage ann = new ChatPage(driver).joinAs(server.uri("/"), "Ann");
        ann.waitUntil(d -> "leader".equals(d.findElement(By.tagName("body")).getAttribute("data-role")));
        assertThat(driver.findElement(By.id("notify-why")).isDisplayed()).as("no need to explain here").isFalse();

        bobSays("{\"to\":\"Ann\",\"text\":\"are you free at three?\"}");
        ann.waitUntil(d -> notified(ann).contains("Bob (direct message) | are you free at three?"));
        bobSays("{\"text\":\"@Ann the build is green\"}");
        ann.waitForMessage("Bob: @Ann the build is green");
        bobSays("{\"text\":\"lunch, anyone?\"}");
        ann.waitForMessage("Bob: lunch, anyone?");
        assertThat(notified(ann)).as("general is on screen; and a message that is not for Ann raises nothing")
                .hasSize(1);

        open(ann, "@bob");
        bobSays("{\"text\":\"@Ann ping\"}");
        ann.waitUntil(d -> notified(ann).contains("Bob mentioned you in # General | @Ann ping"));
        bobSays("{\"text\":\"not for you\"}");

        open(ann, "general");
        ann.waitForMessage("Bob: not for you");
        driver.findElement(By.id("notify-level")).click();
        assertThat(driver.findElement(By.id("notify-level")).getText()).isEqualTo("🔔 Every message");
        open(ann, "@bob");
        bobSays("{\"text\":\"anything at all\"}");
        ann.waitUntil(d -> notified(ann).contains("Bob in # General | anything at all"));

        open(ann, "general");
        driver.findElement(By.id("notify-level")).click();
        assertThat(driver.findElement(By.id("notify-level")).getText()).isEqualTo("🔕 Muted");
        open(ann, "@bob");
        int before = notified(ann).size();
        bobSays("{\"text\":\"@Ann muted room\"}");
        ann.waitUntil(d -> "1".equals(d.findElement(By.cssSelector("a[data-conversation='general'] .badge"))
                .getText()));
        assertThat(driver.findElement(By.cssSelector("a[data-conversation='general'] .badge")).getAttribute("class"))
                .contains("muted");
        assertThat(notified(ann)).hasSize(before);
        assertThat(driver.getTitle()).as("a muted room counts nowhere but its own badge")
                .isEqualTo("Test room · Hubbub");
    }

    @Test
    void onAPlainHttpLanNameThePageExplainsOnceAndCountsOnTheTitleAndIconWithASound() throws Exception {
        server = RunningServer.start(dataDir, c -> c.with(b -> b.limits(l -> l.allowedHosts(List.of("hubbub.test")))));
        claimBob();
        ChromeDriver driver = browser("--host-resolver-rules=MAP hubbub.test 127.0.0.1");
        URI lan = URI.create("http://hubbub.test:" + server.port() + "/");
        ChatPage ann = new ChatPage(driver).joinAs(lan, "Ann");
        assertThat(((JavascriptExecutor) driver).executeScript("return window.isSecureContext")).isEqualTo(false);
        ann.waitUntil(d -> d.findElement(By.id("notify-why")).isDisplayed());
        assertThat(driver.findElement(By.id("notify-why")).getText()).contains("hubbub serve --tls");
        driver.findElement(By.id("notify-sound")).click();
        driver.findElement(By.id("notify-why-ok")).click();
        assertThat(driver.findElement(By.id("notify-why")).isDisplayed()).isFalse();
        String plainIcon = driver.findElement(By.cssSelector("link[rel=icon]")).getAttribute("href");
        int beepsBefore = beeps(ann);

        open(ann, "general");
        bobSays("{\"to\":\"Ann\",\"text\":\"psst\"}");
        ann.waitUntil(d -> d.getTitle().equals("(1) Test room · Hubbub"));
        ann.waitUntil(d -> "1".equals(d.findElement(By.tagName("body")).getAttribute("data-badge")));
        assertThat(driver.findElement(By.cssSelector("link[rel=icon]")).getAttribute("href"))
                .startsWith("data:image/png").isNotEqualTo(plainIcon);
        ann.waitUntil(d -> beeps(ann) == beepsBefore + 1);

        open(ann, "@bob");
        ann.waitUntil(d -> d.getTitle().equals("Test room · Hubbub"));
        assertThat(driver.findElement(By.cssSelector("link[rel=icon]")).getAttribute("href")).isEqualTo(plainIcon);
        driver.navigate().refresh();
        ann.waitUntilConnected();
        assertThat(driver.findElement(By.id("notify-why")).isDisplayed()).as("explained once").isFalse();
        assertThat(driver.findElement(By.id("notify-sound")).isSelected()).isTrue();
    }

    private static int beeps(ChatPage page) {
        String beeps = page.driver().findElement(By.tagName("body")).getAttribute("data-beeps");
        return beeps == null || beeps.isEmpty() ? 0 : Integer.parseInt(beeps);
    }
}
