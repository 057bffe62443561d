package dev.hubbub.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ReadState} does, whichever store keeps it: follows that taking part cannot undo a choice to stop
 * following, a limit kept by servers following at once, read positions that never move back, and all of it kept
 * across a restart.
 */
abstract class ReadStateContract {
    private static final Position ROOT = new Position(10, 0);

    /** The test's read state; each call may be another server's. */
    abstract ReadState reading();

    /** The read state after the server (or its store) stopped and started again. */
    abstract ReadState afterRestart();

    @Test
    void takingPartFollowsUnlessThePersonChoseToStop() {
        ReadState a = reading();
        ReadState b = reading();
        assertThat(a.follows("~ann", ROOT)).isFalse();
        assertThat(a.follow("~ann", ROOT, "general", false)).isEqualTo(ReadState.Follow.STARTED);
        assertThat(b.follow("~ann", ROOT, "general", true)).isEqualTo(ReadState.Follow.ALREADY);
        assertThat(b.follows("~ann", ROOT)).isTrue();
        assertThat(b.follows("~bob", ROOT)).as("one person's follows are theirs").isFalse();
        b.unfollow("~ann", ROOT, "general");
        assertThat(a.follows("~ann", ROOT)).isFalse();
        assertThat(a.follow("~ann", ROOT, "general", false)).as("taking part again")
                .isEqualTo(ReadState.Follow.DECLINED);
        assertThat(a.follows("~ann", ROOT)).isFalse();
        assertThat(a.follow("~ann", ROOT, "general", true)).as("choosing to follow again")
                .isEqualTo(ReadState.Follow.STARTED);

        Position later = new Position(20, 3);
        b.follow("~ann", later, "dm:~ann:~bob", false);
        assertThat(afterRestart().followed("~ann")).as("the newest followed first, kept across a restart")
                .containsExactly(new ReadState.Followed(later, "dm:~ann:~bob"),
                        new ReadState.Followed(ROOT, "general"));
        assertThat(reading().followed("~nobody")).isEmpty();
    }

    @Test
    void aPersonFollowsAtMostTheLimitEvenFromServersAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<ReadState.Follow>> follows = new ArrayList<>();
            List<ReadState> servers = List.of(reading(), reading());
            for (int i = 0; i < ReadState.MAX_FOLLOWED + 20; i++) {
                ReadState server = servers.get(i % 2);
                Position root = new Position(1_000 + i, 0);
                boolean chosen = i % 3 == 0;
                follows.add(() -> server.follow("~ann", root, "general", chosen));
            }
            List<ReadState.Follow> answers = new ArrayList<>();
            for (Future<ReadState.Follow> answer : pool.invokeAll(follows)) {
                answers.add(answer.get());
            }
            assertThat(answers.stream().filter(a -> a == ReadState.Follow.STARTED)).hasSize(ReadState.MAX_FOLLOWED);
            assertThat(answers.stream().filter(a -> a == ReadState.Follow.TOO_MANY)).hasSize(20);
            assertThat(reading().followed("~ann")).hasSize(ReadState.MAX_FOLLOWED);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aReadPositionMovesOnNeverBackAndIsKept() {
        ReadState a = reading();
        ReadState b = reading();
        String place = ReadState.threadPlace(ROOT);
        assertThat(place).isNotEqualTo(ReadState.threadPlace(new Position(10, 1)));
        assertThat(a.readUpTo("~ann", "general")).isEmpty();
        a.markRead("~ann", "Ann", "general", new Position(5, 0));
        assertThat(a.readUpTo("~ann", "general")).as("seen at once").contains(new Position(5, 0));
        b.markRead("~ann", "Ann", "general", new Position(4, 9));
        a.markRead("~ann", "Ann", "general", new Position(5, 2));
        a.markRead("~bob", "Bob", "general", new Position(3, 0));
        a.markRead("~ann", "Ann", place, new Position(11, 0));
        assertThat(a.readUpTo("~ann", "general")).contains(new Position(5, 2));
        org.awaitility.Awaitility.await("another server, in a moment").atMost(java.time.Duration.ofSeconds(10))
                .until(() -> b.readUpTo("general", Set.of("~ann", "~bob", "~cy")).equals(Map.of(
                        "~ann", new Position(5, 2), "~bob", new Position(3, 0))));
        ReadState restarted = afterRestart();
        assertThat(restarted.readUpTo("~ann", "general")).contains(new Position(5, 2));
        assertThat(restarted.readUpTo("~ann", place)).contains(new Position(11, 0));
        restarted.markRead("~ann", "Ann", "general", new Position(1, 0));
        assertThat(restarted.readUpTo("general", Set.of("~ann"))).containsEntry("~ann", new Position(5, 2));
        assertThat(restarted.readers("general", 10)).as("who read there, with the names they had").isEqualTo(Map.of(
                "~ann", new ReadState.Reader("Ann", new Position(5, 2)),
                "~bob", new ReadState.Reader("Bob", new Position(3, 0))));
        assertThat(restarted.readers("general", 1)).hasSize(1);
        assertThat(restarted.readers("nowhere", 10)).isEmpty();
    }

    @Test
    void aPersonKeepsPositionsInAtMostTheLimitOfPlacesForgettingTheOneFurthestBack() {
        ReadState a = reading();
        a.markRead("~bob", "Bob", "place-0", new Position(1, 0));
        for (int i = 0; i <= ReadState.MAX_PLACES; i++) {
            a.markRead("~eve", "Eve", "place-" + i, new Position(100 + i, 0));
        }
        String newest = "place-" + ReadState.MAX_PLACES;
        org.awaitility.Awaitility.await("the oldest forgotten once stored").atMost(java.time.Duration.ofSeconds(20))
                .until(() -> reading().readUpTo("~eve", newest).isPresent()
                        && reading().readUpTo("~eve", "place-0").isEmpty());
        ReadState restarted = afterRestart();
        assertThat(restarted.readUpTo("~eve", "place-0")).isEmpty();
        assertThat(restarted.readUpTo("~eve", "place-1")).as("the limit, not fewer").contains(new Position(101, 0));
        assertThat(restarted.readUpTo("~eve", newest)).contains(new Position(100 + ReadState.MAX_PLACES, 0));
        assertThat(restarted.readUpTo("~bob", "place-0")).as("another person's count is theirs")
                .contains(new Position(1, 0));
    }

    @Test
    void aPersonChoosesWhetherTheyShareWhereTheyRead() {
        ReadState a = reading();
        assertThat(a.shares("~ann")).as("by default").isTrue();
        a.share("~ann", false);
        a.share("~ann", false);
        assertThat(reading().shares("~ann")).isFalse();
        assertThat(reading().shares("~bob")).isTrue();
        assertThat(afterRestart().shares("~ann")).as("kept across a restart").isFalse();
        reading().share("~ann", true);
        assertThat(reading().shares("~ann")).isTrue();
    }
}
