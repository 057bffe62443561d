package dev.hubbub.bench.parser;

import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link ParserBenchmark} and prints each parser's throughput in MB/s per workload, side by side.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar dev.hubbub.bench.parser.ParserThroughput}
 */
public final class ParserThroughput {
    private ParserThroughput() {
    }

    public static void main(String[] args) throws RunnerException, java.io.IOException {
        for (Workload workload : Workload.values()) {
            long[] counts = ParserBenchmark.countEvents(workload.bytes());
            if (counts[0] != counts[1]) {
                throw new IllegalStateException(workload + ": Hubbub saw " + counts[0] + " events, OkHttp "
                        + counts[1] + "; the comparison would be meaningless");
            }
            System.out.printf(Locale.ROOT, "%s: %,d bytes, %,d events%n", workload, workload.bytes().length,
                    counts[0]);
        }
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(ParserBenchmark.class.getName()).build()).run();
        System.out.println();
        System.out.printf(Locale.ROOT, "%-8s %-8s %12s %10s%n", "workload", "parser", "MB/s", "± MB/s");
        for (RunResult result : results) {
            Workload workload = Workload.valueOf(result.getParams().getParam("workload"));
            double megabytes = workload.bytes().length / 1e6;
            String parser = result.getParams().getBenchmark().replaceAll(".*\\.", "");
            double opsPerSecond = result.getPrimaryResult().getScore();
            double error = result.getPrimaryResult().getScoreError();
            System.out.printf(Locale.ROOT, "%-8s %-8s %12.1f %10.1f%n", workload, parser, opsPerSecond * megabytes,
                    error * megabytes);
        }
    }
}
