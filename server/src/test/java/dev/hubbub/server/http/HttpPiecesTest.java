package dev.hubbub.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
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
    void aStreamLimitCountsPerAddressAndInAllAndFreesOnClose() {
        StreamLimiter limiter = new StreamLimiter(2, 3);
        assertThat(limiter.tryOpen("a")).isEqualTo(StreamLimiter.Admission.OPEN);
        assertThat(limiter.tryOpen("a")).isEqualTo(StreamLimiter.Admission.OPEN);
        assertThat(limiter.tryOpen("a")).isEqualTo(StreamLimiter.Admission.ADDRESS_FULL);
        assertThat(limiter.tryOpen("b")).isEqualTo(StreamLimiter.Admission.OPEN);
        assertThat(limiter.tryOpen("c")).isEqualTo(StreamLimiter.Admission.SERVER_FULL);
        limiter.closed("a");
        assertThat(limiter.tryOpen("c")).isEqualTo(StreamLimiter.Admission.OPEN);
        assertThat(limiter.open()).isEqualTo(3);
    }

    @Test
    void ipv6AddressesAreLimitedPerSlash64AndIpv4PerAddress() {
        assertThat(AddressKey.of("2001:db8:1:2:aaaa::1")).isEqualTo(AddressKey.of("[2001:db8:1:2:ffff:1:2:3]"));
        assertThat(AddressKey.of("2001:db8:1:2::1")).isNotEqualTo(AddressKey.of("2001:db8:1:3::1"));
        assertThat(AddressKey.of("192.168.1.7")).isEqualTo("192.168.1.7");
        assertThat(AddressKey.of("192.168.1.7")).isNotEqualTo(AddressKey.of("192.168.1.8"));
        assertThat(AddressKey.of("fe80::1%eth0")).isEqualTo(AddressKey.of("fe80::2"));
    }

    @Test
    void theRateLimitersTableStaysBoundedAgainstManyAddresses() {
        AtomicLong nanos = new AtomicLong();
        RateLimiter limiter = new RateLimiter(0.001, 1, nanos::get);
        for (int i = 0; i < RateLimiter.MAX_BUCKETS * 2; i++) {
            limiter.acquire("2001:db8:" + Integer.toHexString(i >> 16) + ":" + Integer.toHexString(i & 0xffff) + "::/64");
            nanos.addAndGet(1000);
        }
        assertThat(limiter.size()).isLessThanOrEqualTo(RateLimiter.MAX_BUCKETS);
    }

    @Test
    void allowedHostsKnowLoopbackAndExtraNamesAndRefuseOthers() {
        AllowedHosts hosts = AllowedHosts.of(null, List.of("chat.example.org"));
        assertThat(hosts.allows("localhost")).isTrue();
        assertThat(hosts.allows("LOCALHOST.")).isTrue();
        assertThat(hosts.allows("127.0.0.1")).isTrue();
        assertThat(hosts.allows("[::1]")).isTrue();
        assertThat(hosts.allows("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(hosts.allows("chat.example.org")).isTrue();
        assertThat(hosts.allows("evil.example")).isFalse();
        assertThat(hosts.allows("")).isFalse();
        assertThat(hosts.allows(null)).isFalse();
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
