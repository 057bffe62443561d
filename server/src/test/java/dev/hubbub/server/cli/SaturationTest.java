package dev.hubbub.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.testing.RawClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full server still answers: {@code hubbub serve} in a process whose open-file limit is 512 holds as many
 * streams as that allows, then refuses the next with 503 at once and closes it, so that 600 refused clients that
 * never close hold nothing, while posts, the page and the streams it holds keep working.
 */
class SaturationTest {
    private static final Pattern LOCAL = Pattern.compile("On this machine: http://127\\.0\\.0\\.1:(\\d+)/|"
            + "Only this machine can join, at http://127\\.0\\.0\\.1:(\\d+)/");
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** A JVM starting on a machine busy with other builds may take a while to say anything. */
    private static final Duration STARTING = Duration.ofSeconds(60);
    /** Refused clients that keep their sockets open: more than the whole open-file limit. */
    private static final int NEVER_CLOSING = 600;

    @TempDir
    Path dataDir;

    @Test
    void atTheOpenFileLimitANewStreamGets503AndIsClosedWhilePostsPagesAndOpenStreamsWork() throws Exception {
        List<RawClient> streams = new ArrayList<>();
        List<RawClient> neverClosing = new ArrayList<>();
        try (CommandProcess serve = CommandProcess.startWithOpenFileLimit(512, "serve", "--host", "127.0.0.1",
                "--port", "0", "--data-dir", dataDir.toString(), "--no-announce",
                "--max-streams-per-address", "100000", "--max-connections-per-address", "100000",
                "--max-stream-opens-per-second", "100000", "--stream-open-burst", "100000")) {
            int port = 0;
            for (String line; !(line = serve.nextLine(STARTING)).equals("Press Ctrl-C to stop."); ) {
                Matcher m = LOCAL.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2));
                }
            }
            String refused = null;
            long refusedNanos = 0;
            while (refused == null) {
                assertThat(streams.size()).as("streams before one was refused").isLessThan(512);
                RawClient client = RawClient.connect(port);
                long start = System.nanoTime();
                client.send("GET /chat HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n");
                String head = client.readUntil("\r\n\r\n", WAIT);
                if (head.startsWith("HTTP/1.1 200 ")) {
                    streams.add(client);
                } else {
                    refusedNanos = System.nanoTime() - start;
                    refused = head + client.readUntil("minute", WAIT);
                    client.close();
                }
            }
            assertThat(refused).startsWith("HTTP/1.1 503 ").contains("Retry-After: 30")
                    .contains("the room is full");
            assertThat(streams.size()).as("streams held under a limit of 512 open files").isBetween(300, 460);

            // Refused streams whose clients never close: each is answered, and the server closes it, so they hold
            // none of the files kept for posts (it waited for each client to close, and a post got no answer).
            for (int i = 0; i < NEVER_CLOSING; i++) {
                RawClient client = RawClient.connect(port);
                neverClosing.add(client);
                client.send("GET /chat HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n");
                assertThat(client.readUntil("\r\n\r\n", WAIT)).as("refused stream %d", i).startsWith("HTTP/1.1 503 ");
            }

            long postStart = System.nanoTime();
            try (RawClient poster = RawClient.connect(port)) {
                String body = "Ann: the room is full but I can still talk";
                poster.send("POST /chat HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: text/plain\r\n"
                        + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
                assertThat(poster.readUntil("\r\n\r\n", WAIT)).startsWith("HTTP/1.1 201 ");
            }
            long postNanos = System.nanoTime() - postStart;
            try (RawClient page = RawClient.connect(port)) {
                page.send("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n");
                assertThat(page.readUntil("\r\n\r\n", WAIT)).startsWith("HTTP/1.1 200 ");
            }
            for (RawClient stream : List.of(streams.get(0), streams.get(streams.size() - 1))) {
                assertThat(stream.readUntil("the room is full but I can still talk", WAIT)).contains("event: chat");
            }
            System.out.printf("saturation at ulimit -n 512: %d streams held, %d refused ones never closed; refused"
                    + " stream answered in %.1f ms, a post in %.1f ms%n", streams.size(), neverClosing.size(),
                    refusedNanos / 1e6, postNanos / 1e6);
        } finally {
            for (RawClient stream : streams) {
                stream.close();
            }
            for (RawClient client : neverClosing) {
                client.close();
            }
        }
    }
}
