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

    @Test
    void theFloorBroadcasterDeliversEveryPostToEverySubscriberOnceToo() throws Exception {
        LoadTest test = new LoadTest();
        new picocli.CommandLine(test).parseArgs("--subscribers", "300", "--warmup-posts", "5", "--posts", "20",
                "--rate", "0", "--in-flight", "4", "--client-processes", "2", "--floor", "--timeout-seconds", "30");
        LoadTest.Report report = test.run();
        assertThat(report.delivered()).isEqualTo(6000);
        assertThat(report.lost()).isZero();
        assertThat(report.duplicates()).isZero();
    }

    @Test
    void aSmallReconnectStormBringsEveryStreamBackWithEveryMessageOnce() throws Exception {
        ReconnectStorm.Report report = ReconnectStorm.run(300, 200, 30, 2, 1);
        assertThat(report.down()).isEqualTo(300);
        assertThat(report.caughtUp()).isEqualTo(300);
        assertThat(report.lost()).isZero();
        assertThat(report.duplicates()).isZero();
        assertThat(report.maxMillis()).isPositive();
    }

    @Test
    void aSmallReconnectStormThroughThreeServersOnRedis() throws Exception {
        ReconnectStorm.Report report = ReconnectStorm.run(300, 200, 30, 3, 3);
        assertThat(report.down()).as("the streams of the server killed").isEqualTo(100);
        assertThat(report.caughtUp()).isEqualTo(300);
        assertThat(report.lost()).isZero();
        assertThat(report.duplicates()).isZero();
    }
}
