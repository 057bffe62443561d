package dev.hubbub.desktop.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * While the window is not focused, its title counts the messages that came in. (Headless Monocle reports every
 * window as focused, so focus changes are fed in here as the stage's listener feeds them in the app.)
 */
class UnreadTitleTest {
    private final List<String> titles = new ArrayList<>();
    private final WindowTitle title = new WindowTitle(titles::add);

    private static MessageItem from(String author, boolean mine) {
        return MessageItem.received("t.1", null, author, "hi", Instant.EPOCH, mine, true, java.util.List.of());
    }

    private String shown() {
        return titles.get(titles.size() - 1);
    }

    @Test
    void showsTheRoomAndCountsOthersMessagesOnlyWhileUnfocused() {
        assertThat(shown()).isEqualTo("Hubbub");
        title.room("Office");
        assertThat(shown()).isEqualTo("Office — Hubbub");
        title.added(List.of(from("Bob", false)));
        assertThat(shown()).isEqualTo("Office — Hubbub");

        title.focused(false);
        title.added(List.of(from("Bob", false), from("Ann", true), MessageItem.notice("gap")));
        title.added(List.of(from("Cy", false)));
        assertThat(shown()).isEqualTo("(2) Office — Hubbub");

        title.focused(true);
        assertThat(shown()).isEqualTo("Office — Hubbub");
    }

    @Test
    void leavingTheRoomForgetsItsNameAndCount() {
        title.room("Office");
        title.focused(false);
        title.added(List.of(from("Bob", false)));
        title.reset();
        assertThat(shown()).isEqualTo("Hubbub");
    }
}
