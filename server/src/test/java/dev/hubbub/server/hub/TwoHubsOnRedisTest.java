package dev.hubbub.server.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.store.Logged;
import dev.hubbub.server.store.RedisEventLog;
import dev.hubbub.server.store.RedisStore;
import dev.hubbub.server.testing.Events;
import dev.hubbub.server.testing.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hubs (two servers) on one Redis: what is posted on one reaches streams on the other, and a stream that moves
 * from one to the other with its last event id gets every later event once, even when it arrives before its new
 * server has heard of that id.
 */
class TwoHubsOnRedisTest {
    @TempDir
    Path dir;

    private static int count(String text, String line) {
        return text.split(java.util.regex.Pattern.quote("data: " + line + "\n"), -1).length - 1;
    }

    @Test
    void aStreamMovedToTheOtherServerWithItsLastIdGetsEveryLaterEventOnce() throws Exception {
        HubSettings settings = HubSettings.defaults("Room");
        List<StreamEvents.RoomInfo> rooms = List.of(new StreamEvents.RoomInfo("general", "General"));
        try (RedisServer redis = RedisServer.start(dir.resolve("redis"));
             RedisStore storeA = RedisStore.open(redis.uri(), "two:", dir.resolve("a.db"), 0);
             RedisStore storeB = RedisStore.open(redis.uri(), "two:", dir.resolve("b.db"), 0);
             Hub a = new Hub(settings, storeA.events(), rooms, "a");
             Hub b = new Hub(settings, storeB.events(), rooms, "b")) {
            RedisEventLog logA = storeA.events();
            CollectingSink onB = new CollectingSink();
            b.subscribe(new StreamRequest(View.PLAIN, "general", null, null, null, "watcher on b"), onB).join();
            List<Logged> posted = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                posted.add(a.append(Events.inGeneral("Ann", "m" + i)).join().logged());
            }
            String tenth = logA.format(posted.get(9).position());
            CollectingSink moved = new CollectingSink();
            b.subscribe(new StreamRequest(View.PLAIN, "general", null, null, tenth, "moved"), moved).join();
            for (int i = 21; i <= 30; i++) {
                (i % 2 == 0 ? a : b).append(Events.inGeneral("Ann", "m" + i)).join();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> count(moved.text(), "Ann: m30") == 1
                    && count(onB.text(), "Ann: m30") == 1);
            for (int i = 1; i <= 30; i++) {
                assertThat(count(onB.text(), "Ann: m" + i)).as("m" + i + " on b").isEqualTo(1);
                assertThat(count(moved.text(), "Ann: m" + i)).as("m" + i + " after the move")
                        .isEqualTo(i <= 10 ? 0 : 1);
            }
        }
    }
}
