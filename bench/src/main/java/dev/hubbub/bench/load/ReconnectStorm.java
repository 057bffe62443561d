package dev.hubbub.bench.load;

import dev.hubbub.bench.process.Child;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A restart's reconnect storm: a server with {@code --history} messages, {@code --subscribers} streams that have read
 * them, a burst of {@code --burst} more posted as fast as accepted and the server killed ({@code kill -9}) right after
 * the last was acknowledged (most streams have not been sent all of them yet), the server started again on the same
 * port and data, and every stream that lost its server reconnecting at once with its {@code Last-Event-ID}. One more
 * message is posted once the server listens. Measures how long after the server listens again every stream has every
 * message of the burst and that last one, and counts what any stream lacks or got twice.
 *
 * <p>With {@code --nodes 3}, three servers share a Redis of the benchmark's own; the clients spread over them, the
 * burst goes to the first, and the first is the one killed and restarted: its streams come back to it, the others'
 * never left.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar dev.hubbub.bench.load.ReconnectStorm --subscribers 10000}
 */
@Command(name = "reconnect-storm", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures how fast every stream is back and caught up after the server is killed and restarted.")
public final class ReconnectStorm implements Callable<Integer> {
    private static final Pattern RESULT = Pattern.compile("streams=(\\d+) down=(\\d+) caughtUp=(\\d+) lost=(\\d+) "
            + "duplicates=(\\d+) reconnects=(\\d+) refusals=(\\d+) latency=(\\S+)");

    @Option(names = "--subscribers", defaultValue = "10000", description = "Open streams (default: ${DEFAULT-VALUE}).")
    int subscribers;

    @Option(names = "--history", defaultValue = "1000",
            description = "Messages stored before the streams open (default: ${DEFAULT-VALUE}).")
    int history;

    @Option(names = "--burst", defaultValue = "50",
            description = "Messages posted as fast as accepted just before the kill (default: ${DEFAULT-VALUE}).")
    int burst;

    @Option(names = "--client-processes", defaultValue = "2",
            description = "Processes holding the streams (default: ${DEFAULT-VALUE}).")
    int clientProcesses;

    @Option(names = "--nodes", defaultValue = "1",
            description = "Servers sharing one store; more than one share a redis-server of the benchmark's own "
                    + "(default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--path", defaultValue = "/chat",
            description = "The stream the subscribers open: /chat or /chat?view=json (default: ${DEFAULT-VALUE}).")
    String path;

    @Option(names = "--server-classpath", paramLabel = "PATH",
            description = "Run the servers from another build, to compare builds in one sitting.")
    String serverClasspath;

    @Option(names = "--server-heap", defaultValue = "1g", description = "Server -Xmx (default: ${DEFAULT-VALUE}).")
    String serverHeap;

    @Option(names = "--server-jvm-option", paramLabel = "OPTION", description = "Extra JVM option for the servers.")
    List<String> serverJvmOptions = new ArrayList<>();

    @Option(names = "--redis-server", defaultValue = "/usr/bin/redis-server",
            description = "The redis-server to run (default: ${DEFAULT-VALUE}).")
    String redisServer;

    @Option(names = "--timeout-seconds", defaultValue = "60",
            description = "How long to wait for every stream to catch up (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    /** What one storm measured; times are from the restarted server listening. */
    public record Report(int subscribers, int down, int caughtUp, long lost, long duplicates, long reconnects,
                         long refusals, double restartSeconds, double p50Millis, double p99Millis,
                         double maxMillis) {
        public String describe() {
            return String.format(Locale.ROOT, "streams %d, %d of them lost their server%n"
                            + "the server was listening again %.1f s after the kill%n"
                            + "caught up: %d of %d; lost %d, duplicated %d; reconnects %d (%d refused and retried)%n"
                            + "from listening to caught up: p50 %.0f ms, p99 %.0f ms, all %.0f ms",
                    subscribers, down, restartSeconds, caughtUp, subscribers, lost, duplicates, reconnects, refusals,
                    p50Millis, p99Millis, maxMillis);
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ReconnectStorm()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Report report = run();
        System.out.println(report.describe());
        return report.lost() == 0 && report.duplicates() == 0 && report.caughtUp() == subscribers ? 0 : 1;
    }

    /** A storm with these figures and the defaults otherwise (for the smoke test). */
    static Report run(int subscribers, int history, int burst, int clientProcesses, int nodes) throws Exception {
        ReconnectStorm storm = new ReconnectStorm();
        new CommandLine(storm).parseArgs();
        storm.subscribers = subscribers;
        storm.history = history;
        storm.burst = burst;
        storm.clientProcesses = clientProcesses;
        storm.nodes = nodes;
        storm.timeoutSeconds = 30;
        return storm.run();
    }

    Report run() throws Exception {
        Path dataDir = Files.createTempDirectory("hubbub-storm-");
        List<String> jvm = new ArrayList<>(List.of("-Xms" + serverHeap, "-Xmx" + serverHeap));
        jvm.addAll(Child.SHIPPED_JVM_OPTIONS);
        jvm.addAll(serverJvmOptions);
        List<Child> clients = new ArrayList<>();
        List<Child.Server> servers = new ArrayList<>();
        Servers.Redis redis = null;
        try {
            List<String> store = List.of();
            if (nodes > 1) {
                redis = Servers.Redis.start(redisServer, dataDir.resolve("redis"));
                store = redis.storeOptions(dataDir.resolve("files"));
            }
            List<Integer> ports = new ArrayList<>();
            for (int node = 0; node < nodes; node++) {
                Child.Server server = Servers.start("server-" + node, false, serverClasspath, jvm, 0,
                        dataDir.resolve("node" + node), store);
                servers.add(server);
                ports.add(server.port());
            }
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            LoadTest.postAsFastAsAccepted(http, ports, "Storm", 0, history, 16);

            java.util.Random random = new java.util.Random();
            String sourcePrefix = "127." + (1 + random.nextInt(254)) + "." + random.nextInt(256) + ".";
            for (int i = 0; i < clientProcesses; i++) {
                int share = subscribers / clientProcesses + (i < subscribers % clientProcesses ? 1 : 0);
                clients.add(Child.start("storm-client-" + i, List.of("-Xmx512m"), StormClient.class.getName(),
                        "127.0.0.1", Integer.toString(ports.get(i % nodes)), Integer.toString(share),
                        sourcePrefix + (2 + i), path));
            }
            for (Child client : clients) {
                client.nextLineStartingWith("ready ", Duration.ofMinutes(3));
                client.say("synced " + (history - 1));
            }
            for (Child client : clients) {
                client.nextLineStartingWith("synced", Duration.ofMinutes(2));
            }

            // The burst, to the first server, then that server killed the moment the last post is acknowledged.
            LoadTest.postAsFastAsAccepted(http, List.of(ports.get(0)), "Storm", history, burst, 16);
            long killed = System.nanoTime();
            servers.get(0).process().kill();
            Child.Server restarted = Servers.start("server-0-again", false, serverClasspath, jvm, ports.get(0),
                    dataDir.resolve("node0"), store);
            servers.set(0, restarted);
            long t0Micros = LoadClient.nowMicros();
            double restartSeconds = (System.nanoTime() - killed) / 1e9;
            int lastSeq = history + burst;
            for (int i = 0; i < clients.size(); i++) {
                clients.get(i).say("reconnect " + ports.get(i % nodes) + " " + t0Micros + " " + history + " " + lastSeq);
            }
            LoadTest.postOne(http, List.of(ports.get(0)), "Storm", lastSeq);

            long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
            Histogram latency = new Histogram(600_000_000L, 3);
            int down = 0;
            int caughtUp = 0;
            long lost = 0;
            long duplicates = 0;
            long reconnects = 0;
            long refusals = 0;
            for (Child client : clients) {
                String line;
                try {
                    line = client.nextLineStartingWith("result ",
                            Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                } catch (IllegalStateException timedOut) {
                    client.say("finish");
                    line = client.nextLineStartingWith("result ", Duration.ofSeconds(30));
                }
                Matcher m = RESULT.matcher(line);
                if (!m.find()) {
                    throw new IllegalStateException(client.name() + " reported '" + line + "'");
                }
                down += Integer.parseInt(m.group(2));
                caughtUp += Integer.parseInt(m.group(3));
                lost += Long.parseLong(m.group(4));
                duplicates += Long.parseLong(m.group(5));
                reconnects += Long.parseLong(m.group(6));
                refusals += Long.parseLong(m.group(7));
                latency.add(Histograms.decode(m.group(8)));
            }
            return new Report(subscribers, down, caughtUp, lost, duplicates, reconnects, refusals, restartSeconds,
                    latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0,
                    latency.getMaxValue() / 1000.0);
        } finally {
            clients.forEach(Child::close);
            servers.forEach(Child.Server::close);
            if (redis != null) {
                redis.close();
            }
        }
    }
}
