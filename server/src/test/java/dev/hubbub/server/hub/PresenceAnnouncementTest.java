package dev.hubbub.server.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubbub.server.store.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Joins and leaves are announced together, and one that is undone before the announcement is not announced. */
class PresenceAnnouncementTest {
    @TempDir
    Path dir;

    @Test
    void someoneWhoComesAndGoesAtOnceIsNotAnnouncedWhileACrowdArrivingTogetherIs() throws Exception {
        HubSettings settings = HubSettings.defaults("Room").with(h -> h.presenceGrace(Duration.ZERO));
        try (SqliteStore store = SqliteStore.open(dir.resolve("h.db"), 0);
             Hub room = new Hub(settings, store.events(), store.directory().rooms(), "test")) {
            CollectingSink watcher = new CollectingSink();
            room.subscribe(new StreamRequest(View.JSON, null, null, null, null, "watcher"), watcher).join();
            await().atMost(Duration.ofSeconds(5)).until(() -> watcher.text().contains("event: presence"));

            room.subscribe(new StreamRequest(View.JSON, null, null, "Flicker", null, "flicker"),
                    new CollectingSink()).join()
                    .cancel(new IllegalStateException("tab closed"));
            for (int i = 0; i < 50; i++) {
                room.subscribe(new StreamRequest(View.JSON, null, null, "Person" + i, null, "crowd"),
                        new CollectingSink()).join();
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> watcher.text().contains("\"Person49\""));
            assertThat(watcher.text().split("event: join", -1)).hasSize(51);
            assertThat(watcher.text()).doesNotContain("Flicker");
            assertThat(room.online()).hasSize(50).doesNotContain("Flicker");
        }
    }
}
