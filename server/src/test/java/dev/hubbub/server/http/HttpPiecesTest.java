package dev.hubbub.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The HTTP layer's small parts, each on its own. */
class HttpPiecesTest {

    @Test
    void aTokenBucketAllowsTheBurstThenRefillsAtTheRate() {
        AtomicLong nanos = new AtomicLong();
        RateLimiter limiter = new RateLimiter(2, 3, nanos::get);
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isEqualTo(500);
        assertThat(limiter.acquire("b")).as("each address has its own bucket").isZero();
        nanos.addAndGet(500_000_000);
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isPositive();
    }

    @Test
    void aStreamLimitCountsPerAddressAndFreesOnClose() {
        StreamLimiter limiter = new StreamLimiter(2);
        assertThat(limiter.tryOpen("a")).isTrue();
        assertThat(limiter.tryOpen("a")).isTrue();
        assertThat(limiter.tryOpen("a")).isFalse();
        assertThat(limiter.tryOpen("b")).isTrue();
        limiter.closed("a");
        assertThat(limiter.tryOpen("a")).isTrue();
    }

    @Test
    void originsAreComparedWithTheirDefaultPortsSpelledOut() {
        assertThat(OriginPolicy.normalize("HTTP://Example.com")).isEqualTo("http://example.com:80");
        assertThat(OriginPolicy.normalize("https://example.com")).isEqualTo("https://example.com:443");
        assertThat(OriginPolicy.normalize("http://[::1]:8080")).isEqualTo("http://[::1]:8080");
        assertThat(OriginPolicy.normalize("null")).isEqualTo("null");
    }

    @Test
    void onlyPlainTextAndJsonInUtf8AreAccepted() {
        assertThat(PostHandler.formatOf("text/plain")).isNotNull();
        assertThat(PostHandler.formatOf("text/plain;charset=UTF-8")).isNotNull();
        assertThat(PostHandler.formatOf("application/json; charset=\"utf-8\"")).isNotNull();
        assertThat(PostHandler.formatOf("text/plain; charset=iso-8859-1")).isNull();
        assertThat(PostHandler.formatOf("text/html")).isNull();
        assertThat(PostHandler.formatOf(null)).isNull();
    }

    @Test
    void aTextLineSplitsAtTheFirstColon() {
        assertThat(PostHandler.parseLine("Ann: a: b").author()).isEqualTo("Ann");
        assertThat(PostHandler.parseLine("Ann: a: b").text()).isEqualTo("a: b");
        assertThat(PostHandler.parseLine(" Ann :no space\r\nsecond line\n").text()).isEqualTo("no space\nsecond line");
        assertThatThrownBy(() -> PostHandler.parseLine("no colon")).hasMessageContaining("has no ':'");
        assertThatThrownBy(() -> PostHandler.parseLine(": nameless")).hasMessage("author is empty");
    }
}
