package dev.hubbub.server.hub;

/** Counts by the second over the last minute: sixty buckets, each cleared when its second comes round again. */
final class PerSecond {
    private final long[] seconds = new long[60];
    private final int[] counts = new int[60];

    synchronized void count(long second) {
        int i = (int) (second % 60);
        if (seconds[i] != second) {
            seconds[i] = second;
            counts[i] = 0;
        }
        counts[i]++;
    }

    /** What was counted in the 60 seconds up to {@code now}. */
    synchronized int lastMinute(long now) {
        int total = 0;
        for (int i = 0; i < 60; i++) {
            if (now - seconds[i] < 60 && seconds[i] <= now) {
                total += counts[i];
            }
        }
        return total;
    }
}
