package dev.hubbub.bench.load;

import dev.hubbub.sse.EventStreamParser;
import dev.hubbub.sse.ServerSentEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * One load-generating process: opens many SSE streams over loopback from its own source address with one NIO
 * thread, parses each with Hubbub's parser, and records how long each {@code Bench: SEQ SENT_MICROS} message took
 * from its POST to its arrival.
 *
 * <p>Protocol with the coordinator, on standard output: {@code ready N} once every stream has its response headers,
 * then {@code result ...} at the end. A line {@code finish} on standard input ends it early.
 *
 * <p>{@code LoadClient HOST PORT CONNECTIONS SOURCE_ADDRESS EXPECTED_POSTS}
 */
public final class LoadClient {
    private static final int MAX_PENDING_CONNECTS = 200;

    private final InetSocketAddress server;
    private final String sourceAddress;
    private final int connections;
    private final int expectedPosts;
    private final String path;
    private final Histogram latencyMicros = new Histogram(60_000_000L, 3);
    private final Histogram connectMicros = new Histogram(600_000_000L, 3);
    private final ByteBuffer readBuffer = ByteBuffer.allocate(256 * 1024);
    private final List<Stream> streams = new ArrayList<>();
    private volatile boolean finishRequested;
    private int ready;
    private int complete;
    private int failed;
    private long delivered;
    private long duplicates;

    private LoadClient(String host, int port, int connections, String sourceAddress, int expectedPosts, String path) {
        this.path = path;
        this.server = new InetSocketAddress(host, port);
        this.connections = connections;
        this.sourceAddress = sourceAddress;
        this.expectedPosts = expectedPosts;
    }

    public static void main(String[] args) throws Exception {
        LoadClient client = new LoadClient(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]), args[3],
                Integer.parseInt(args[4]), args.length > 5 ? args[5] : "/chat");
        Thread stdin = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.equals("finish")) {
                        client.finishRequested = true;
                    }
                }
            } catch (IOException ignored) {
                // the coordinator went away
            }
            client.finishRequested = true;
        });
        stdin.setDaemon(true);
        stdin.start();
        client.run();
    }

    /** One stream: its channel, where it is in the HTTP response, and what it received. */
    private final class Stream implements EventStreamParser.Handler {
        final SocketChannel channel;
        final long startedNanos = System.nanoTime();
        final ResponseReader response = new ResponseReader(this);
        final BitSet received = new BitSet();
        boolean done;

        Stream(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public void onEvent(ServerSentEvent event) {
            if (!event.type().equals("chat")) {
                return;
            }
            String data = lineOf(event.data());
            if (!data.startsWith("Bench: ")) {
                return;
            }
            String[] parts = data.substring("Bench: ".length()).split(" ");
            int seq = Integer.parseInt(parts[0]);
            long sentMicros = Long.parseLong(parts[1]);
            if (received.get(seq)) {
                duplicates++;
                return;
            }
            received.set(seq);
            delivered++;
            latencyMicros.recordValue(Math.max(0, Math.min(nowMicros() - sentMicros, 59_999_999L)));
            if (!done && received.cardinality() == expectedPosts) {
                done = true;
                complete++;
            }
        }
    }

    /**
     * The line {@code author: text}: as the tutorial stream sends it, or from the structured stream's JSON (read the
     * cheap way: the benchmark's texts hold no escapes).
     */
    static String lineOf(String data) {
        if (!data.startsWith("{")) {
            return data;
        }
        return field(data, "author") + ": " + field(data, "text");
    }

    private static String field(String json, String name) {
        int start = json.indexOf("\"" + name + "\":\"");
        if (start < 0) {
            return "";
        }
        start += name.length() + 4;
        return json.substring(start, json.indexOf('"', start));
    }

    private void run() throws IOException {
        Selector selector = Selector.open();
        int started = 0;
        int pending = 0;
        long lastReport = 0;
        while (true) {
            while (started < connections && pending < MAX_PENDING_CONNECTS) {
                SocketChannel channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.bind(new InetSocketAddress(sourceAddress, 0));
                Stream stream = new Stream(channel);
                streams.add(stream);
                channel.connect(server);
                channel.register(selector, SelectionKey.OP_CONNECT, stream);
                started++;
                pending++;
            }
            selector.select(100);
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                Stream stream = (Stream) key.attachment();
                try {
                    if (key.isConnectable()) {
                        stream.channel.finishConnect();
                        String request = "GET " + path + " HTTP/1.1\r\nHost: " + server.getHostString() + ":"
                                + server.getPort() + "\r\nAccept: text/event-stream\r\n\r\n";
                        stream.channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
                        key.interestOps(SelectionKey.OP_READ);
                    } else if (key.isReadable()) {
                        boolean wasReady = stream.response.headersDone();
                        stream.response.readFrom(stream.channel, readBuffer);
                        if (!wasReady && stream.response.headersDone()) {
                            pending--;
                            ready++;
                            connectMicros.recordValue((System.nanoTime() - stream.startedNanos) / 1000);
                            if (ready + failed == connections) {
                                System.out.println("ready " + ready);
                                System.out.flush();
                            }
                        }
                    }
                } catch (IOException e) {
                    if (!stream.response.headersDone()) {
                        pending--;
                        failed++;
                        System.err.println("stream failed before it was ready: " + e);
                        if (ready + failed == connections) {
                            System.out.println("ready " + ready);
                            System.out.flush();
                        }
                    }
                    key.cancel();
                    stream.channel.close();
                }
            }
            if (ready > 0 && (complete == ready || finishRequested)) {
                break;
            }
            if (System.nanoTime() - lastReport > 5_000_000_000L && ready < connections) {
                lastReport = System.nanoTime();
                System.err.println("connecting: " + ready + " of " + connections + " ready");
            }
        }
        report();
        for (Stream stream : streams) {
            stream.channel.close();
        }
    }

    private void report() {
        long lost = 0;
        for (Stream stream : streams) {
            if (stream.response.headersDone()) {
                lost += expectedPosts - stream.received.cardinality();
            }
        }
        System.out.println("result ready=" + ready + " failed=" + failed + " complete=" + complete
                + " delivered=" + delivered + " duplicates=" + duplicates + " lost=" + lost
                + " latency=" + Histograms.encode(latencyMicros) + " connect=" + Histograms.encode(connectMicros));
        System.out.flush();
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
