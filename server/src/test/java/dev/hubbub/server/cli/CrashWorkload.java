package dev.hubbub.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubbub.server.testing.Http;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * What the crash tests do while servers die: Ann posts without pause, in turn to general, to the room
 * {@code design} and to Bob (each post with a client id), and three subscribers that reconnect with their
 * {@code Last-Event-ID} watch: Bob's structured stream, an anonymous structured stream, and {@code design}'s tutorial
 * stream. Then {@link #stopAndCheck} proves the crash property: every acknowledged message reached every subscriber
 * that may see it, exactly once, and nobody saw what they may not.
 *
 * @see CrashTest
 * @see SharedStoreCrashTest
 */
final class CrashWorkload implements AutoCloseable {
    private static final String[] KINDS = {"{\"text\":\"general %d\"}", "{\"room\":\"design\",\"text\":\"design %d\"}",
            "{\"to\":\"Bob\",\"text\":\"to Bob %d\"}"};

    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final List<String> ackOrder = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean posting = new AtomicBoolean(true);
    private final Thread poster;
    private final ReconnectingSubscriber bobs;
    private final ReconnectingSubscriber anonymous;
    private final ReconnectingSubscriber design;

    /**
     * @param server the server for the n-th request (the same one always, or each in turn as a load balancer would)
     */
    CrashWorkload(Http http, IntFunction<URI> server, String ann, String bob) {
        AtomicInteger turn = new AtomicInteger();
        bobs = new ReconnectingSubscriber(http, () -> server.apply(turn.incrementAndGet())
                .resolve("/chat?view=json"), bob);
        anonymous = new ReconnectingSubscriber(http, () -> server.apply(turn.incrementAndGet())
                .resolve("/chat?view=json"), null);
        design = new ReconnectingSubscriber(http, () -> server.apply(turn.incrementAndGet())
                .resolve("/rooms/design/chat"), null);
        poster = new Thread(() -> {
            for (int i = 0; posting.get(); i++) {
                String json = String.format(KINDS[i % 3], i);
                try {
                    String id = CrashTest.send(http, server.apply(i).resolve("/chat"), ann,
                            json.replace("}", ",\"clientId\":\"c" + i + "\"}"));
                    if (id != null) {
                        acknowledged.put(id, json);
                        ackOrder.add(id);
                    }
                } catch (Exception serverDown) {
                    // not acknowledged: it may or may not have been stored, and may arrive at most once
                }
            }
        }, "crash-poster");
        poster.start();
    }

    /** Waits until {@code more} posts more are acknowledged. */
    void awaitMore(int more, Duration wait) {
        int before = ackOrder.size();
        await().atMost(wait).until(() -> ackOrder.size() >= before + more);
    }

    int acknowledged() {
        return ackOrder.size();
    }

    /** Stops posting; then every subscriber must have each acknowledged message it may see, once, within wait. */
    void stopAndCheck(Duration wait) throws InterruptedException {
        posting.set(false);
        poster.join();
        String last = ackOrder.get(ackOrder.size() - 1);
        Set<String> forBob = new HashSet<>(acknowledged.keySet());
        Set<String> forAnyone = new HashSet<>();
        Set<String> forDesign = new HashSet<>();
        acknowledged.forEach((id, json) -> {
            if (!json.contains("\"to\"")) {
                forAnyone.add(id);
            }
            if (json.contains("design")) {
                forDesign.add(id);
            }
        });
        try {
            await().atMost(wait).until(() -> bobs.ids.containsAll(forBob) && anonymous.ids.containsAll(forAnyone)
                    && design.ids.containsAll(forDesign));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // say below which acknowledged messages are missing, and where
        }
        for (var pair : List.of(Map.entry(bobs, forBob), Map.entry(anonymous, forAnyone),
                Map.entry(design, forDesign))) {
            Set<String> missing = new TreeSet<>(pair.getValue());
            missing.removeAll(pair.getKey().ids);
            assertThat(missing).as("acknowledged but never received, of %d", pair.getValue().size()).isEmpty();
        }
        for (ReconnectingSubscriber s : List.of(bobs, anonymous, design)) {
            assertThat(s.ids).as("each event once").doesNotHaveDuplicates();
        }
        assertThat(anonymous.texts).noneMatch(text -> text.contains("to Bob"));
        assertThat(design.texts).allMatch(text -> text.startsWith("Ann: design "));
        assertThat(bobs.ids).contains(last);
    }

    @Override
    public void close() throws InterruptedException {
        posting.set(false);
        poster.join();
        bobs.close();
        anonymous.close();
        design.close();
    }
}
