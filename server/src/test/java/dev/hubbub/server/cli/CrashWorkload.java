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
 * {@code design}, to Bob and in a thread in {@code design} (each post with a client id), and three subscribers that
 * reconnect with their {@code Last-Event-ID} watch: Bob's structured stream, an anonymous structured stream, and
 * {@code design}'s tutorial stream. Then {@link #stopAndCheck} proves the crash property: every acknowledged message
 * reached every subscriber that may see it, exactly once, nobody saw what they may not, and the thread holds every
 * acknowledged reply once.
 *
 * @see CrashTest
 * @see SharedStoreCrashTest
 */
final class CrashWorkload implements AutoCloseable {
    private static final String[] KINDS = {"{\"text\":\"general %d\"}", "{\"room\":\"design\",\"text\":\"design %d\"}",
            "{\"to\":\"Bob\",\"text\":\"to Bob %d\"}", "{\"room\":\"design\",\"text\":\"design thread %d\",\"thread\":\"ROOT\"}"};

    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final List<String> ackOrder = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean posting = new AtomicBoolean(true);
    private final Thread poster;
    private final ReconnectingSubscriber bobs;
    private final ReconnectingSubscriber anonymous;
    private final ReconnectingSubscriber design;
    private final Http http;
    private final IntFunction<URI> server;
    private final String root;

    /**
     * @param server the server for the n-th request (the same one always, or each in turn as a load balancer would)
     */
    CrashWorkload(Http http, IntFunction<URI> server, String ann, String bob) throws Exception {
        this.http = http;
        this.server = server;
        this.root = CrashTest.send(http, server.apply(0).resolve("/chat"), ann,
                "{\"room\":\"design\",\"text\":\"design thread root\"}");
        assertThat(root).as("the thread's root is stored").isNotNull();
        AtomicInteger turn = new AtomicInteger();
        bobs = new ReconnectingSubscriber(http, () -> server.apply(turn.incrementAndGet())
                .resolve("/chat?view=json"), bob);
        anonymous = new ReconnectingSubscriber(http, () -> server.apply(turn.incrementAndGet())
                .resolve("/chat?view=json"), null);
        design = new ReconnectingSubscriber(http, () -> server.apply(turn.incrementAndGet())
                .resolve("/rooms/design/chat"), null);
        poster = new Thread(() -> {
            for (int i = 0; posting.get(); i++) {
                String json = String.format(KINDS[i % KINDS.length], i).replace("ROOT", root);
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
        Set<String> replies = new HashSet<>();
        acknowledged.forEach((id, json) -> {
            if (json.contains("\"thread\"")) {
                replies.add(id);
            }
        });
        assertThat(replies).as("the workload replied in the thread").isNotEmpty();
        List<String> inThread = threadIds();
        assertThat(inThread).as("the thread holds each reply once").doesNotHaveDuplicates();
        assertThat(inThread).containsAll(replies);
    }

    /**
     * The ids of every reply in the thread, as its history pages give them, asking the servers in turn (one that is
     * down is skipped).
     */
    private List<String> threadIds() {
        List<String> ids = new ArrayList<>();
        String before = "";
        for (int attempt = 0; attempt < 100; attempt++) {
            Http.Reply reply;
            try {
                reply = http.send(new okhttp3.Request.Builder().url(server.apply(attempt)
                        .resolve("/chat/history?thread=" + root + "&limit=500" + before).toString()).build());
            } catch (java.io.IOException down) {
                continue;
            }
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            var page = dev.hubbub.chat.ChatJson.read(reply.body(), dev.hubbub.chat.HistoryPage.class);
            List<String> these = page.messages().stream().map(dev.hubbub.chat.ChatMessage::id).toList();
            ids.addAll(0, these);
            if (!page.more() || these.isEmpty()) {
                return ids;
            }
            before = "&before=" + these.get(0);
        }
        throw new AssertionError("could not read the whole thread");
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
