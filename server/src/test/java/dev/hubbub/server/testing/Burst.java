package dev.hubbub.server.testing;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Many messages posted into a room at once by several posters, each as fast as the room answers. */
public final class Burst {
    private Burst() {
    }

    /** Posts {@code count} messages {@code "burst message N"} (N from 0) as {@code PosterK}; returns when stored. */
    public static void post(URI chat, int count, int posters) throws Exception {
        Http http = new Http();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(posters);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < posters; p++) {
                String author = "Poster" + (p + 1);
                done.add(pool.submit(() -> {
                    for (int n; (n = next.getAndIncrement()) < count; ) {
                        Http.Reply reply = http.post(chat, Http.TEXT, author + ": burst message " + n);
                        if (reply.status() != 201) {
                            throw new AssertionError("post " + n + " refused: " + reply.status() + " " + reply.body());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
