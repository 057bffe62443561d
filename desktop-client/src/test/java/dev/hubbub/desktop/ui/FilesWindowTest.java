package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.DesktopFixture.onFx;
import static dev.hubbub.desktop.ui.DesktopFixture.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.Attachment;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.server.testing.Browser;
import dev.hubbub.server.testing.ChatPage;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javax.imageio.ImageIO;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/** Files in the app: dragged onto the window and sent, pictures inline, files saved; against a real server. */
class FilesWindowTest {
    @TempDir
    Path dir;

    private final Http http = new Http();
    private RunningServer server;
    private DesktopFixture app;
    private ChromeDriver browser;

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private Path picture(String name, int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        Path file = dir.resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    @Test
    void filesDraggedOntoTheWindowReachThePageAndItsPictureShowsInline() throws Exception {
        server = RunningServer.start(dir.resolve("room"));
        app = DesktopFixture.start(DesktopFixture.config(server.uri("/").toString(), "Ann", dir));
        until(() -> app.statusText().contains("Connected"));
        browser = Browser.start();
        ChatPage bob = new ChatPage(browser).joinAs(server.uri("/"), "Bob");

        byte[] planBytes = new byte[2_000_000];
        new Random(1).nextBytes(planBytes);
        Path plan = Files.write(dir.resolve("plan.pdf"), planBytes);
        Path photo = picture("photo.png", 800, 600);

        // A file manager's drag: a source that offers the files, dropped on the message list.
        Label source = onFx(() -> {
            Label label = new Label("two files");
            label.setId("drag-source");
            label.setOnDragDetected(e -> {
                Dragboard board = label.startDragAndDrop(TransferMode.COPY);
                ClipboardContent content = new ClipboardContent();
                content.putFiles(List.of(plan.toFile(), photo.toFile()));
                board.setContent(content);
                e.consume();
            });
            ((HBox) app.robot.lookup("#leave").query().getParent()).getChildren().add(0, label);
            return label;
        });
        app.robot.drag(source).dropTo("#messages");
        until(() -> app.robot.lookup("#tray .upload.done").queryAll().size() == 2);
        app.say("here is the plan");
        until(() -> app.lines().contains("Ann: here is the plan"));
        until(() -> app.robot.lookup("#tray").query().isVisible() == false);

        bob.waitForMessage("Ann: here is the plan");
        WebElement card = browser.findElement(By.cssSelector("#messages .file-card"));
        assertThat(card.getText()).contains("plan.pdf");
        Object downloaded = ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0]).then(r => r.arrayBuffer()).then(b => crypto.subtle.digest('SHA-256', b))"
                        + ".then(d => done(Array.from(new Uint8Array(d)).map(x => x.toString(16).padStart(2, '0'))"
                        + ".join('')));", card.getAttribute("href"));
        assertThat(downloaded).isEqualTo(sha256(planBytes));
        WebElement img = browser.findElement(By.cssSelector("#messages .picture img"));
        bob.waitUntil(d -> ((Number) ((JavascriptExecutor) browser).executeScript(
                "return arguments[0].naturalWidth", img)).intValue() == 400);

        // In the app: the picture inline, drawn from its thumbnail.
        until(() -> app.robot.lookup("#messages .picture").queryAll().stream()
                .anyMatch(node -> ((ImageView) node).getImage() != null
                        && ((ImageView) node).getImage().getWidth() == 240));
    }

    @Test
    void aPictureFromThePageShowsInlineAndAFileSavesByteForByte() throws Exception {
        server = RunningServer.start(dir.resolve("room"));
        Http.Reply claimed = http.post(server.uri("/session"), Http.JSON, "{\"name\":\"Bob\"}");
        String bob = ChatJson.mapper().readTree(claimed.body()).get("token").asText();
        app = DesktopFixture.start(DesktopFixture.config(server.uri("/").toString(), "Ann", dir));
        until(() -> app.statusText().contains("Connected"));

        byte[] report = new byte[1_500_000];
        new Random(2).nextBytes(report);
        Attachment file = upload(bob, "report.pdf", "application/pdf", report);
        Attachment pic = upload(bob, "wide.png", "image/png", Files.readAllBytes(picture("wide.png", 1000, 250)));
        Http.Reply sent = http.send(new Request.Builder().url(server.uri("/chat").toString())
                .header("Authorization", "Bearer " + bob).post(RequestBody.create("{\"to\":\"Ann\",\"text\":\"\","
                        + "\"files\":[\"" + file.id() + "\",\"" + pic.id() + "\"]}", Http.JSON)).build());
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);

        // The direct conversation appears in the places once Bob's message has come; then Ann opens it.
        until(() -> {
            javafx.scene.control.ListView<?> places = app.robot.lookup("#places").queryListView();
            places.getItems().stream().filter(p -> ((Places.Place) p).key().equals("@bob")).findFirst()
                    .ifPresent(p -> places.getSelectionModel().select(places.getItems().indexOf(p)));
            return "@ Bob".equals(app.robot.lookup("#place-name").queryLabeled().getText());
        });
        until(() -> app.items().stream().anyMatch(item -> item.files().size() == 2));
        until(() -> app.robot.lookup("#messages .picture").queryAll().stream()
                .anyMatch(node -> ((ImageView) node).getImage() != null));
        ImageView shown = (ImageView) app.robot.lookup("#messages .picture").queryAll().iterator().next();
        assertThat(onFx(shown::getFitWidth)).isEqualTo(240.0);
        assertThat(onFx(shown::getFitHeight)).isEqualTo(60.0);
        assertThat(app.robot.lookup("#messages .file-card .file-name").queryLabeled().getText())
                .isEqualTo("report.pdf");

        Path saved = dir.resolve("Downloads").resolve("report.pdf");
        ChatView view = onFx(() -> (ChatView) app.robot.lookup("#messages").query().getProperties().get(ChatView.class));
        onFx(() -> {
            view.fileViews().saveTo(file, saved);
            return null;
        });
        until(() -> app.robot.lookup("#problem").queryLabeled().getText().startsWith("Saved report.pdf"));
        assertThat(sha256(Files.readAllBytes(saved))).isEqualTo(sha256(report));
        try (var left = Files.list(saved.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("report.pdf");
        }

        // Search finds the files of a direct message by their names, and shows them as files.
        app.robot.clickOn("#search");
        app.robot.write("report");
        app.robot.type(javafx.scene.input.KeyCode.ENTER);
        until(() -> app.robot.lookup("#search-results").queryListView().getItems().size() == 1);
        assertThat(onFx(() -> ((javafx.scene.control.Labeled) app.robot.lookup("#search-results .list-cell")
                .queryAll().iterator().next()).getText())).contains("File: report.pdf (1.5 MB)")
                .contains("File: wide.png");
        // Choosing the result closes the results and shows the message.
        app.robot.clickOn(onFx(() -> app.robot.lookup("#search-results .list-cell").queryAll().iterator().next()));
        until(() -> app.robot.lookup("#search-results").queryAll().stream().noneMatch(n -> n.getScene() != null
                && n.getScene().getWindow().isShowing()));
    }

    @Test
    void aPicturePastedFromTheClipboardIsSentAsAPng() throws Exception {
        server = RunningServer.start(dir.resolve("room"));
        app = DesktopFixture.start(DesktopFixture.config(server.uri("/").toString(), "Ann", dir));
        until(() -> app.statusText().contains("Connected"));
        onFx(() -> {
            javafx.scene.image.WritableImage shot = new javafx.scene.image.WritableImage(64, 48);
            for (int y = 0; y < 48; y++) {
                for (int x = 0; x < 64; x++) {
                    shot.getPixelWriter().setColor(x, y, javafx.scene.paint.Color.CORNFLOWERBLUE);
                }
            }
            javafx.scene.input.ClipboardContent content = new javafx.scene.input.ClipboardContent();
            content.putImage(shot);
            return javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
        });
        app.robot.clickOn("#input");
        app.robot.press(javafx.scene.input.KeyCode.CONTROL).type(javafx.scene.input.KeyCode.V)
                .release(javafx.scene.input.KeyCode.CONTROL);
        until(() -> app.robot.lookup("#tray .upload.done").queryAll().size() == 1);
        app.say("my screen");
        until(() -> app.items().stream().anyMatch(item -> item.text().equals("my screen") && item.id() != null));
        Attachment pasted = app.items().stream().filter(item -> item.text().equals("my screen")).findFirst()
                .orElseThrow().files().get(0);
        assertThat(pasted.name()).startsWith("Pasted image ").endsWith(".png");
        assertThat(pasted.type()).isEqualTo("image/png");
        assertThat(pasted.width()).isEqualTo(64);
        assertThat(pasted.height()).isEqualTo(48);
    }

    private Attachment upload(String token, String name, String type, byte[] bytes) throws Exception {
        Http.Reply reply = http.send(new Request.Builder().url(server.uri("/files?name=" + name).toString())
                .header("Authorization", "Bearer " + token)
                .post(RequestBody.create(bytes, okhttp3.MediaType.get(type))).build());
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return ChatJson.read(reply.body(), Attachment.class);
    }

}
