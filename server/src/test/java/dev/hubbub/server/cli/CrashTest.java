package dev.hubbub.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.StreamReader;
import dev.hubbub.sse.ServerSentEvent;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash property, with rooms and direct messages: {@code hubbub serve} is killed with SIGKILL again and again
 * while people post in two rooms and to each other, and subscribers reconnect with their {@code Last-Event-ID}.
 * Every message the server acknowledged reaches every subscriber that may see it, exactly once, and nobody sees
 * what they may not.
 */
class CrashTest {
    private static final int KILLS = 8;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    /** A stream that reconnects from its last event id whenever it ends, recording each chat event's id. */
    private static final class Subscriber implements AutoCloseable {
        final List<String> ids = new CopyOnWriteArrayList<>();
        final List<String> texts = new CopyOnWriteArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;
        private volatile Http.Stream current;

        Subscriber(Http http, URI uri, String token) {
            thread = new Thread(() -> {
                String last = null;
                while (running.get()) {
                    try {
                        Request.Builder request = new Request.Builder().url(uri.toString());
                        if (token != null) {
                            request.header("Authorization", "Bearer " + token);
                        }
                        if (last != null) {
                            request.header("Last-Event-ID", last);
                        }
                        var call = http.client.newCall(request.build());
                        var response = call.execute();
                        if (response.code() != 200) {
                            response.close();
                            throw new IllegalStateException("HTTP " + response.code());
                        }
                        current = new Http.Stream(call, response);
                        StreamReader reader = new StreamReader(response.body().byteStream(), uri.toString());
                        while (running.get() && !reader.exhausted()) {
                            ServerSentEvent event = reader.poll(Duration.ofMillis(200));
                            if (event != null && event.type().equals("chat")) {
                                ids.add(event.lastEventId());
                                texts.add(event.data());
                                last = event.lastEventId();
                            }
                        }
                        throw new IllegalStateException("the stream ended");
                    } catch (Exception | AssertionError e) {
                        // the server died (or is starting): come back in a moment, from the last id
                        try {
                            Thread.sleep(100);
                        } catch (InterruptedException stop) {
                            return;
                        }
                    }
                }
            }, "crash-subscriber");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            if (current != null) {
                current.close();
            }
            thread.interrupt();
            thread.join(5_000);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private CommandProcess serve(int port) throws Exception {
        CommandProcess serve = CommandProcess.start("serve", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--data-dir", dataDir.toString(), "--no-announce", "--max-posts-per-second", "100000",
                "--post-burst", "100000", "--max-stream-opens-per-second", "100000", "--stream-open-burst",
                "100000");
        while (!serve.nextLine().equals("Press Ctrl-C to stop.")) {
            // the welcome lines
        }
        return serve;
    }

    @Test
    void everyAcknowledgedMessageReachesEverySubscriberThatMaySeeItExactlyOnceAcrossKills() throws Exception {
        int port = freePort();
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        Http http = new Http();
        CommandProcess server = serve(port);
        String ann = token(http, base, "Ann");
        String bob = token(http, base, "Bob");
        assertThat(send(http, base.resolve("/rooms"), ann, "{\"name\":\"Design\"}")).isNotNull();

        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        List<String> ackOrder = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean posting = new AtomicBoolean(true);
        String[] kinds = {"{\"text\":\"general %d\"}", "{\"room\":\"design\",\"text\":\"design %d\"}",
                "{\"to\":\"Bob\",\"text\":\"to Bob %d\"}"};
        Thread poster = new Thread(() -> {
            for (int i = 0; posting.get(); i++) {
                String json = String.format(kinds[i % 3], i);
                try {
                    String id = send(http, base.resolve("/chat"), ann, json.replace("}", ",\"clientId\":\"c" + i + "\"}"));
                    if (id != null) {
                        acknowledged.put(id, json);
                        ackOrder.add(id);
                    }
                } catch (Exception serverDown) {
                    // not acknowledged: it may or may not have been stored, and may arrive at most once
                }
            }
        }, "crash-poster");
        try (Subscriber bobs = new Subscriber(http, base.resolve("/chat?view=json"), bob);
             Subscriber anonymous = new Subscriber(http, base.resolve("/chat?view=json"), null);
             Subscriber design = new Subscriber(http, base.resolve("/rooms/design/chat"), null)) {
            poster.start();
            for (int kill = 0; kill < KILLS; kill++) {
                int before = ackOrder.size();
                await().atMost(WAIT).until(() -> ackOrder.size() >= before + 20);
                server.kill();
                server = serve(port);
            }
            int before = ackOrder.size();
            await().atMost(WAIT).until(() -> ackOrder.size() >= before + 20);
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
                await().atMost(WAIT).until(() -> bobs.ids.containsAll(forBob) && anonymous.ids.containsAll(forAnyone)
                        && design.ids.containsAll(forDesign));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                // say below which acknowledged messages are missing, and where
            }
            for (var pair : List.of(Map.entry(bobs, forBob), Map.entry(anonymous, forAnyone),
                    Map.entry(design, forDesign))) {
                Set<String> missing = new java.util.TreeSet<>(pair.getValue());
                missing.removeAll(pair.getKey().ids);
                assertThat(missing).as("acknowledged but never received, of %d", pair.getValue().size()).isEmpty();
            }
            for (Subscriber s : List.of(bobs, anonymous, design)) {
                assertThat(s.ids).as("each event once").doesNotHaveDuplicates();
            }
            assertThat(anonymous.texts).noneMatch(text -> text.contains("to Bob"));
            assertThat(design.texts).allMatch(text -> text.startsWith("Ann: design "));
            assertThat(bobs.ids).contains(last);
        } finally {
            posting.set(false);
            poster.join();
            server.close();
        }
    }

    private static String token(Http http, URI base, String name) throws Exception {
        Http.Reply reply = http.post(base.resolve("/session"), Http.JSON, "{\"name\":\"" + name + "\"}");
        assertThat(reply.status()).isEqualTo(201);
        return ChatJson.mapper().readTree(reply.body()).get("token").asText();
    }

    /** Posts with a token; the id when the server acknowledged it, null otherwise. */
    private static String send(Http http, URI uri, String token, String json) throws Exception {
        Http.Reply reply = http.send(new Request.Builder().url(uri.toString()).header("Authorization", "Bearer " + token)
                .post(RequestBody.create(json, Http.JSON)).build());
        if (reply.status() != 201 && reply.status() != 200) {
            return null;
        }
        var body = ChatJson.mapper().readTree(reply.body());
        return body.has("id") ? body.get("id").asText() : body.get("name").asText();
    }
}
