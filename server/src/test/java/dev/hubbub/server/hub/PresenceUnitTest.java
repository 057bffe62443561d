package dev.hubbub.server.hub;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PresenceUnitTest {

    @Test
    void namesAreComparedWithoutCaseOrSurroundingSpaceAndShownAsFirstSeen() {
        Presence presence = new Presence();
        assertThat(presence.streamOpened("Ann")).isTrue();
        assertThat(presence.streamOpened(" ANN ")).isFalse();
        assertThat(presence.online()).containsExactly("Ann");
    }

    @Test
    void aPersonLeavesOnlyWhenTheGraceExpiresWithNoStreamOpenedMeanwhile() {
        Presence presence = new Presence();
        presence.streamOpened("Ann");
        String key = Presence.keyOf("Ann");
        long generation = presence.streamClosed(key);
        assertThat(generation).isNotNegative();
        assertThat(presence.online()).containsExactly("Ann");
        assertThat(presence.graceExpired(key, generation)).isEqualTo("Ann");
        assertThat(presence.online()).isEmpty();
    }

    @Test
    void reopeningDuringTheGraceCancelsTheLeave() {
        Presence presence = new Presence();
        presence.streamOpened("Ann");
        String key = Presence.keyOf("Ann");
        long generation = presence.streamClosed(key);
        assertThat(presence.streamOpened("Ann")).isFalse();
        assertThat(presence.graceExpired(key, generation)).isNull();
        assertThat(presence.online()).containsExactly("Ann");
    }

    @Test
    void closingOneOfTwoStreamsStartsNoGrace() {
        Presence presence = new Presence();
        presence.streamOpened("Ann");
        presence.streamOpened("Ann");
        assertThat(presence.streamClosed(Presence.keyOf("Ann"))).isEqualTo(-1);
    }
}
