package dev.hubbub.server.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.Content;
import dev.hubbub.chat.Mentions;
import dev.hubbub.server.store.Position;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A formatting is decided once per message and text, again when what it was made from changed, and forgotten. */
class FormattingCacheTest {
    private static final Map<String, String> NO_ROOMS = Map.of();
    private final FormattingCache cache = new FormattingCache(FormattingCache.CAPACITY_BYTES);

    private List<Content.Block> of(long position, String text, Map<String, String> rooms) {
        return cache.of(Position.of(position), "general", text, Mentions.Found.NONE, rooms);
    }

    @Test
    void theSameMessageAndTextIsDecidedOnceForEveryReader() {
        List<Content.Block> first = of(1, "**bold**", NO_ROOMS);
        assertThat(first).isNotEmpty();
        assertThat(of(1, "**bold**", NO_ROOMS)).isSameAs(first);
        assertThat(cache.decided()).isEqualTo(1);
    }

    @Test
    void anEditedTextOrARoomCreatedSinceIsDecidedAgain() {
        of(1, "see #design", NO_ROOMS);
        assertThat(of(1, "see #design **now**", NO_ROOMS)).as("the edited text").isNotEqualTo(of(1, "see #design",
                NO_ROOMS));
        assertThat(of(1, "see #design", Map.of("design", "design")).toString()).contains("RoomLink");
        assertThat(cache.decided()).isEqualTo(4);
    }

    @Test
    void anEditOrADeletionForgetsItAndARoomsDeletionForgetsItsMessages() {
        of(1, "**one**", NO_ROOMS);
        of(2, "**two**", NO_ROOMS);
        cache.forget(Position.of(1));
        of(1, "**one**", NO_ROOMS);
        assertThat(cache.decided()).isEqualTo(3);
        cache.forgetConversation("general");
        of(2, "**two**", NO_ROOMS);
        assertThat(cache.decided()).isEqualTo(4);
    }

    @Test
    void theLeastRecentlyReadGoOnceTheyWeighMoreThanTheCapacity() {
        FormattingCache small = new FormattingCache(1 << 20);
        String heavy = "_*".repeat(2000);
        for (int i = 1; i <= 100; i++) {
            small.of(Position.of(i), "general", heavy, Mentions.Found.NONE, NO_ROOMS);
        }
        assertThat(small.decided()).isEqualTo(100);
        small.of(Position.of(100), "general", heavy, Mentions.Found.NONE, NO_ROOMS);
        assertThat(small.decided()).as("the newest is still there").isEqualTo(100);
        small.of(Position.of(1), "general", heavy, Mentions.Found.NONE, NO_ROOMS);
        assertThat(small.decided()).as("the oldest went").isEqualTo(101);
    }
}
