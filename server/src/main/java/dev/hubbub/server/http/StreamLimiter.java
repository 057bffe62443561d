package dev.hubbub.server.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open event streams, per client address ({@link AddressKey}) and in all, and refuses a stream past either
 * limit. The total stays below what the process's open-file limit allows, so that a full room still has sockets for
 * posts, pages and the streams it already serves. Exports are counted the same way, per person and in all
 * ({@link ExportHandler}). Thread-safe.
 */
final class StreamLimiter {
    enum Admission { OPEN, ADDRESS_FULL, SERVER_FULL }

    private final int maxPerAddress;
    private final int maxTotal;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

    StreamLimiter(int maxPerAddress, int maxTotal) {
        this.maxPerAddress = maxPerAddress;
        this.maxTotal = maxTotal;
    }

    int maxPerAddress() {
        return maxPerAddress;
    }

    int maxTotal() {
        return maxTotal;
    }

    int open() {
        return total.get();
    }

    /** Counts a stream for {@code key} when both limits allow it; counts nothing otherwise. */
    Admission tryOpen(String key) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return Admission.SERVER_FULL;
        }
        boolean[] admitted = {false};
        open.compute(key, (a, count) -> {
            int current = count == null ? 0 : count;
            if (current >= maxPerAddress) {
                return count;
            }
            admitted[0] = true;
            return current + 1;
        });
        if (!admitted[0]) {
            total.decrementAndGet();
            return Admission.ADDRESS_FULL;
        }
        return Admission.OPEN;
    }

    void closed(String key) {
        open.computeIfPresent(key, (a, count) -> count <= 1 ? null : count - 1);
        total.decrementAndGet();
    }
}
