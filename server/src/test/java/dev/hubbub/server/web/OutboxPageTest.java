package dev.hubbub.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.server.testing.ChatPage;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.PageTest;
import dev.hubbub.server.testing.RunningServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * The page's outbox: what is typed while the server is down waits as "sending…", survives a reload (the service
 * worker keeps the page, IndexedDB the messages), and goes out in order once the server is back, each with the client
 * id it was given when typed, so each is stored once.
 */
class OutboxPageTest extends PageTest {
    private final Http http = new Http();

    /** The outbox as IndexedDB holds it: each waiting message's client id and words, oldest first. */
    @SuppressWarnings("unchecked")
    private static List<List<String>> waiting(ChatPage page) {
        Object found = ((JavascriptExecutor) page.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const opening = indexedDB.open('hubbub-outbox', 1);
                opening.onsuccess = () => {
                  const all = opening.result.transaction('waiting').objectStore('waiting').getAll();
                  all.onsuccess = () => { done(all.result.map(e => [e.clientId, e.words])); opening.result.close(); };
                  all.onerror = () => done(null);
                };
                opening.onerror = () => done(null);""");
        return (List<List<String>>) found;
    }

    private static List<String> pendingTexts(ChatPage page) {
        List<String> texts = new ArrayList<>();
        for (WebElement item : page.driver().findElements(By.cssSelector("#messages li.pending"))) {
            assertThat(item.findElement(By.className("state")).getText()).isEqualTo("sending…");
            texts.add(item.findElement(By.className("body")).getText());
        }
        return texts;
    }

    @Test
    void messagesTypedWhileTheServerIsDownSurviveAReloadAndGoOutOnceInOrder() throws Exception {
        server = RunningServer.start(dataDir);
        int port = server.port();
        ChatPage ann = join("Ann");
        ann.say("before the outage");
        ann.waitForMessage("Ann: before the outage");
        // The page's own files are kept once its service worker runs (localhost is a secure context).
        ann.waitUntil(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                if (!navigator.serviceWorker.controller) { done(false); return; }
                caches.open('hubbub-page').then(c => c.match('/app.js', { ignoreVary: true }))
                    .then(hit => done(!!hit), () => done(false));""")));

        server.close();
        server = null;
        ann.waitUntil(d -> !"connected".equals(d.findElement(By.tagName("body")).getAttribute("data-connection")));
        ann.say("one");
        ann.say("two");
        ann.say("three");
        ann.waitUntil(d -> pendingTexts(ann).equals(List.of("one", "two", "three")));
        ann.waitUntil(d -> waiting(ann).size() == 3);
        List<List<String>> typed = waiting(ann);
        assertThat(typed).extracting(entry -> entry.get(1)).containsExactly("one", "two", "three");

        ann.driver().navigate().refresh();
        ann.waitUntil(d -> pendingTexts(ann).equals(List.of("one", "two", "three")));
        assertThat(ann.driver().findElement(By.id("notice")).getText()).contains("cannot be reached");
        assertThat(waiting(ann)).as("the same messages, with the ids they were given").isEqualTo(typed);

        server = RunningServer.start(dataDir, c -> c.with(b -> b.port(port)));
        ann.waitUntilConnected();
        ann.waitUntil(d -> pendingTexts(ann).isEmpty() && ann.messages().equals(List.of(
                "Ann: before the outage", "Ann: one", "Ann: two", "Ann: three")));
        ann.waitUntil(d -> waiting(ann).isEmpty());
        assertThat(ann.driver().findElement(By.id("notice")).getText()).isEmpty();

        String bob = http.claim(server.uri("/"), "Bob");
        JsonNode history = ChatJson.mapper().readTree(
                http.send(bob, "GET", server.uri("/chat/history?room=general"), null).body());
        List<String> stored = new ArrayList<>();
        List<String> clientIds = new ArrayList<>();
        for (JsonNode message : history.get("messages")) {
            stored.add(message.get("text").asText());
            if (!message.get("text").asText().startsWith("before")) {
                clientIds.add(message.get("clientId").asText());
            }
        }
        assertThat(stored).as("each once, in the order typed").containsExactly("before the outage", "one", "two",
                "three");
        assertThat(clientIds).containsExactlyElementsOf(typed.stream().map(entry -> entry.get(0)).toList());
    }
}
