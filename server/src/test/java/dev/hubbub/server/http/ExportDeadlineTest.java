package dev.hubbub.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.Pictures;
import dev.hubbub.server.testing.RawClient;
import dev.hubbub.server.testing.RunningServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports read too slowly to finish (clients that take a few bytes now and then, or none) hold the person's two
 * exports only until the export deadline: then their connections are closed and the person exports again.
 */
class ExportDeadlineTest {
    private static final Duration DEADLINE = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void anExportReadTooSlowlyIsCutAtItsDeadlineAndFreesItsPlace(@TempDir Path dir) throws Exception {
        try (RunningServer server = RunningServer.start(dir, c -> c.with(b -> b.limits(l -> l.exportDeadline(
                DEADLINE))))) {
            Http http = new Http(new OkHttpClient.Builder().readTimeout(WAIT).build());
            String ann = http.claim(server.uri("/"), "Ann");
            byte[] picture = Pictures.noise(1000); // about 3 MB: four make a page no socket buffer holds
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Http.Reply uploaded = http.send(new Request.Builder().url(server.uri("/files?name=noise-" + i
                        + ".png").toString()).header("Authorization", "Bearer " + ann)
                        .post(RequestBody.create(picture, okhttp3.MediaType.get("image/png"))).build());
                assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
                ids.add(ChatJson.mapper().readTree(uploaded.body()).get("id").asText());
            }
            assertThat(http.send(ann, "POST", server.uri("/chat"), "{\"text\":\"noise\",\"files\":"
                    + ChatJson.write(ids) + "}").status()).isEqualTo(201);

            String export = "GET /export?room=general&format=html HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + ann + "\r\n\r\n";
            try (RawClient slow = RawClient.connectWithoutReading(server.port());
                 RawClient slower = RawClient.connectWithoutReading(server.port())) {
                slow.send(export);
                slower.send(export);
                assertThat(slow.readUntil("<!doctype html>", WAIT)).startsWith("HTTP/1.1 200");
                assertThat(slower.readUntil("<!doctype html>", WAIT)).startsWith("HTTP/1.1 200");
                assertThat(status(http, server, ann)).as("both of Ann's exports are taken").isEqualTo(429);

                long deadline = System.nanoTime() + WAIT.toNanos();
                int status;
                while ((status = status(http, server, ann)) == 429 && System.nanoTime() < deadline) {
                    Thread.sleep(100); // asked again until the deadline above: no answer tells when it will change
                }
                assertThat(status).as("an export once the slow ones passed their deadline").isEqualTo(200);
                slow.drainUntilClosed(WAIT);
                slower.drainUntilClosed(WAIT);
            }
        }
    }

    /** Asks for Ann's export and hangs up as soon as the status is in (the server's export then ends). */
    private static int status(Http http, RunningServer server, String token) throws Exception {
        try (Response response = http.client.newCall(new Request.Builder()
                .url(server.uri("/export?room=general&format=html").toString())
                .header("Authorization", "Bearer " + token).build()).execute()) {
            return response.code();
        }
    }
}
