package dev.hubbub.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RawClient;
import dev.hubbub.server.testing.RunningServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client that sends its request a trickle at a time cannot hold a connection: real server, raw sockets. */
class SlowClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path dataDir;

    private RunningServer server;

    @BeforeEach
    void start() throws Exception {
        server = RunningServer.start(dataDir, c -> c.with(b -> b.limits(l -> l.requestTimeout(TIMEOUT))));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void headersTrickledAByteAtATimeAreCutOffAtTheDeadline() throws Exception {
        AtomicBoolean open = new AtomicBoolean(true);
        try (RawClient slow = RawClient.connect(server.port())) {
            slow.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            Thread dribbler = new Thread(() -> {
                try {
                    // Well within Jetty's idle timeout each time: only a deadline on the whole request stops this.
                    for (int i = 0; open.get() && i < 200; i++) {
                        slow.send("X");
                        Thread.sleep(200);
                    }
                } catch (IOException | InterruptedException closed) {
                    open.set(false);
                }
            }, "dribbler");
            dribbler.start();
            long start = System.nanoTime();
            slow.drainUntilClosed(TIMEOUT.multipliedBy(4));
            open.set(false);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(TIMEOUT.minusMillis(500));
            dribbler.join(5_000);
        }
        assertThat(new Http().post(server.uri("/chat"), Http.TEXT, "Ann: others are served").status())
                .isEqualTo(201);
    }

    @Test
    void aConnectionThatNeverSendsARequestIsClosed() throws Exception {
        try (RawClient idle = RawClient.connect(server.port())) {
            idle.drainUntilClosed(TIMEOUT.multipliedBy(4));
        }
    }

    @Test
    void aBodyThatStopsHalfWayGets408() throws Exception {
        try (RawClient slow = RawClient.connect(server.port())) {
            slow.send("POST /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n"
                    + "\r\nAnn: this is only the begi");
            String reply = slow.readUntil("s", TIMEOUT.multipliedBy(4));
            assertThat(reply).startsWith("HTTP/1.1 408 ");
            assertThat(slow.readUntil("did not arrive within 2 s", TIMEOUT)).contains("Connection: close");
        }
        assertThat(server.server().hub().page("general", null, null, 10).join().messages())
                .isEmpty();
    }
}
