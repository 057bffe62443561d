package dev.hubbub.bench.parser;

import dev.hubbub.desktop.net.ParsingEventSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;
import org.jetbrains.annotations.NotNull;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The two readers end to end, as the desktop uses them: an OkHttp call over loopback to a server that sends the
 * {@link Workload#CHAT} stream as fast as the socket takes it, read through OkHttp's {@code EventSourceListener} API,
 * once by Hubbub's {@link ParsingEventSource} and once by okhttp-sse's own {@code EventSources} factory. One
 * operation is one whole stream; events per second = ops/s times the events in it
 * (see {@link ParserThroughput} for the count).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class EndToEndReaderBenchmark {
    private ServerSocket server;
    private OkHttpClient http;
    private Request request;
    private byte[] response;

    @Setup(Level.Trial)
    public void start() throws IOException {
        byte[] body = Workload.CHAT.bytes();
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        response = new byte[head.length + body.length];
        System.arraycopy(head, 0, response, 0, head.length);
        System.arraycopy(body, 0, response, head.length, body.length);
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::serve, "bench-event-server");
        acceptor.setDaemon(true);
        acceptor.start();
        http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
        request = new Request.Builder().url("http://127.0.0.1:" + server.getLocalPort() + "/chat").build();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket client = server.accept()) {
                InputStream in = client.getInputStream();
                byte[] buffer = new byte[4096];
                int seen = 0;
                // Read the request head (up to the empty line), then send everything.
                for (int n; (n = in.read(buffer)) > 0; ) {
                    String text = new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
                    seen += n;
                    if (text.contains("\r\n\r\n") || seen > 65536) {
                        break;
                    }
                }
                OutputStream out = client.getOutputStream();
                out.write(response);
                out.flush();
            } catch (IOException e) {
                // next connection
            }
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        server.close();
        http.dispatcher().executorService().shutdown();
    }

    /** Counts events and completes when the stream ends. */
    static final class Counter extends EventSourceListener {
        final AtomicLong events = new AtomicLong();
        final CompletableFuture<Long> done = new CompletableFuture<>();

        @Override
        public void onEvent(@NotNull EventSource source, String id, String type, @NotNull String data) {
            events.incrementAndGet();
        }

        @Override
        public void onClosed(@NotNull EventSource source) {
            done.complete(events.get());
        }

        @Override
        public void onFailure(@NotNull EventSource source, Throwable t, Response response) {
            done.completeExceptionally(t == null ? new IOException("HTTP " + response.code()) : t);
        }
    }

    @Benchmark
    public long hubbub() throws Exception {
        Counter counter = new Counter();
        ParsingEventSource.connect(http, request, counter, "");
        return counter.done.get(60, TimeUnit.SECONDS);
    }

    @Benchmark
    public long okhttp() throws Exception {
        Counter counter = new Counter();
        EventSources.createFactory(http).newEventSource(request, counter);
        return counter.done.get(60, TimeUnit.SECONDS);
    }
}
