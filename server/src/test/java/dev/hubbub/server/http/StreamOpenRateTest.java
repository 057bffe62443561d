package dev.hubbub.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.testing.RawClient;
import dev.hubbub.server.testing.RunningServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening streams in a loop (each one a replay and a join) is limited per address: real server, raw sockets. */
class StreamOpenRateTest {
    @TempDir
    Path dataDir;

    @Test
    void pastItsBurstAnAddressMustWaitBeforeOpeningMoreStreams() throws Exception {
        List<RawClient> open = new ArrayList<>();
        try (RunningServer server = RunningServer.start(dataDir,
                c -> c.with(b -> b.limits(l -> l.streamOpenRate(0.01, 5))))) {
            for (int i = 0; i < 5; i++) {
                RawClient client = RawClient.connect(server.port());
                open.add(client);
                client.send("GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                assertThat(client.readUntil("\r\n\r\n", Duration.ofSeconds(5))).startsWith("HTTP/1.1 200 ");
            }
            try (RawClient sixth = RawClient.connect(server.port())) {
                sixth.send("GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
                String reply = sixth.readUntil("try again in", Duration.ofSeconds(5));
                assertThat(reply).startsWith("HTTP/1.1 429 ").contains("Retry-After: ")
                        .contains("too many new streams from 127.0.0.1");
            }
        } finally {
            for (RawClient client : open) {
                client.close();
            }
        }
    }
}
