package dev.hubbub.server.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.ChatMessage;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RecentMessagesTest {

    private static Encoded message(long id) {
        return Encoded.of(new ChatMessage(id, "Ann", "m" + id, Instant.EPOCH, null));
    }

    private static List<Long> ids(List<Encoded> messages) {
        return messages == null ? null : messages.stream().map(Encoded::id).toList();
    }

    @Test
    void aCompleteCacheAnswersEveryRange() {
        RecentMessages recent = new RecentMessages(10, LongStream.rangeClosed(1, 5).mapToObj(i -> message(i)).toList(),
                true);
        assertThat(ids(recent.between(0, 5, 100))).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(ids(recent.between(3, 4, 100))).containsExactly(4L);
        assertThat(ids(recent.latest(5, 2))).containsExactly(4L, 5L);
    }

    @Test
    void onceMessagesWereEvictedOnlyRangesItStillHoldsAreAnswered() {
        RecentMessages recent = new RecentMessages(3, List.of(), true);
        LongStream.rangeClosed(1, 6).forEach(i -> recent.add(message(i)));
        assertThat(ids(recent.between(3, 6, 100))).containsExactly(4L, 5L, 6L);
        assertThat(recent.between(2, 6, 100)).isNull();
        assertThat(ids(recent.latest(6, 3))).containsExactly(4L, 5L, 6L);
        assertThat(recent.latest(6, 4)).isNull();
    }

    @Test
    void theNewestAreKeptWhenMoreThanTheLimitMatch() {
        RecentMessages recent = new RecentMessages(10, List.of(), true);
        LongStream.rangeClosed(1, 8).forEach(i -> recent.add(message(i)));
        assertThat(ids(recent.between(0, 8, 3))).containsExactly(6L, 7L, 8L);
        assertThat(ids(recent.between(0, 6, 3))).containsExactly(4L, 5L, 6L);
    }
}
