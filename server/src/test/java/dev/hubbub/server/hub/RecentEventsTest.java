package dev.hubbub.server.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.store.EventLog.Scope;
import dev.hubbub.server.store.LogEvent;
import dev.hubbub.server.store.Logged;
import dev.hubbub.server.store.Position;
import dev.hubbub.server.testing.Events;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RecentEventsTest {
    private static final Scope PUBLIC = Scope.everything(null);

    private static EncodedEvent event(long seq, LogEvent event) {
        return EncodedEvent.of(new Logged(Position.of(seq), event), "t." + seq, p -> "t." + p.major(),
                (message, text, mentions) -> List.of());
    }

    private static EncodedEvent message(long seq) {
        return event(seq, Events.inGeneral("Ann", "m" + seq));
    }

    private static List<Long> seqs(List<EncodedEvent> events) {
        return events == null ? null : events.stream().map(e -> e.position().major()).toList();
    }

    @Test
    void aCompleteCacheAnswersEveryRange() {
        RecentEvents recent = new RecentEvents(10, LongStream.rangeClosed(1, 5).mapToObj(i -> message(i)).toList(),
                true);
        assertThat(seqs(recent.between(Position.START, Position.of(5), PUBLIC, 100)))
                .containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(seqs(recent.between(Position.of(3), Position.of(4), PUBLIC, 100))).containsExactly(4L);
        assertThat(seqs(recent.latest(Position.of(5), PUBLIC, 2))).containsExactly(4L, 5L);
    }

    @Test
    void onceEventsWereEvictedOnlyRangesItStillHoldsWhollyAreAnswered() {
        RecentEvents recent = new RecentEvents(3, List.of(), true);
        LongStream.rangeClosed(1, 6).forEach(i -> recent.add(message(i)));
        assertThat(seqs(recent.between(Position.of(4), Position.of(6), PUBLIC, 100))).containsExactly(5L, 6L);
        assertThat(recent.between(Position.of(2), Position.of(6), PUBLIC, 100)).isNull();
        assertThat(seqs(recent.latest(Position.of(6), PUBLIC, 3))).containsExactly(4L, 5L, 6L);
        assertThat(recent.latest(Position.of(6), PUBLIC, 4)).isNull();
    }

    @Test
    void longEventsAreKeptWithinTheBytesAndTheOldestGoFirst() {
        String longText = "x".repeat(3_000);
        RecentEvents recent = new RecentEvents(1000, 30_000, List.of(), true);
        LongStream.rangeClosed(1, 20).forEach(i -> recent.add(event(i, Events.inGeneral("Ann", longText + i))));
        List<EncodedEvent> kept = recent.latest(Position.of(20), PUBLIC, 1000);
        assertThat(kept).as("what memory holds of twenty long messages").isNull();
        List<Long> held = seqs(recent.latest(Position.of(20), PUBLIC, 2));
        assertThat(held).containsExactly(19L, 20L);
        assertThat(recent.between(Position.of(1), Position.of(20), PUBLIC, 1000))
                .as("the oldest went, so a replay from the first asks the log").isNull();
        assertThat(seqs(recent.between(Position.of(19), Position.of(20), PUBLIC, 1000))).containsExactly(20L);
    }

    @Test
    void aDirectMessageIsOnlyInTheScopeOfItsTwoPeopleAndATutorialStreamSeesOneRoom() {
        RecentEvents recent = new RecentEvents(10, List.of(message(1),
                event(2, Events.direct("Ann", "Bob", "psst")), event(3, Events.inRoom("design", "Cy", "hi"))), true);
        Position end = Position.of(3);
        assertThat(seqs(recent.between(Position.START, end, PUBLIC, 10))).containsExactly(1L, 3L);
        assertThat(seqs(recent.between(Position.START, end, Scope.everything("bob"), 10)))
                .containsExactly(1L, 2L, 3L);
        assertThat(seqs(recent.between(Position.START, end, Scope.everything("ann"), 10)))
                .containsExactly(1L, 2L, 3L);
        assertThat(seqs(recent.between(Position.START, end, Scope.everything("cy"), 10))).containsExactly(1L, 3L);
        assertThat(seqs(recent.between(Position.START, end, Scope.room("design"), 10))).containsExactly(3L);
        assertThat(seqs(recent.between(Position.START, end, Scope.room("general"), 10))).containsExactly(1L);
    }

    @Test
    void theNewestAreKeptWhenMoreThanTheLimitMatch() {
        RecentEvents recent = new RecentEvents(10, List.of(), true);
        LongStream.rangeClosed(1, 8).forEach(i -> recent.add(message(i)));
        assertThat(seqs(recent.between(Position.START, Position.of(8), PUBLIC, 3))).containsExactly(6L, 7L, 8L);
        assertThat(seqs(recent.between(Position.START, Position.of(6), PUBLIC, 3))).containsExactly(4L, 5L, 6L);
    }
}
