package dev.hubbub.desktop.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectDelayTest {

    @Test
    void doublesFromTheBaseUpToTheMaximumWithJitterInTheUpperHalf() {
        ReconnectDelay lowest = ReconnectDelay.backoffWithJitter(Duration.ofSeconds(30), () -> 0.0);
        ReconnectDelay highest = ReconnectDelay.backoffWithJitter(Duration.ofSeconds(30), () -> 1.0);
        Duration base = Duration.ofSeconds(2);
        assertThat(lowest.next(base, 1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(highest.next(base, 1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(highest.next(base, 2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(highest.next(base, 3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(highest.next(base, 10)).isEqualTo(Duration.ofSeconds(30));
        assertThat(lowest.next(base, 10)).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void neverReconnectsSoonerThanASecondWhateverTheServerSays() {
        ReconnectDelay lowest = ReconnectDelay.backoffWithJitter(Duration.ofSeconds(30), () -> 0.0);
        assertThat(lowest.next(Duration.ZERO, 1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(lowest.next(Duration.ofMillis(1), 1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(lowest.next(Duration.ZERO, 3)).isEqualTo(Duration.ofSeconds(2));
    }
}
