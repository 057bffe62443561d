package dev.hubbub.server.hub;

import java.util.concurrent.atomic.AtomicInteger;

/** The fan-out threads: subscribers are spread over {@code threads} {@link Shard}s, each driving its own share. */
final class FanOut {
    private final Shard[] shards;
    private final AtomicInteger next = new AtomicInteger();

    FanOut(int threads, long maxLagBytes) {
        shards = new Shard[threads];
        for (int i = 0; i < threads; i++) {
            shards[i] = new Shard("hubbub-fanout-" + i, maxLagBytes);
            shards[i].start();
        }
    }

    Shard pickShard() {
        return shards[Math.floorMod(next.getAndIncrement(), shards.length)];
    }

    /** New bytes in a log: every shard makes a pass. */
    void wakeAll() {
        for (Shard shard : shards) {
            shard.wake();
        }
    }

    void stop() throws InterruptedException {
        for (Shard shard : shards) {
            shard.stop();
        }
    }
}
