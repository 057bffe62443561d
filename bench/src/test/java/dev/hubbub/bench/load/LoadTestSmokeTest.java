package dev.hubbub.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The load benchmark's machinery at a small scale, so CI proves it works end to end (server and clients in their
 * own processes, every event delivered once). The real figures come from running it at scale; see BENCHMARKS.md.
 */
class LoadTestSmokeTest {

    @Test
    void aSmallRunDeliversEveryPostToEverySubscriberOnce() throws Exception {
        LoadTest.Report report = LoadTest.run(300, 5, 20, 20, 2, 30);
        assertThat(report.ready()).isEqualTo(300);
        assertThat(report.expected()).isEqualTo(6000);
        assertThat(report.delivered()).isEqualTo(6000);
        assertThat(report.lost()).isZero();
        assertThat(report.duplicates()).isZero();
        assertThat(report.maxMillis()).isPositive();
    }
}
