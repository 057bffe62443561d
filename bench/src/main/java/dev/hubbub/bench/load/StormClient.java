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
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.HdrHistogram.Histogram;

/**
 * One process of {@link ReconnectStorm}'s clients: many SSE streams over loopback from one source address on one NIO
 * thread, each remembering the last event id it read and which {@code Storm: SEQ} messages it got (and how often).
 * When its server goes away, each stream notices; told to reconnect, every stream that is down reconnects at once
 * with its {@code Last-Event-ID}, as browsers' event sources do after their retry delay, and each notes when it has
 * every message up to the last one expected.
 *
 * <p>Protocol with the coordinator: prints {@code ready N} once every stream has its response headers; on
 * {@code synced SEQ} prints {@code synced} once every stream has message SEQ; on
 * {@code reconnect PORT T0_MICROS FIRST_SEQ LAST_SEQ} reconnects every stream that is down (to PORT) and prints
 * {@code result ...} once every stream has every message from FIRST_SEQ to LAST_SEQ, or on
 * {@code finish}.
 *
 * <p>{@code StormClient HOST PORT CONNECTIONS SOURCE_ADDRESS PATH}
 */
public final class StormClient {
    private static final int MAX_PENDING_FIRST_CONNECTS = 200;
    /** A refused reconnect (503, 429) tries again after this long, as an event source does after its retry delay. */
    private static final long RETRY_NANOS = 2_000_000_000L;

    private final String host;
    private int port;
    private final int connections;
    private final String sourceAddress;
    private final String path;
    private final Queue<String> commands = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(256 * 1024);
    private final List<Stream> streams = new ArrayList<>();
    private final Histogram caughtUpMicros = new Histogram(600_000_000L, 3);
    private Selector selector;
    private int ready;
    private int syncedSeq = -1;
    private boolean syncedSaid;
    /** Streams that lost their connection when their server went away. */
    private int down;
    private long t0Micros;
    /** Every stream must have every message from this one up to {@link #lastSeq} (the burst and the last). */
    private int firstExpected;
    private int lastSeq = -1;
    private int caughtUp;
    private long refusals;
    private long reconnects;

    private StormClient(String host, int port, int connections, String sourceAddress, String path) {
        this.host = host;
        this.port = port;
        this.connections = connections;
        this.sourceAddress = sourceAddress;
        this.path = path;
    }

