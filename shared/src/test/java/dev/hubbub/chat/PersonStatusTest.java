package dev.hubbub.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PersonStatusTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void doNotDisturbHoldsNotificationsUntilItsEndThenIsActiveWithItsText() {
        PersonStatus dnd = new PersonStatus("dnd", " focusing ", "🎧", NOW.plus(Duration.ofHours(1)), false);
        assertThat(dnd.text()).isEqualTo("focusing");
        assertThat(dnd.holdsNotificationsAt(NOW)).isTrue();
        assertThat(dnd.at(NOW)).isSameAs(dnd);
        Instant later = NOW.plus(Duration.ofHours(1));
        assertThat(dnd.holdsNotificationsAt(later)).isFalse();
        assertThat(dnd.at(later)).isEqualTo(new PersonStatus("active", "focusing", "🎧", null, false));
        assertThat(new PersonStatus("away", null, null, null, true).holdsNotificationsAt(NOW)).isFalse();
    }

    @Test
    void plainIsActiveWithNothingToShow() {
        assertThat(PersonStatus.PLAIN.isPlain()).isTrue();
        assertThat(new PersonStatus("active", "  ", "", null, false)).isEqualTo(PersonStatus.PLAIN);
        assertThat(new PersonStatus("active", "lunch", null, null, false).isPlain()).isFalse();
        assertThat(new PersonStatus("away", null, null, null, false).isPlain()).isFalse();
    }

    @Test
    void badStatusesAreRefusedWithAReason() {
        assertThatThrownBy(() -> new PersonStatus("busy", null, null, null, false))
                .hasMessage("a status's state is active, away or dnd, not 'busy'");
        assertThatThrownBy(() -> new PersonStatus(null, null, null, null, false))
                .hasMessage("a status's state is active, away or dnd");
        assertThatThrownBy(() -> new PersonStatus("active", "x".repeat(101), null, null, false))
                .hasMessage("a status's text is at most 100 characters (101)");
        assertThatThrownBy(() -> new PersonStatus("active", "a\u0007b", null, null, false))
                .hasMessage("a status's text contains a control character (U+0007)");
        assertThatThrownBy(() -> new PersonStatus("active", null, "ok", null, false))
                .hasMessageStartingWith("a status's emoji is one emoji");
        assertThatThrownBy(() -> new PersonStatus("dnd", null, null, null, false))
                .hasMessageStartingWith("do not disturb needs an end");
        assertThatThrownBy(() -> new PersonStatus("away", null, null, NOW, false))
                .hasMessage("only do not disturb has an end (\"until\")");
        assertThatThrownBy(() -> new PersonStatus("active", null, null, null, true))
                .hasMessage("only away is set automatically (\"auto\")");
        PersonStatus past = new PersonStatus("dnd", null, null, NOW.minusSeconds(1), false);
        assertThatThrownBy(() -> past.checkSetAt(NOW)).hasMessageStartingWith("do not disturb ends after now");
        PersonStatus far = new PersonStatus("dnd", null, null, NOW.plus(Duration.ofDays(8)), false);
        assertThatThrownBy(() -> far.checkSetAt(NOW)).hasMessage("do not disturb ends within 7 days");
    }

    @Test
    void itsJsonLeavesOutWhatIsNotSet() {
        PersonStatus dnd = new PersonStatus("dnd", "focusing", "🎧", NOW, false);
        String json = ChatJson.write(dnd);
        assertThat(json).isEqualTo("{\"state\":\"dnd\",\"text\":\"focusing\",\"emoji\":\"🎧\","
                + "\"until\":\"2026-12-03T10:00:00Z\"}");
        assertThat(ChatJson.read(json, PersonStatus.class)).isEqualTo(dnd);
        assertThat(ChatJson.write(new PersonStatus("away", null, null, null, true)))
                .isEqualTo("{\"state\":\"away\",\"auto\":true}");
    }
}
