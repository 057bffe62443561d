package dev.hubbub.desktop.net;

import static dev.hubbub.desktop.net.RawEventServer.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import org.jetbrains.annotations.NotNull;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The desktop's event source against a server that sends exactly the bytes that trip okhttp-sse's own reader. Each
 * test names the WHATWG rule it checks.
 */
class ParsingEventSourceTest {
    private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(20)).build();
    private RawEventServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        http.dispatcher().cancelAll();
    }

    /** What the listener was told, in order, with the thread that told it. */
    private static final class Recorder extends EventSourceListener {
        final BlockingQueue<String> calls = new LinkedBlockingQueue<>();
        volatile String eventThread;

        @Override
        public void onOpen(@NotNull EventSource source, @NotNull Response response) {
            calls.add("open");
        }

        @Override
        public void onEvent(@NotNull EventSource source, String id, String type, @NotNull String data) {
            eventThread = Thread.currentThread().getName();
            calls.add("event " + id + " " + type + " " + (data.length() > 60 ? data.length() + " chars" : data));
        }

        @Override
        public void onClosed(@NotNull EventSource source) {
            calls.add("closed");
        }

        @Override
        public void onFailure(@NotNull EventSource source, Throwable t, Response response) {
            calls.add("failure " + (response == null ? "" : response.code() + " ") + t);
        }

        String next() throws InterruptedException {
            String call = calls.poll(10, TimeUnit.SECONDS);
            if (call == null) {
                throw new AssertionError("the listener was told nothing within 10 s");
            }
            return call;
        }
    }

    private ParsingEventSource open(Recorder recorder, String lastEventId) {
        return ParsingEventSource.connect(http, new Request.Builder().url(server.url() + "chat").build(), recorder,
                lastEventId);
    }

    @Test
    void aStreamEndingInABareCrDispatchesTheEventThenEnds() throws Exception {
        server = new RawEventServer(List.of(List.of(bytes("data: a\r\r"))));
        Recorder recorder = new Recorder();
        ParsingEventSource source = open(recorder, "");
        assertThat(recorder.next()).isEqualTo("open");
        assertThat(recorder.next()).isEqualTo("event null message a");
        assertThat(recorder.next()).isEqualTo("closed");
        assertThat(source.lastEventId()).isEmpty();
    }

    @Test
    void oneLeadingBomIsIgnoredSoTheFirstEventArrives() throws Exception {
        server = new RawEventServer(List.of(List.of(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                bytes("id: 1\nevent: chat\ndata: first\n\n"))));
        Recorder recorder = new Recorder();
        open(recorder, "");
        assertThat(recorder.next()).isEqualTo("open");
        assertThat(recorder.next()).isEqualTo("event 1 chat first");
    }

    @Test
    void anIdContainingNulIsIgnored() throws Exception {
        server = new RawEventServer(List.of(List.of(bytes("id: 5\n\nid: 6\0\ndata: x\n\n"))));
        Recorder recorder = new Recorder();
        ParsingEventSource source = open(recorder, "");
        assertThat(recorder.next()).isEqualTo("open");
        assertThat(recorder.next()).isEqualTo("event 5 message x");
        assertThat(recorder.next()).isEqualTo("closed");
        assertThat(source.lastEventId()).isEqualTo("5");
    }

    @Test
    void anIdInABlockWithoutDataStillBecomesTheLastEventId() throws Exception {
        server = new RawEventServer(List.of(List.of(bytes("id: 1\ndata: x\n\n"), bytes("id: 7\n\n"))));
        Recorder recorder = new Recorder();
        ParsingEventSource source = open(recorder, "");
        assertThat(recorder.next()).isEqualTo("open");
        assertThat(recorder.next()).isEqualTo("event 1 message x");
        assertThat(recorder.next()).isEqualTo("closed");
        assertThat(source.lastEventId()).isEqualTo("7");
    }

    @Test
    void crlfAndCrLineEndsSplitAcrossTcpWritesAreOneLineEndEach() throws Exception {
        server = new RawEventServer(List.of(List.of(bytes("data: a\r"), bytes("\ndata: b\r"), bytes("\r"),
                bytes("data: c\r\n"), bytes("\r"), bytes("\n"))));
        Recorder recorder = new Recorder();
        open(recorder, "");
        assertThat(recorder.next()).isEqualTo("open");
        assertThat(recorder.next()).isEqualTo("event null message a\nb");
        assertThat(recorder.next()).isEqualTo("event null message c");
        assertThat(recorder.next()).isEqualTo("closed");
    }

    @Test
    void aOneMegabyteEventArrivesWhole() throws Exception {
        ByteArrayOutputStream big = new ByteArrayOutputStream();
        big.writeBytes(bytes("event: blob\ndata: "));
        big.writeBytes(bytes("x".repeat(1 << 20)));
        big.writeBytes(bytes("\n\n"));
        server = new RawEventServer(List.of(List.of(big.toByteArray())));
        Recorder recorder = new Recorder();
        open(recorder, "");
        assertThat(recorder.next()).isEqualTo("open");
        assertThat(recorder.next()).isEqualTo("event null blob " + (1 << 20) + " chars");
    }

    @Test
    void aReconnectSendsTheLastEventIdAndKeepsItUntilTheStreamSetsAnother() throws Exception {
        server = new RawEventServer(List.of(List.of(bytes("data: carried\n\n"))));
        Recorder recorder = new Recorder();
        open(recorder, "41");
        Map<String, String> request = server.nextRequest();
        assertThat(request.get("last-event-id")).isEqualTo("41");
        assertThat(request.get("accept")).isEqualTo("text/event-stream");
        assertThat(recorder.next()).isEqualTo("open");
        assertThat(recorder.next()).isEqualTo("event 41 message carried");
    }

    @Test
    void retryChangesTheReconnectionTime() throws Exception {
        server = new RawEventServer(List.of(List.of(bytes("retry: 1234\n"), bytes("retry: 12x\n"))));
        Recorder recorder = new Recorder();
        ParsingEventSource source = open(recorder, "");
        assertThat(recorder.next()).isEqualTo("open");
        assertThat(recorder.next()).isEqualTo("closed");
        assertThat(source.reconnectionTime()).hasValue(1234);
    }

    @Test
    void callbacksRunOnOkHttpsThreadNotTheCallers() throws Exception {
        server = new RawEventServer(List.of(List.of(bytes("data: x\n\n"))));
        Recorder recorder = new Recorder();
        open(recorder, "");
        recorder.next();
        recorder.next();
        assertThat(recorder.eventThread).startsWith("OkHttp").isNotEqualTo(Thread.currentThread().getName());
    }

    @Test
    void theOkHttpFactoryApiWorksToo() throws Exception {
        server = new RawEventServer(List.of(List.of(bytes("event: chat\ndata: hi\n\n"))));
        Recorder recorder = new Recorder();
        EventSource source = ParsingEventSource.factory(http)
                .newEventSource(new Request.Builder().url(server.url()).build(), recorder);
        assertThat(recorder.next()).isEqualTo("open");
        assertThat(recorder.next()).isEqualTo("event null chat hi");
        source.cancel();
    }
}
