package dev.hubbub.server.http;

import java.util.concurrent.ConcurrentHashMap;

/** Counts open event streams per client address and refuses more than {@code max}. Thread-safe. */
final class StreamLimiter {
    private final int max;
    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

    StreamLimiter(int max) {
        this.max = max;
    }

    int max() {
        return max;
    }

    /** Counts a stream for {@code address}; false, counting nothing, when it already has {@code max}. */
    boolean tryOpen(String address) {
        boolean[] admitted = {false};
        open.compute(address, (a, count) -> {
            int current = count == null ? 0 : count;
            if (current >= max) {
                return count;
            }
            admitted[0] = true;
            return current + 1;
        });
        return admitted[0];
    }

    void closed(String address) {
        open.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
    }
}
