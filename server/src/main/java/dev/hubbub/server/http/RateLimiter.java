package dev.hubbub.server.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A token bucket per client address key ({@link AddressKey}): {@code burst} at once, refilled at {@code perSecond}.
 * Buckets that have filled up again are forgotten now and then, so memory follows the number of active clients; and
 * the table never holds more than {@value #MAX_BUCKETS}: past that, the longest-idle buckets go first (a client
 * forgotten that way starts again with a full bucket, a small gift against unbounded memory). Thread-safe.
 */
final class RateLimiter {
    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }
    }

    static final int MAX_BUCKETS = 65_536;

    private final double perSecond;
    private final int burst;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();

    RateLimiter(double perSecond, int burst, LongSupplier nanoClock) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs a positive rate and burst");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoClock = nanoClock;
    }

    /** Takes one token for {@code address}; returns 0 when it had one, else the milliseconds until it will. */
    long acquire(String address) {
        long now = nanoClock.getAsLong();
        if ((calls.incrementAndGet() & 1023) == 0 || buckets.size() >= MAX_BUCKETS) {
            forgetFullBuckets(now);
        }
        Bucket bucket = buckets.computeIfAbsent(address, a -> new Bucket(burst, now));
        synchronized (bucket) {
            refill(bucket, now);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - bucket.tokens) / perSecond * 1000);
        }
    }

    /** "at most 20 per second, 40 at once", as a sentence each reader reads in their language. */
    dev.hubbub.chat.Sentence describe() {
        return dev.hubbub.chat.Sentence.of("server.rate", "rate", formatRate(), "burst", burst);
    }

    private String formatRate() {
        return perSecond == Math.rint(perSecond) ? Long.toString((long) perSecond) : Double.toString(perSecond);
    }

    private void refill(Bucket bucket, long now) {
        double elapsed = (now - bucket.updatedNanos) / 1e9;
        bucket.tokens = Math.min(burst, bucket.tokens + elapsed * perSecond);
        bucket.updatedNanos = now;
    }

    private void forgetFullBuckets(long now) {
        buckets.entrySet().removeIf(entry -> {
            Bucket bucket = entry.getValue();
            synchronized (bucket) {
                refill(bucket, now);
                return bucket.tokens >= burst;
            }
        });
        int excess = buckets.size() - MAX_BUCKETS * 3 / 4;
        if (excess > 0) {
            buckets.entrySet().stream()
                    .sorted(java.util.Comparator.comparingLong(e -> e.getValue().updatedNanos))
                    .limit(excess).map(java.util.Map.Entry::getKey).toList()
                    .forEach(buckets::remove);
        }
    }

    /** How many addresses it remembers (for tests). */
    int size() {
        return buckets.size();
    }
}
