package dev.hubbub.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import java.io.ByteArrayInputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /emoji} (the picker's dataset) and {@code GET /avatars/{name}} (initials on a colour). */
class EmojiAndAvatarsTest {
    @TempDir
    Path dir;
    private RunningServer server;
    private final Http http = new Http();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theEmojiDatasetComesGzippedWithAnEtagAndNotAgainWhenUnchanged() throws Exception {
        server = RunningServer.start(dir);
        HttpURLConnection plain = (HttpURLConnection) server.uri("/emoji").toURL().openConnection();
        plain.setRequestProperty("Accept-Encoding", "gzip");
        assertThat(plain.getResponseCode()).isEqualTo(200);
        assertThat(plain.getHeaderField("Content-Encoding")).isEqualTo("gzip");
        String etag = plain.getHeaderField("ETag");
        assertThat(etag).isNotBlank();
        byte[] gzipped = plain.getInputStream().readAllBytes();
        JsonNode data = ChatJson.mapper().readTree(new String(new GZIPInputStream(
                new ByteArrayInputStream(gzipped)).readAllBytes(), StandardCharsets.UTF_8));
        assertThat(data.get("categories").get(0).asText()).isEqualTo("Smileys & Emotion");
        assertThat(data.get("emoji").size()).isGreaterThan(1800);
        JsonNode tada = null;
        for (JsonNode e : data.get("emoji")) {
            if (e.get("e").asText().equals("👍")) {
                assertThat(e.get("t")).hasSize(5);
            }
            if (e.get("s").toString().contains("\"tada\"")) {
                tada = e;
            }
        }
        assertThat(tada).isNotNull();
        assertThat(tada.get("e").asText()).isEqualTo("🎉");
        assertThat(gzipped.length).as("small on the wire").isLessThan(100_000);

        HttpURLConnection again = (HttpURLConnection) server.uri("/emoji").toURL().openConnection();
        again.setRequestProperty("If-None-Match", etag);
        assertThat(again.getResponseCode()).isEqualTo(304);
        assertThat(http.post(server.uri("/emoji"), Http.JSON, "{}").status()).isEqualTo(405);
    }

    @Test
    void anAvatarIsTheNamesInitialsOnItsColourAndWhatANameHoldsIsEscaped() throws Exception {
        server = RunningServer.start(dir);
        Http.Reply ann = http.send(new Request.Builder().url(server.uri("/avatars/ann%20lee").toString()).build());
        assertThat(ann.status()).isEqualTo(200);
        assertThat(ann.contentType()).startsWith("image/svg+xml");
        assertThat(ann.body()).contains(">AL</text>")
                .contains(dev.hubbub.chat.Avatar.of("Ann Lee").colour());
        Http.Reply hostile = http.send(new Request.Builder()
                .url(server.uri("/avatars/%3Cscript%3E").toString()).build());
        assertThat(hostile.body()).doesNotContain("<script").contains(">S</text>");
        assertThat(http.send(new Request.Builder().url(server.uri("/avatars/" + "x".repeat(41)).toString())
                .build()).status()).isEqualTo(404);
    }

    private Http.Reply as(String token, String method, String path, okhttp3.RequestBody body) throws Exception {
        return http.send(new Request.Builder().url(server.uri(path).toString())
                .header("Authorization", "Bearer " + token).method(method, body).build());
    }

    private static byte[] png(int width, int height) throws Exception {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(width, height,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(java.awt.Color.ORANGE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    void aPersonSetsAPictureFromTheirUploadAndEveryoneSeesItInPlaceOfTheirInitials() throws Exception {
        server = RunningServer.start(dir);
        String ann = ChatJson.mapper().readTree(http.post(server.uri("/session"), Http.JSON,
                "{\"name\":\"Ann Lee\"}").body()).get("token").asText();
        String bob = ChatJson.mapper().readTree(http.post(server.uri("/session"), Http.JSON,
                "{\"name\":\"Bob\"}").body()).get("token").asText();
        okhttp3.MediaType pngType = okhttp3.MediaType.get("image/png");
        String photo = ChatJson.mapper().readTree(as(ann, "POST", "/files?name=me.png",
                okhttp3.RequestBody.create(png(600, 300), pngType)).body()).get("id").asText();
        String text = ChatJson.mapper().readTree(as(ann, "POST", "/files?name=notes.txt",
                okhttp3.RequestBody.create("hello", Http.TEXT)).body()).get("id").asText();
        okhttp3.RequestBody setPhoto = okhttp3.RequestBody.create("{\"file\":\"" + photo + "\"}", Http.JSON);

        assertThat(http.send(new Request.Builder().url(server.uri("/profile/picture").toString())
                .put(setPhoto).build()).status()).as("signed in only").isEqualTo(401);
        assertThat(as(bob, "PUT", "/profile/picture", setPhoto).status()).as("someone else's upload").isEqualTo(404);
        Http.Reply notAPicture = as(ann, "PUT", "/profile/picture",
                okhttp3.RequestBody.create("{\"file\":\"" + text + "\"}", Http.JSON));
        assertThat(notAPicture.status()).isEqualTo(415);
        assertThat(notAPicture.body()).contains("notes.txt is not one");
        assertThat(http.send(new Request.Builder().url(server.uri("/avatars/Ann%20Lee?picture=only").toString())
                .build()).status()).isEqualTo(404);

        Http.Reply set = as(ann, "PUT", "/profile/picture", setPhoto);
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.body()).contains("\"picture\":\"/avatars/Ann%20Lee\"");
        okhttp3.Response shown = http.client.newCall(new Request.Builder()
                .url(server.uri("/avatars/ann%20lee").toString()).build()).execute();
        assertThat(shown.header("Content-Type")).isEqualTo("image/png");
        assertThat(shown.header("Cache-Control")).isEqualTo("private, max-age=300");
        java.awt.image.BufferedImage picture = javax.imageio.ImageIO.read(shown.body().byteStream());
        assertThat(picture.getWidth()).isEqualTo(128);
        assertThat(picture.getHeight()).as("the middle square").isEqualTo(128);
        java.awt.Color middle = new java.awt.Color(picture.getRGB(64, 64));
        assertThat(middle.getRed()).as("orange, through a JPEG thumbnail").isGreaterThan(240);
        assertThat(middle.getGreen()).isBetween(185, 215);
        assertThat(middle.getBlue()).isLessThan(25);

        assertThat(as(ann, "DELETE", "/profile/picture", null).status()).isEqualTo(204);
        assertThat(http.send(new Request.Builder().url(server.uri("/avatars/Ann%20Lee").toString()).build())
                .contentType()).startsWith("image/svg+xml");
        assertThat(as(ann, "GET", "/profile/picture", null).status()).isEqualTo(405);
    }
}
