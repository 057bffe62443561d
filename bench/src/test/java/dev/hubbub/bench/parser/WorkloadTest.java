package dev.hubbub.bench.parser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.sse.EventStreamParser;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import okhttp3.sse.internal.ServerSentEventReader;
import okio.Okio;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The benchmark compares speed only if both parsers read the workloads the same way; this checks that they do. */
class WorkloadTest {

    @ParameterizedTest
    @EnumSource(Workload.class)
    void bothParsersSeeTheSameEventsInEachWorkload(Workload workload) throws Exception {
        byte[] stream = workload.bytes();
        List<List<String>> ours = new ArrayList<>();
        EventStreamParser parser = new EventStreamParser(e -> ours.add(List.of(e.lastEventId(), e.type(), e.data())));
        parser.feed(stream);
        parser.finish();

        List<List<String>> okhttp = new ArrayList<>();
        ServerSentEventReader reader = new ServerSentEventReader(
                Okio.buffer(Okio.source(new ByteArrayInputStream(stream))), new ServerSentEventReader.Callback() {
                    @Override
                    public void onEvent(String id, String type, String data) {
                        okhttp.add(List.of(id == null ? "" : id, type == null ? "message" : type, data));
                    }

                    @Override
                    public void onRetryChange(long timeMs) {
                    }
                });
        while (reader.processNextEvent()) {
            // one event per call
        }

        assertThat(stream.length).isGreaterThanOrEqualTo(Workload.TARGET_BYTES);
        assertThat(ours).hasSizeGreaterThan(10).isEqualTo(okhttp);
    }
}
