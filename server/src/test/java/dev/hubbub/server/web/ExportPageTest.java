package dev.hubbub.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.PageTest;
import dev.hubbub.server.testing.RunningServer;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Exporting: a conversation as JSON (only for whoever may read it; a direct one only for its two people; every room
 * for a host, without anyone's direct messages), and as a self-contained page, opened in Chromium from a file after
 * the server has stopped: every message there, a thread's reply after its root, the picture inside it.
 */
class ExportPageTest extends PageTest {
    private final Http http = new Http();

    private Http.Reply get(String token, String path) throws Exception {
        return http.send(token, "GET", server.uri(path), null);
    }

    @Test
    void aConversationIsExportedAsJsonAndAsAPageThatWorksWithoutTheServer() throws Exception {
        server = RunningServer.start(dataDir);
        String ann = http.claim(server.uri("/"), "Ann");
        String bob = http.claim(server.uri("/"), "Bob");
        String cy = http.claim(server.uri("/"), "Cy");
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(40, 30,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        image.setRGB(5, 5, 0x3366ff);
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", png);
        Http.Reply uploaded = http.send(new Request.Builder().url(server.uri("/files?name=plan.png").toString())
                .header("Authorization", "Bearer " + ann)
                .post(RequestBody.create(png.toByteArray(), okhttp3.MediaType.get("image/png"))).build());
        String file = ChatJson.mapper().readTree(uploaded.body()).get("id").asText();
        Http.Reply root = http.send(ann, "POST", server.uri("/chat"), "{\"text\":\"the <b>plan</b> & more\","
                + "\"files\":[\"" + file + "\"]}");
        String rootId = ChatJson.mapper().readTree(root.body()).get("id").asText();
        http.send(bob, "POST", server.uri("/chat"), "{\"text\":\"a reply in the thread\",\"thread\":\"" + rootId
                + "\"}");
        http.send(bob, "POST", server.uri("/chat"), "{\"text\":\"after the thread\"}");
        http.send(ann, "POST", server.uri("/chat"), "{\"to\":\"Bob\",\"text\":\"just for Bob\"}");

        JsonNode general = ChatJson.mapper().readTree(get(cy, "/export?room=general").body());
        assertThat(general.get("conversations").get(0).get("messages").findValuesAsText("text"))
                .containsSubsequence("the <b>plan</b> & more", "a reply in the thread", "after the thread")
                .doesNotContain("just for Bob");
        // Cy's conversation with Ann is Cy's own (empty): never Ann's with Bob.
        assertThat(get(cy, "/export?with=Ann").body()).doesNotContain("just for Bob");
        assertThat(get(cy, "/export?room=nowhere").status()).isEqualTo(404);
        assertThat(get(null, "/export?room=general").status()).isEqualTo(401);
        assertThat(get(bob, "/export?with=Ann").body()).contains("just for Bob");
        assertThat(get(cy, "/export?all=1").status()).isEqualTo(403);
        assertThat(http.send(cy, "POST", server.uri("/host/claim"), "{\"token\":\"" + server.server().hostToken()
                + "\"}").status()).isEqualTo(200);
        String all = get(cy, "/export?all=1").body();
        assertThat(all).contains("after the thread").doesNotContain("just for Bob");

        Http.Reply page = get(bob, "/export?room=general&format=html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        Path saved = dataDir.resolveSibling("export-" + System.nanoTime() + ".html");
        Files.writeString(saved, page.body());
        server.close();
        server = null;

        ChromeDriver browser = browser();
        browser.get(saved.toUri().toString());
        String text = browser.findElement(By.tagName("body")).getText();
        assertThat(text).contains("the <b>plan</b> & more").contains("a reply in the thread")
                .contains("Exported by Bob");
        assertThat(text.indexOf("a reply in the thread")).isBetween(text.indexOf("the <b>plan</b>"),
                text.indexOf("after the thread"));
        assertThat(browser.findElements(By.tagName("b"))).as("text stays text").isEmpty();
        Object width = ((JavascriptExecutor) browser).executeScript(
                "const img = document.querySelector('img'); return img && img.complete ? img.naturalWidth : 0;");
        assertThat(((Number) width).intValue()).isEqualTo(40);
        Files.deleteIfExists(saved);
    }
}
