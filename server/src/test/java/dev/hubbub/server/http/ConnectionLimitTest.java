package dev.hubbub.server.http;

import dev.hubbub.server.testing.RawClient;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.testing.RunningServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One address may hold at most --max-connections-per-address TCP connections; the next is closed at once. */
class ConnectionLimitTest {
    @TempDir
    Path dataDir;

    @Test
    void aConnectionOverTheLimitIsClosedAndTheOthersStillWork() throws Exception {
        try (RunningServer server = RunningServer.start(dataDir,
                c -> c.with(b -> b.limits(l -> l.maxConnectionsPerAddress(3))))) {
            List<RawClient> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    RawClient client = RawClient.connect(server.port());
                    client.send("GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                    assertThat(client.readUntil("\"streams\"", Duration.ofSeconds(5))).startsWith("HTTP/1.1 200");
                    held.add(client);
                }
                try (Socket fourth = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                    fourth.setSoTimeout(5_000);
                    try {
                        fourth.getOutputStream().write(
                                "GET /status HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        assertThat(fourth.getInputStream().read()).as("closed without an answer").isEqualTo(-1);
                    } catch (IOException reset) {
                        // closed: a reset is as good as an end of stream here
                    }
                }
                RawClient first = held.get(0);
                first.send("GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                assertThat(first.readUntil("HTTP/1.1 200", 2, Duration.ofSeconds(5))).isNotEmpty();
            } finally {
                for (RawClient client : held) {
                    client.close();
                }
            }
            // Closed connections are counted out: new ones are welcome again.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                try (RawClient probe = RawClient.connect(server.port())) {
                    probe.send("GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                    assertThat(probe.readUntil("\"streams\"", Duration.ofSeconds(2))).startsWith("HTTP/1.1 200");
                }
            });
        }
    }

    @Test
    void aStreamRefusedForWantOfRoomClosesItsConnection() throws Exception {
        try (RunningServer server = RunningServer.start(dataDir, c -> c.with(b -> b.limits(l -> l.maxStreams(1)
                .maxStreamsPerAddress(64))));
             RawClient first = RawClient.connect(server.port());
             RawClient refused = RawClient.connect(server.port())) {
            first.send("GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(first.readUntil("\r\n\r\n", Duration.ofSeconds(5))).startsWith("HTTP/1.1 200");
            refused.send("GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            String answer = refused.readUntil("the room is full", Duration.ofSeconds(5));
            assertThat(answer).startsWith("HTTP/1.1 503").containsIgnoringCase("Connection: close");
            refused.drainUntilClosed(Duration.ofSeconds(5));
        }
    }
}