    public static void main(String[] args) throws Exception {
        StormClient client = new StormClient(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]), args[3],
                args[4]);
        Thread stdin = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    client.commands.add(line);
                    client.selector.wakeup();
                }
            } catch (IOException ignored) {
                // the coordinator went away
            }
            client.commands.add("finish");
        });
        client.selector = Selector.open();
        stdin.setDaemon(true);
        stdin.start();
        client.run();
    }

    /** One stream across its connections: what it read, and where it is. */
    private final class Stream implements EventStreamParser.Handler {
        SocketChannel channel;
        ResponseReader response;
        final BitSet received = new BitSet();
        long duplicates;
        String lastEventId;
        boolean connected;
        boolean everReady;
        boolean caughtUp;
        long retryAt;

        void open() throws IOException {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.bind(new InetSocketAddress(sourceAddress, 0));
            response = new ResponseReader(this);
            connected = true;
            channel.connect(new InetSocketAddress(host, port));
            channel.register(selector, SelectionKey.OP_CONNECT, this);
        }

        @Override
        public void onEvent(ServerSentEvent event) {
            // As an event source: the last event id as of this event, sent again on reconnecting.
            if (event.lastEventId() != null && !event.lastEventId().isEmpty()) {
                lastEventId = event.lastEventId();
            }
            if (!event.type().equals("chat")) {
                return;
            }
            String data = LoadClient.lineOf(event.data());
            if (!data.startsWith("Storm: ")) {
                return;
            }
            int seq = Integer.parseInt(data.substring("Storm: ".length()).split(" ")[0]);
            if (received.get(seq)) {
                duplicates++;
                return;
            }
            received.set(seq);
        }
    }

    private void run() throws IOException {
        int started = 0;
        int pending = 0;
        while (true) {
            while (started < connections && pending < MAX_PENDING_FIRST_CONNECTS) {
                Stream stream = new Stream();
                streams.add(stream);
                stream.open();
                started++;
                pending++;
            }
            for (String command; (command = commands.poll()) != null; ) {
                if (command.equals("finish")) {
                    report();
                    return;
                }
                String[] parts = command.split(" ");
                if (parts[0].equals("synced")) {
                    syncedSeq = Integer.parseInt(parts[1]);
                } else if (parts[0].equals("reconnect")) {
                    port = Integer.parseInt(parts[1]);
                    t0Micros = Long.parseLong(parts[2]);
                    firstExpected = Integer.parseInt(parts[3]);
                    lastSeq = Integer.parseInt(parts[4]);
                    for (Stream stream : streams) {
                        if (!stream.connected) {
                            reconnects++;
                            stream.open();
                        }
                    }
                }
            }
            selector.select(50);
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                Stream stream = (Stream) key.attachment();
                try {
                    if (key.isConnectable()) {
                        stream.channel.finishConnect();
                        String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                                + "\r\nAccept: text/event-stream\r\n"
                                + (stream.lastEventId == null ? "" : "Last-Event-ID: " + stream.lastEventId + "\r\n")
                                + "\r\n";
                        stream.channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
                        key.interestOps(SelectionKey.OP_READ);
                    } else if (key.isReadable()) {
                        boolean wasReady = stream.response.headersDone();
                        stream.response.readFrom(stream.channel, readBuffer);
                        if (!wasReady && stream.response.headersDone() && !stream.everReady) {
                            stream.everReady = true;
                            pending--;
                            if (++ready == connections) {
                                say("ready " + ready);
                            }
                        }
                    }
                } catch (ResponseReader.NotOk refused) {
                    if (!stream.everReady) {
                        throw refused;
                    }
                    key.cancel();
                    stream.channel.close();
                    stream.connected = false;
                    refusals++;
                    stream.retryAt = System.nanoTime() + RETRY_NANOS;
                } catch (IOException e) {
                    key.cancel();
                    stream.channel.close();
                    stream.connected = false;
                    if (!stream.everReady) {
                        throw new IOException("a stream failed before it was ready: " + e, e);
                    }
                    if (lastSeq >= 0) {
                        // Gone again while reconnecting (the server was not listening yet): as a browser would.
                        stream.retryAt = System.nanoTime() + RETRY_NANOS;
                    } else {
                        down++;
                    }
                }
            }
            long now = System.nanoTime();
            if (lastSeq >= 0) {
                for (Stream stream : streams) {
                    if (!stream.connected && stream.retryAt != 0 && now >= stream.retryAt) {
                        stream.retryAt = 0;
                        reconnects++;
                        stream.open();
                    }
                }
            }
            if (syncedSeq >= 0 && !syncedSaid && allHave(syncedSeq)) {
                syncedSaid = true;
                say("synced");
            }
            if (lastSeq >= 0) {
                long nowMicros = LoadClient.nowMicros();
                for (Stream stream : streams) {
                    if (!stream.caughtUp && stream.received.nextClearBit(firstExpected) > lastSeq) {
                        stream.caughtUp = true;
                        caughtUp++;
                        caughtUpMicros.recordValue(Math.max(0, Math.min(nowMicros - t0Micros, 599_999_999L)));
                    }
                }
                if (caughtUp == streams.size()) {
                    report();
                    return;
                }
            }
        }
    }

    private boolean allHave(int seq) {
        for (Stream stream : streams) {
            if (!stream.received.get(seq)) {
                return false;
            }
        }
        return true;
    }

    private void report() {
        long lost = 0;
        long duplicates = 0;
        for (Stream stream : streams) {
            duplicates += stream.duplicates;
            if (lastSeq >= 0) {
                for (int seq = firstExpected; seq <= lastSeq; seq++) {
                    if (!stream.received.get(seq)) {
                        if (lost == 0) {
                            System.err.println("a stream lacks message " + seq + " (its last id "
                                    + stream.lastEventId + ")");
                        }
                        lost++;
                    }
                }
            }
        }
        say("result streams=" + streams.size() + " down=" + down + " caughtUp=" + caughtUp + " lost=" + lost + " duplicates="
                + duplicates + " reconnects=" + reconnects + " refusals=" + refusals + " latency="
                + Histograms.encode(caughtUpMicros));
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
