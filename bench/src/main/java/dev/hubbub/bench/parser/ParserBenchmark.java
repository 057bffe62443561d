package dev.hubbub.bench.parser;

import dev.hubbub.sse.EventStreamException;
import dev.hubbub.sse.EventStreamParser;
import dev.hubbub.sse.ServerSentEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import okhttp3.sse.internal.ServerSentEventReader;
import okio.BufferedSource;
import okio.Okio;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parser throughput on the same bytes: Hubbub's {@link EventStreamParser} and OkHttp's {@code ServerSentEventReader}.
 * Both read the stream from an {@link InputStream} in 8 KiB reads, as they would from a socket, and hand every event
 * to a {@link Blackhole}. One operation parses the whole workload; {@link ParserThroughput} turns ops/s into MB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ParserBenchmark {
    private static final int READ_SIZE = 8 * 1024;

    @Param({"CHAT", "LARGE"})
    public Workload workload;

    private byte[] stream;
    private final byte[] readBuffer = new byte[READ_SIZE];

    @Setup(Level.Trial)
    public void build() {
        stream = workload.bytes();
    }

    @Benchmark
    public void hubbub(Blackhole sink) throws IOException {
        EventStreamParser parser = new EventStreamParser(new EventStreamParser.Handler() {
            @Override
            public void onEvent(ServerSentEvent event) {
                sink.consume(event);
            }
        });
        InputStream in = new ByteArrayInputStream(stream);
        for (int n; (n = in.read(readBuffer, 0, READ_SIZE)) > 0; ) {
            parser.feed(readBuffer, 0, n);
        }
        parser.finish();
    }

    @Benchmark
    public void okhttp(Blackhole sink) throws IOException {
        BufferedSource source = Okio.buffer(Okio.source(new ByteArrayInputStream(stream)));
        ServerSentEventReader reader = new ServerSentEventReader(source, new ServerSentEventReader.Callback() {
            @Override
            public void onEvent(String id, String type, String data) {
                sink.consume(id);
                sink.consume(type);
                sink.consume(data);
            }

            @Override
            public void onRetryChange(long timeMs) {
                sink.consume(timeMs);
            }
        });
        while (reader.processNextEvent()) {
            // Each call reads one event and hands it to the callback.
        }
    }

    /** Both parsers must see the same events, or comparing their speed means nothing. */
    public static long[] countEvents(byte[] stream) throws IOException {
        long[] counts = new long[2];
        EventStreamParser parser = new EventStreamParser(event -> counts[0]++);
        try {
            parser.feed(stream);
        } catch (EventStreamException e) {
            throw new IOException(e);
        }
        ServerSentEventReader reader = new ServerSentEventReader(
                Okio.buffer(Okio.source(new ByteArrayInputStream(stream))), new ServerSentEventReader.Callback() {
                    @Override
                    public void onEvent(String id, String type, String data) {
                        counts[1]++;
                    }

                    @Override
                    public void onRetryChange(long timeMs) {
                    }
                });
        while (reader.processNextEvent()) {
            // counting
        }
        return counts;
    }
}
