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

    /** A browser where the server's page may raise notifications (granted, on localhost), each one recorded. */
    private ChromeDriver notifyingBrowser() {
        ChromeDriver driver = browser();
        String origin = "http://127.0.0.1:" + server.port();
        driver.executeCdpCommand("Browser.grantPermissions", Map.of("permissions", List.of("notifications"),
                "origin", origin));
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", RECORD_NOTIFICATIONS));
        return driver;
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
        ChromeDriver driver = notifyingBrowser();
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

    private Map<String, String> statesOnServer() throws Exception {
        Http.Reply reply = http.send(new Request.Builder().url(server.uri("/statuses?name=Ann&name=Bob").toString())
                .build());
        Map<String, String> states = new java.util.TreeMap<>();
        ChatJson.mapper().readTree(reply.body()).get("statuses").fields()
                .forEachRemaining(e -> states.put(e.getKey(), e.getValue().get("state").asText()
                        + (e.getValue().has("auto") ? " (auto)" : "")));
        return states;
    }

    /**
     * Statuses in the page: another's beside their name in the people list, a direct conversation's header and the
     * mention list; the reader's own set in their box, away by itself when idle and back on input, and a
     * do-not-disturb that holds notifications (counted as unread all the same) until it is cleared.
     */
    @Test
    void statusesShowBesideNamesAndDoNotDisturbHoldsNotificationsWhileCountingThem() throws Exception {
        server = RunningServer.start(dataDir);
        claimBob();
        ChromeDriver driver = notifyingBrowser();
        // Away after two seconds without input, for the test (the page's own time is ten minutes).
        ChatPage ann = new ChatPage(driver).joinAs(server.uri("/?idle=2"), "Ann");
        ann.waitUntil(d -> "leader".equals(d.findElement(By.tagName("body")).getAttribute("data-role")));
        Http.Stream bobStream = http.open(server.uri("/chat?view=json"), bob, null);
        try {
            ann.waitUntil(d -> ann.online().contains("Bob"));
            Http.Reply set = http.send(bob, "PUT", server.uri("/profile/status"),
                    "{\"state\":\"away\",\"text\":\"lunch\",\"emoji\":\"🍔\"}");
            assertThat(set.status()).as(set.body()).isEqualTo(200);
            By bobsMark = By.cssSelector("#online .status-mark[data-name='Bob']");
            ann.waitUntil(d -> d.findElement(bobsMark).getAttribute("class").contains("away"));
            assertThat(driver.findElement(bobsMark).getAttribute("title")).isEqualTo("Away · 🍔 lunch");
            assertThat(driver.findElement(bobsMark).findElement(By.className("status-emoji")).getText())
                    .isEqualTo("🍔");

            // Ann was idle: her page said she is away; she comes back (a key), and it says so.
            ann.waitUntil(d -> "Ann".equals(d.findElement(By.id("my-name")).getText()));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                    .until(() -> "away (auto)".equals(statesOnServer().get("Ann")));
            ann.waitUntil(d -> d.findElement(By.id("my-status")).getText().equals("Away"));
            driver.findElement(By.id("text")).sendKeys("x");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                    .until(() -> !statesOnServer().containsKey("Ann"));
            driver.findElement(By.id("text")).clear();

            ann.click(By.cssSelector("#online a[href='#@Bob']"));
            ann.waitUntil(d -> "@bob".equals(d.findElement(By.tagName("body")).getAttribute("data-conversation")));
            ann.waitUntil(d -> d.findElement(By.id("conversation-status")).getText().equals("Away · 🍔 lunch"));
            driver.findElement(By.id("text")).sendKeys("@Bo");
            ann.waitUntil(d -> d.findElement(By.cssSelector("#mention-list li")).getText()
                    .equals("@Bob — Away · 🍔 lunch"));
            driver.findElement(By.id("text")).clear();

            // Do not disturb for an hour: Bob's direct message raises nothing, and counts.
            open(ann, "general");
            new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("status-state")))
                    .selectByValue("dnd");
            assertThat(driver.findElement(By.id("status-for")).isDisplayed()).isTrue();
            driver.findElement(By.id("status-text")).sendKeys("focusing");
            driver.findElement(By.cssSelector("#status-form button[type=submit]")).click();
            ann.waitUntil(d -> d.findElement(By.id("my-status")).getText().startsWith("Do not disturb until "));
            assertThat(statesOnServer()).containsEntry("Ann", "dnd");
            bobSays("{\"to\":\"Ann\",\"text\":\"are you there?\"}");
            ann.waitUntil(d -> "1".equals(d.findElement(By.tagName("body")).getAttribute("data-held")));
            ann.waitUntil(d -> "1".equals(d.findElement(By.cssSelector("a[data-conversation='@bob'] .badge"))
                    .getText()));
            assertThat(notified(ann)).as("held while do not disturb lasts").isEmpty();

            driver.findElement(By.id("status-clear")).click();
            ann.waitUntil(d -> d.findElement(By.id("my-status")).getText().equals("Active"));
            bobSays("{\"to\":\"Ann\",\"text\":\"now?\"}");
            ann.waitUntil(d -> notified(ann).contains("Bob (direct message) | now?"));
        } finally {
            bobStream.close();
        }
    }

    private static int beeps(ChatPage page) {
        String beeps = page.driver().findElement(By.tagName("body")).getAttribute("data-beeps");
        return beeps == null || beeps.isEmpty() ? 0 : Integer.parseInt(beeps);
    }
}
