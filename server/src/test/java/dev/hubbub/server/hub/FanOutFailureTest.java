package dev.hubbub.server.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubbub.server.store.SqliteStore;
import dev.hubbub.server.testing.Events;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stream whose transport fails unexpectedly is closed; the fan-out thread goes on serving everyone else. */
class FanOutFailureTest {
    @TempDir
    Path dir;

    /** A transport with a bug: its second write throws. */
    private static final class Broken extends CollectingSink {
        final AtomicReference<Throwable> aborted = new AtomicReference<>();
        private int writes;

        @Override
        public synchronized void write(ByteBuffer bytes, Completion completion) {
            if (++writes == 2) {
                throw new IllegalStateException("a bug in the transport");
            }
            super.write(bytes, completion);
        }

        @Override
        public void abort(Throwable reason) {
            aborted.set(reason);
        }
    }

    @Test
    void anExceptionFromOneStreamClosesItAndTheOthersOnTheSameThreadKeepReceiving() throws Exception {
        HubSettings settings = HubSettings.defaults("Room");
        settings = new HubSettings(settings.name(), settings.retry(), settings.keepAlive(),
                settings.replayOnConnect(), settings.replayMax(), settings.recentCache(), settings.maxLagBytes(),
                settings.presenceGrace(), 1);
        try (SqliteStore store = SqliteStore.open(dir.resolve("h.db"), 0);
             Hub room = new Hub(settings, store.events(), store.directory().rooms(), "test")) {
            Broken broken = new Broken();
            CollectingSink healthy = new CollectingSink();
            room.subscribe(new StreamRequest(View.PLAIN, "general", null, null, null, "broken"), broken).join();
            room.subscribe(new StreamRequest(View.PLAIN, "general", null, null, null, "healthy"), healthy).join();
            await().atMost(Duration.ofSeconds(5)).until(() -> healthy.text().startsWith("retry:"));
            Events.say(room, "Ann", "first");
            await().atMost(Duration.ofSeconds(5)).until(() -> broken.aborted.get() != null);
            assertThat(broken.aborted.get()).hasMessage("a bug in the transport");
            Events.say(room, "Ann", "second");
            await().atMost(Duration.ofSeconds(5)).until(() -> healthy.text().contains("data: Ann: second"));
            assertThat(healthy.text()).contains("data: Ann: first");
            assertThat(room.streamCount()).isEqualTo(1);
        }
    }
}
