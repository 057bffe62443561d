package dev.hubbub.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubbub.server.hub.Hub;
import dev.hubbub.server.testing.Events;
import dev.hubbub.server.testing.RawClient;
import dev.hubbub.server.testing.RunningServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays come from the room's shared encoded messages: slow readers asking for a long replay do not each hold a
 * copy of it, and what they still owe of it counts toward their lag, so they are cut off like any slow reader.
 */
class ReplayMemoryTest {
    private static final int READERS = 32;

    @TempDir
    Path dataDir;

    @Test
    void thirtyTwoSlowReadersOfAThousandMessageReplayLeaveTheHeapFlatAndAreCutOffInTime() throws Exception {
        List<RawClient> readers = new ArrayList<>();
        try (RunningServer server = RunningServer.start(dataDir)) {
            Hub room = server.server().hub();
            String text = ("a long line of a long message, " + "x".repeat(60) + "\n").repeat(40);
            String firstId = null;
            for (int i = 0; i < 1000; i++) {
                var stored = Events.say(room, "Ann", i + " " + text);
                if (firstId == null) {
                    firstId = room.events().format(stored.logged().position());
                }
            }
            long before = usedHeapAfterGc();
            for (int i = 0; i < READERS; i++) {
                RawClient reader = RawClient.connectWithoutReading(server.port());
                reader.send("GET /chat?view=json HTTP/1.1\r\nHost: 127.0.0.1\r\nLast-Event-ID: " + firstId + "\r\n\r\n");
                readers.add(reader);
            }
            // Generous: 32 replays of 4 MB each on a 2-core machine that may be running other tests.
            // Said as an assertion, so a failure tells how many got as far as registering.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(room.streamCount())
                    .as("streams registered with the hub").isEqualTo(READERS));
            long after = usedHeapAfterGc();
            System.out.printf("server heap with %d slow readers of a 1,000-message replay: %+.1f MiB%n", READERS,
                    (after - before) / (1024.0 * 1024));
            assertThat(after - before).as("heap taken by %d slow replays", READERS).isLessThan(16L << 20);

            // Nobody reads: as the room goes on, what each owes grows past the lag limit and it is cut off.
            for (int i = 0; room.streamCount() > 0; i++) {
                assertThat(i).as("slow replay readers still connected").isLessThan(2000);
                Events.say(room, "Bob", i + " " + text);
            }
        } finally {
            for (RawClient reader : readers) {
                reader.close();
            }
        }
    }

    /** The least of three readings, each right after a full collection. */
    private static long usedHeapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
