package dev.hubbub.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.server.files.PictureBombs;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decompression bombs (a tiny file declaring a huge picture) in every format the server makes thumbnails of, sixteen
 * at once, to a real {@code hubbub serve} in a JVM with a 128 MB heap: every upload is answered (stored, without a
 * thumbnail where decoding would cost too much), and the server goes on answering.
 */
class PictureBombTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int AT_ONCE = 16;

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    @Test
    void sixteenBombsAtOnceInEveryFormatAreAnsweredAndTheServerStaysUp() throws Exception {
        int port = freePort();
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        try (CommandProcess serve = CommandProcess.startWithJvmOptions(List.of("-Xmx128m"), "serve", "--host",
                "127.0.0.1", "--port", Integer.toString(port), "--data-dir", dataDir.toString(), "--no-announce",
                "--uploads-per-minute", "100000", "--max-posts-per-second", "1000", "--post-burst", "1000")) {
            while (!serve.nextLine(WAIT).equals("Press Ctrl-C to stop.")) {
                // the welcome lines
            }
            HttpResponse<String> claimed = http.send(HttpRequest.newBuilder(base.resolve("/session"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"Ann\"}")).build(), HttpResponse.BodyHandlers.ofString());
            String token = ChatJson.mapper().readTree(claimed.body()).get("token").asText();

            Map<String, PictureBombs.Bomb> bombs = PictureBombs.all();
            assertThat(bombs.keySet()).as("every format the server reads, each of its decoders' shapes")
                    .contains("png", "gif", "jpeg-baseline", "jpeg-progressive", "webp-lossy", "webp-lossless");
            for (PictureBombs.Bomb bomb : bombs.values()) {
                assertThat(bomb.bytes().length).as(bomb.name() + " is tiny").isLessThan(200_000);
                List<CompletableFuture<HttpResponse<String>>> uploads = new ArrayList<>();
                for (int i = 0; i < AT_ONCE; i++) {
                    uploads.add(http.sendAsync(HttpRequest.newBuilder(base.resolve("/files?name=" + bomb.name()))
                            .timeout(WAIT).header("Authorization", "Bearer " + token)
                            .header("Content-Type", bomb.type())
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bomb.bytes())).build(),
                            HttpResponse.BodyHandlers.ofString()));
                }
                for (CompletableFuture<HttpResponse<String>> upload : uploads) {
                    HttpResponse<String> reply = upload.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
                    assertThat(reply.statusCode()).as(bomb.name() + ": " + reply.body()).isEqualTo(201);
                    JsonNode file = ChatJson.mapper().readTree(reply.body());
                    assertThat(file.get("type").asText()).isEqualTo(bomb.type());
                    if (!bomb.cheapToDecode()) {
                        assertThat(file.has("thumbnail")).as(bomb.name() + " was not decoded").isFalse();
                    }
                }
            }
            HttpResponse<String> posted = http.send(HttpRequest.newBuilder(base.resolve("/chat"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"still here\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
            assertThat(serve.stderr()).doesNotContain("OutOfMemoryError");
            serve.stop();
        }
    }
}
