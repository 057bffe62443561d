package dev.hubbub.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.server.testing.ChatPage;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.PageTest;
import dev.hubbub.server.testing.RunningServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * Reading a conversation: one person's messages minutes apart share a header, each header has the person's avatar
 * (drawn by the server), and a "New messages" line marks where the reader left off in a conversation.
 */
class ReadingPageTest extends PageTest {
    private final Http http = new Http();

    private void post(String author, String room, String text) throws Exception {
        Http.Reply reply = http.post(server.uri("/chat"), Http.JSON,
                ChatJson.write(Map.of("author", author, "room", room, "text", text)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    }

    private static List<String> shape(ChatPage page) {
        return page.driver().findElements(By.cssSelector("#messages > li")).stream()
                .filter(li -> li.getAttribute("data-id") != null || li.getAttribute("class").contains("new-line"))
                .map(li -> li.getAttribute("class").contains("new-line") ? "-- " + li.getText() + " --"
                        : (li.getAttribute("class").contains("continued") ? "  " : "")
                        + li.findElement(By.className("author")).getAttribute("textContent") + ": "
                        + li.findElement(By.className("body")).getText())
                .toList();
    }

    @Test
    void consecutiveMessagesShareAHeaderAvatarsShowAndANewLineMarksWhereTheReaderLeftOff() throws Exception {
        server = RunningServer.start(dataDir);
        http.makeRoom(server.uri("/"), "Host", "Design");
        post("Bob", "general", "morning");
        post("Bob", "general", "the build is up");
        post("Cy", "general", "thanks");
        post("Bob", "general", "welcome");
        ChatPage ann = join("Ann");
        ann.joinRooms("design");
        ann.waitUntilConnected();
        ann.waitUntil(d -> shape(ann).size() == 4);
        assertThat(shape(ann)).containsExactly("Bob: morning", "  Bob: the build is up", "Cy: thanks",
                "Bob: welcome");
        WebElement continued = ann.driver().findElements(By.cssSelector("#messages li[data-id]")).get(1);
        assertThat(continued.findElement(By.className("author")).getRect().getWidth())
                .as("a continued message's author is left to screen readers").isLessThanOrEqualTo(1);
        assertThat(ann.driver().findElements(By.cssSelector("#messages li[data-id]")).get(0)
                .findElement(By.className("author")).getRect().getWidth()).isGreaterThan(10);

        WebElement avatar = ann.driver().findElement(By.cssSelector("#messages li[data-id] img.avatar"));
        assertThat(avatar.getAttribute("src")).endsWith("/avatars/Bob");
        ann.waitUntil(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                "return arguments[0].complete && arguments[0].naturalWidth > 0", avatar));
        Http.Reply svg = http.send(new okhttp3.Request.Builder().url(server.uri("/avatars/Bob").toString()).build());
        assertThat(svg.contentType()).startsWith("image/svg+xml");
        assertThat(svg.body()).contains(">B</text>");

        // Ann reads Design, goes to General; three messages come to Design: a line above the first of them.
        ann.driver().findElement(By.cssSelector("#rooms a[href='#design']")).click();
        ann.waitUntil(d -> d.findElement(By.id("conversation-name")).getText().contains("Design"));
        post("Bob", "design", "seen before");
        ann.waitUntil(d -> shape(ann).contains("Bob: seen before"));
        ann.driver().findElement(By.cssSelector("#rooms a[href='#general']")).click();
        ann.waitUntil(d -> d.findElement(By.id("conversation-name")).getText().contains("General"));
        post("Bob", "design", "one");
        post("Cy", "design", "two");
        post("Cy", "design", "three");
        ann.waitUntil(d -> d.findElement(By.cssSelector("#rooms a[href='#design']")).getText().contains("3"));
        ann.driver().findElement(By.cssSelector("#rooms a[href='#design']")).click();
        ann.waitUntil(d -> shape(ann).contains("  Cy: three"));
        assertThat(shape(ann)).containsExactly("Bob: seen before", "-- New messages --", "Bob: one", "Cy: two",
                "  Cy: three");

        // A long message shows its start, and all of it after "Show more".
        post("Bob", "design", "line\n".repeat(40) + "the end");
        ann.waitUntil(d -> !d.findElements(By.cssSelector("#messages .body.collapsed")).isEmpty());
        WebElement body = ann.driver().findElement(By.cssSelector("#messages .body.collapsed"));
        int collapsed = body.getRect().height;
        WebElement more = ann.driver().findElement(By.cssSelector("#messages .show-more"));
        assertThat(more.getText()).isEqualTo("Show more");
        assertThat(ann.driver().findElements(By.cssSelector("#messages .show-more"))).as("short ones have none")
                .hasSize(1);
        more.click();
        ann.waitUntil(d -> !body.getAttribute("class").contains("collapsed"));
        assertThat(body.getRect().height).isGreaterThan(collapsed * 2);
        assertThat(more.getText()).isEqualTo("Show less");

        // Ann sets a picture: her avatars show it in place of her initials.
        ann.say("my turn");
        ann.waitForMessage("Ann: my turn");
        java.nio.file.Path photo = dataDir.resolve("ann-photo.png");
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(300, 200,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        javax.imageio.ImageIO.write(image, "png", photo.toFile());
        ann.driver().findElement(By.id("picture-input")).sendKeys(photo.toString());
        ann.waitUntil(d -> (Boolean) ((JavascriptExecutor) d).executeScript("return [...document.querySelectorAll("
                + "'img.avatar[data-name=\"Ann\"]')].some(i => i.complete && i.naturalWidth === 128)"));
    }
}
