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
}
