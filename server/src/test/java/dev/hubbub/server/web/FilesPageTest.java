package dev.hubbub.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.testing.ChatPage;
import dev.hubbub.server.testing.PageTest;
import dev.hubbub.server.testing.RunningServer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;

/** Sending files from the page, by picking, dropping and pasting, and what others see; in real Chromium. */
class FilesPageTest extends PageTest {
    @TempDir
    Path work;

    private static Object js(ChatPage page, String script, Object... args) {
        return ((JavascriptExecutor) page.driver()).executeScript(script, args);
    }

    /** The SHA-256 of what the page downloads from {@code url}, computed in the page. */
    private static String downloadedSha256(ChatPage page, String url) {
        Object hex = ((JavascriptExecutor) page.driver()).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0]).then(r => r.ok ? r.arrayBuffer() : Promise.reject(r.status))"
                        + ".then(b => crypto.subtle.digest('SHA-256', b))"
                        + ".then(d => done(Array.from(new Uint8Array(d)).map(x => x.toString(16).padStart(2, '0')).join('')))"
                        + ".catch(e => done('failed: ' + e));", url);
        return (String) hex;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private Path picture(String name, int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0x2f6fde));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        Path file = work.resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    private static WebElement lastMessage(ChatPage page) {
        List<WebElement> items = page.driver().findElements(By.cssSelector("#messages li[data-id]"));
        return items.get(items.size() - 1);
    }

    @Test
    void aPictureAndAFilePickedWithTextShowProgressAndReachTheOtherBrowserByteForByte() throws Exception {
        server = RunningServer.start(dataDir);
        ChatPage ann = join("Ann");
        ChatPage bob = join("Bob");
        Path photo = picture("whiteboard.png", 1200, 800);
        byte[] planBytes = new byte[3_000_000];
        new Random(1).nextBytes(planBytes);
        Path plan = Files.write(work.resolve("plan.pdf"), planBytes);

        // A slow uplink, so the progress can be seen.
        ChromiumNetworkConditions slow = new ChromiumNetworkConditions();
        slow.setUploadThroughput(1_000_000);
        slow.setDownloadThroughput(100_000_000);
        slow.setLatency(Duration.ofMillis(5));
        ((ChromeDriver) ann.driver()).setNetworkConditions(slow);
        ann.driver().findElement(By.id("file-input")).sendKeys(photo + "\n" + plan);
        ann.waitUntil(d -> d.findElements(By.cssSelector("#tray li")).size() == 2);
        ann.waitUntil(d -> {
            Object shown = js(ann, "const p = document.querySelectorAll('#tray progress')[1];"
                    + "return p.value > 0 && p.value < p.max ? document.querySelectorAll('.upload-state')[1].textContent : null;");
            return shown != null && ((String) shown).endsWith("%");
        });
        ann.driver().findElement(By.id("text")).sendKeys("here is the plan");
        ann.driver().findElement(By.id("send")).click();
        assertThat(ann.driver().findElement(By.id("send")).getText()).isEqualTo("Uploading…");
        ann.waitUntil(d -> d.findElements(By.cssSelector("#tray li")).isEmpty());
        ((ChromeDriver) ann.driver()).deleteNetworkConditions();
        ann.waitForMessage("Ann: here is the plan");

        bob.waitForMessage("Ann: here is the plan");
        WebElement message = lastMessage(bob);
        WebElement img = message.findElement(By.cssSelector(".files .picture img"));
        bob.waitUntil(d -> ((Number) js(bob, "return arguments[0].naturalWidth", img)).intValue() == 400);
        assertThat(img.getAttribute("alt")).isEqualTo("whiteboard.png");
        assertThat(img.getAttribute("width")).isEqualTo("280");
        String full = message.findElement(By.cssSelector(".files .picture")).getAttribute("href");
        assertThat(downloadedSha256(bob, full)).isEqualTo(sha256(Files.readAllBytes(photo)));
        WebElement card = message.findElement(By.cssSelector(".files .file-card"));
        assertThat(card.getText()).contains("plan.pdf").contains("3.0 MB").contains("application/pdf");
        assertThat(card.getAttribute("download")).isEqualTo("plan.pdf");
        assertThat(downloadedSha256(bob, card.getAttribute("href"))).isEqualTo(sha256(planBytes));

        // Search finds the files by their names, and shows them as files.
        WebElement search = bob.driver().findElement(By.id("search"));
        search.sendKeys("whiteboard", org.openqa.selenium.Keys.ENTER);
        bob.waitUntil(d -> d.findElements(By.cssSelector("#search-list li")).size() == 1);
        assertThat(bob.driver().findElement(By.cssSelector("#search-list .file-result")).getText())
                .matches("📎 whiteboard\\.png · [0-9.]+ (B|kB)");
        assertThat(bob.driver().findElement(By.cssSelector("#search-list .file-result mark")).getText())
                .isEqualTo("whiteboard");
    }

    @Test
    void anUploadCanBeCancelledAndNothingOfItIsSent() throws Exception {
        server = RunningServer.start(dataDir);
        ChatPage ann = join("Ann");
        byte[] big = new byte[8_000_000];
        new Random(2).nextBytes(big);
        Path file = Files.write(work.resolve("big.bin"), big);
        ChromiumNetworkConditions slow = new ChromiumNetworkConditions();
        slow.setUploadThroughput(500_000);
        slow.setLatency(Duration.ofMillis(5));
        ((ChromeDriver) ann.driver()).setNetworkConditions(slow);
        ann.driver().findElement(By.id("file-input")).sendKeys(file.toString());
        ann.waitUntil(d -> ((Number) js(ann, "const p = document.querySelector('#tray progress');"
                + "return p ? p.value : 0")).doubleValue() > 0);
        ann.driver().findElement(By.cssSelector("#tray .remove")).click();
        assertThat(ann.driver().findElements(By.cssSelector("#tray li"))).isEmpty();
        ((ChromeDriver) ann.driver()).deleteNetworkConditions();
        ann.say("never mind");
        ann.waitForMessage("Ann: never mind");
        assertThat(lastMessage(ann).findElements(By.cssSelector(".files"))).isEmpty();
        ann.waitUntil(d -> server.server().files().used() == 0 && incomingIsEmpty());
    }

    private boolean incomingIsEmpty() {
        try (var files = Files.list(dataDir.resolve("files").resolve("incoming"))) {
            return files.findAny().isEmpty();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void filesDroppedOnTheConversationOrPastedAreSent() throws Exception {
        server = RunningServer.start(dataDir);
        ChatPage ann = join("Ann");
        ChatPage bob = join("Bob");
        js(ann, "const dt = new DataTransfer();"
                + "dt.items.add(new File(['the minutes'], 'minutes.txt', {type: 'text/plain'}));"
                + "const target = document.querySelector('#messages');"
                + "target.dispatchEvent(new DragEvent('dragenter', {dataTransfer: dt, bubbles: true, cancelable: true}));"
                + "window.__dropping = document.querySelector('.conversation').classList.contains('dropping');"
                + "target.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));");
        assertThat(js(ann, "return window.__dropping")).isEqualTo(true);
        ann.waitUntil(d -> d.findElements(By.cssSelector("#tray li.done")).size() == 1);
        ann.driver().findElement(By.id("send")).click();
        bob.waitUntil(d -> d.findElements(By.cssSelector("#messages .file-card")).size() == 1);
        WebElement minutes = bob.driver().findElement(By.cssSelector("#messages .file-card"));
        assertThat(minutes.getText()).contains("minutes.txt");
        assertThat(downloadedSha256(bob, minutes.getAttribute("href")))
                .isEqualTo(sha256("the minutes".getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        // A screenshot in the clipboard: a PNG pasted into the page.
        String png = java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(picture("x.png", 64, 48)));
        js(ann, "const bytes = Uint8Array.from(atob(arguments[0]), c => c.charCodeAt(0));"
                + "const dt = new DataTransfer();"
                + "dt.items.add(new File([bytes], 'image.png', {type: 'image/png'}));"
                + "document.querySelector('#text').dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt,"
                + " bubbles: true, cancelable: true}));", png);
        ann.waitUntil(d -> d.findElements(By.cssSelector("#tray li.done")).size() == 1);
        assertThat(ann.driver().findElement(By.cssSelector("#tray .file-name")).getText())
                .startsWith("Pasted image ").endsWith(".png");
        ann.say("look");
        bob.waitForMessage("Ann: look");
        WebElement img = lastMessage(bob).findElement(By.cssSelector(".picture img"));
        bob.waitUntil(d -> ((Number) js(bob, "return arguments[0].naturalWidth", img)).intValue() == 64);
    }

    @Test
    void anSvgOrHtmlFileWithAScriptIsDownloadedNeverRunInTheRoomsOrigin() throws Exception {
        server = RunningServer.start(dataDir);
        ChatPage ann = join("Ann");
        String script = "localStorage.setItem('pwned', location.pathname)";
        Object[][] files = {
            {"evil.svg", "image/svg+xml", "<svg xmlns='http://www.w3.org/2000/svg'><script>" + script + "</script></svg>"},
            {"evil.html", "text/html", "<script>" + script + "</script>"},
        };
        for (Object[] file : files) {
            js(ann, "const dt = new DataTransfer();"
                    + "dt.items.add(new File([arguments[2]], arguments[0], {type: arguments[1]}));"
                    + "document.querySelector('#messages').dispatchEvent(new DragEvent('drop', {dataTransfer: dt,"
                    + " bubbles: true, cancelable: true}));", file[0], file[1], file[2]);
            ann.waitUntil(d -> d.findElements(By.cssSelector("#tray li.done")).size() == 1);
            ann.driver().findElement(By.id("send")).click();
            ann.waitUntil(d -> d.findElements(By.cssSelector("#tray li")).isEmpty());
        }
        ann.waitUntil(d -> d.findElements(By.cssSelector("#messages .file-card")).size() == 2);
        List<String> links = new ArrayList<>();
        for (WebElement card : ann.driver().findElements(By.cssSelector("#messages .file-card"))) {
            links.add(card.getAttribute("href"));
        }
        String page = ann.driver().getCurrentUrl();
        for (String link : links) {
            ann.driver().get(link);
            // Served as a download, the file is never a document of the room's origin.
            assertThat((String) js(ann, "return location.pathname")).doesNotStartWith("/files/");
            ann.driver().get(page);
            assertThat(js(ann, "return localStorage.getItem('pwned')")).isNull();
        }
    }
}
