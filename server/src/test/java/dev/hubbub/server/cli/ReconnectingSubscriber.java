package dev.hubbub.server.cli;

import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.StreamReader;
import dev.hubbub.sse.ServerSentEvent;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import okhttp3.Request;

/**
 * A stream that reconnects from its last event id whenever it ends, as a browser's EventSource does, recording each
 * chat event's id and data. Each connection goes to the address {@code next} gives then (the same server again, or
 * another behind a load balancer).
 */
final class ReconnectingSubscriber implements AutoCloseable {
    final List<String> ids = new CopyOnWriteArrayList<>();
    final List<String> texts = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile Http.Stream current;

    ReconnectingSubscriber(Http http, Supplier<URI> next, String token) {
        thread = new Thread(() -> {
            String last = null;
            while (running.get()) {
                try {
                    URI uri = next.get();
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
        }, "reconnecting-subscriber");
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
