package dev.hubbub.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RawClient;
import dev.hubbub.server.testing.RunningServer;
import dev.hubbub.server.testing.StreamReader;
import dev.hubbub.sse.ServerSentEvent;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One client that stops reading cannot slow the room: it is cut off, and everyone else keeps receiving. */
class SlowSubscriberTest {
    @TempDir
    Path dataDir;

    @Test
    void aClientThatStopsReadingIsCutOffWhileOthersKeepReceivingEverything() throws Exception {
        try (RunningServer server = RunningServer.start(dataDir,
                c -> c.with(b -> b.hub(h -> h.maxLagBytes(256 * 1024))));
             RawClient stalled = RawClient.connectWithoutReading(server.port())) {
            Http http = new Http();
            stalled.send("GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> server.server().hub().streamCount() == 1);
            try (Http.Stream healthy = http.open(server.uri("/chat"), null)) {
                StreamReader reader = new StreamReader(healthy.response().body().byteStream(), "healthy");
                String text = "x".repeat(3900);
                // The kernel buffers up to a few MB for the stalled socket before the server's writes back up;
                // keep posting until the room cuts it off, and check the healthy client got every message on time.
                int posted = 0;
                while (server.server().hub().streamCount() > 1) {
                    assertThat(posted).as("the stalled client was never cut off").isLessThan(4000);
                    posted++;
                    Http.Reply reply = http.post(server.uri("/chat"), Http.TEXT, "Ann: " + posted + " " + text);
                    assertThat(reply.status()).isEqualTo(201);
                    ServerSentEvent event = reader.next(Duration.ofSeconds(5));
                    assertThat(event.lastEventId())
                            .isEqualTo(dev.hubbub.chat.ChatJson.mapper().readTree(reply.body()).get("id").asText());
                }
                assertThat(posted).isGreaterThan(256 * 1024 / 4000);
                stalled.drainUntilClosed(Duration.ofSeconds(10));
                assertThat(http.post(server.uri("/chat"), Http.TEXT, "Ann: after").status()).isEqualTo(201);
                assertThat(reader.next(Duration.ofSeconds(5)).data()).isEqualTo("Ann: after");
            }
        }
    }
}
