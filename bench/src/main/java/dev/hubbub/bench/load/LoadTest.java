package dev.hubbub.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.hubbub.bench.process.Child;
import dev.hubbub.bench.process.Memory;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The load benchmark: a Hubbub server in a process of its own, N subscribers spread over several {@link LoadClient}
 * processes (each from its own loopback source address, for ephemeral ports and open-file limits), and M posts at a
 * fixed rate. Reports connect time, delivered and lost events, POST-to-delivery latency and server memory per
 * subscriber.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar dev.hubbub.bench.load.LoadTest --subscribers 10000 --posts 100
 * --rate 20}
 */
@Command(name = "load-test", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures Hubbub's fan-out with many SSE subscribers over loopback.")
public final class LoadTest implements Callable<Integer> {

    @Option(names = "--subscribers", defaultValue = "10000", description = "Open streams (default: ${DEFAULT-VALUE}).")
    int subscribers;

    @Option(names = "--posts", defaultValue = "100", description = "Messages to post (default: ${DEFAULT-VALUE}).")
    int posts;

    @Option(names = "--rate", defaultValue = "20", description = "Posts per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--warmup-posts", defaultValue = "60",
            description = "Posts sent (at --rate) before the measured ones and not counted, so the JIT compilers of "
                    + "the server and the clients have done their work; 0 measures a cold start "
                    + "(default: ${DEFAULT-VALUE}).")
    int warmupPosts;

    @Option(names = "--client-processes", defaultValue = "4",
            description = "Processes holding the streams (default: ${DEFAULT-VALUE}).")
    int clientProcesses;

    @Option(names = "--server-heap", defaultValue = "1g", description = "Server -Xmx (default: ${DEFAULT-VALUE}).")
    String serverHeap;

    @Option(names = "--server-jvm-option", paramLabel = "OPTION",
            description = "Extra JVM option for the server, e.g. to record a flight recording; repeatable.")
    List<String> serverJvmOptions = new ArrayList<>();

    @Option(names = "--full-jit", description = "Run the server with C1 and C2, the JVM's default, instead of C1 "
            + "alone as the hubbub launchers do.")
    boolean fullJit;

    @Option(names = "--path", defaultValue = "/chat",
            description = "The stream the subscribers open: /chat (general's tutorial stream) or /chat?view=json "
                    + "(the structured stream of every room) (default: ${DEFAULT-VALUE}).")
    String path;

    @Option(names = "--server-classpath", paramLabel = "PATH",
            description = "Run the server from another build (its jar, or a benchmarks.jar), to compare builds in one "
                    + "sitting (default: this benchmark's own classpath).")
    String serverClasspath;

    @Option(names = "--nodes", defaultValue = "1",
            description = "Servers sharing one store: with more than one, a redis-server of the benchmark's own holds "
                    + "the store (append-only file, appendfsync always), the clients spread over the servers, and "
                    + "the posts go to each in turn (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--floor", description = "Run the floor broadcaster (FloorServer: encode once, one shared log, one "
            + "write per stream per wake-up, nothing stored) in Hubbub's place, to compare in the same sitting.")
    boolean floor;

    @Option(names = "--in-flight", defaultValue = "1",
            description = "Posts in flight at once; with --rate 0, each poster posts again as soon as its post is "
                    + "answered (as fast as accepted) (default: ${DEFAULT-VALUE}).")
    int inFlight;

    @Option(names = "--redis", description = "Use Redis for the store even with one server.")
    boolean redis;

    @Option(names = "--redis-server", defaultValue = "/usr/bin/redis-server",
            description = "The redis-server to run (default: ${DEFAULT-VALUE}).")
    String redisServer;

    @Option(names = "--read-movers", defaultValue = "0",
            description = "People who read along, signed in, each with a structured stream, each telling the server "
                    + "where it read once a second (POST /read), in a process of their own (default: ${DEFAULT-VALUE}).")
    int readMovers;

    @Option(names = "--still-readers", description = "The --read-movers hold their streams but never move: what their "
            + "process costs the machine, without the moves.")
    boolean stillReaders;

    @Option(names = "--private-readers", description = "The --read-movers move but share nothing, so the server sends "
            + "them no read events: what the moves cost without the events.")
    boolean privateReaders;

    @Option(names = "--timeout-seconds", defaultValue = "60",
            description = "How long to wait for deliveries after the last post (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    /** What one run measured. */
    public record Report(int subscribers, int ready, int warmupPosts, int posts, double rate, double connectSeconds,
                         double deliverySeconds, long expected, long delivered, long lost, long duplicates,
                         double p50Millis, double p99Millis, double maxMillis,
                         long rssBytesPerSubscriber, long heapBytesPerSubscriber, double serverCpuMicrosPerDelivery,
                         double redisCpuMicrosPerPost, long redisBytesPerMessage, double deliveriesPerWrite) {

        public String describe() {
            return String.format(Locale.ROOT, "subscribers %d (ready %d), posts %d at %.0f/s after %d warm-up posts%n"
                            + "connect: all ready in %.1f s%n"
                            + "delivered %d of %d in %.1f s (%.0f events/s), lost %d, duplicates %d%n"
                            + "POST to delivery: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n"
                            + "server memory per subscriber: %s heap after GC + %s resident outside the heap = %s%n"
                            + "server CPU per delivery: %.2f µs (servers and Redis together)%n"
                            + "events per write: %.1f (deliveries per write system call of the servers)%s",
                    subscribers, ready, posts, rate, warmupPosts, connectSeconds, delivered, expected, deliverySeconds,
                    delivered / Math.max(deliverySeconds, 1e-9), lost, duplicates,
                    p50Millis, p99Millis, maxMillis, bytes(heapBytesPerSubscriber), bytes(rssBytesPerSubscriber),
                    heapBytesPerSubscriber < 0 || rssBytesPerSubscriber < 0 ? "n/a"
                            : bytes(heapBytesPerSubscriber + rssBytesPerSubscriber),
                    serverCpuMicrosPerDelivery, deliveriesPerWrite, redisCpuMicrosPerPost < 0 ? "" : String.format(Locale.ROOT,
                            "%nRedis: %.0f µs of CPU per post, %d bytes of memory per message stored",
                            redisCpuMicrosPerPost, redisBytesPerMessage));
        }

        private static String bytes(long value) {
            return value < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f KiB", value / 1024.0);
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadTest()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Report report = run();
        System.out.println(report.describe());
        return report.lost() == 0 && report.ready() == report.subscribers() ? 0 : 1;
    }

    public static Report run(int subscribers, int warmupPosts, int posts, double rate, int clientProcesses,
                             int timeoutSeconds) throws Exception {
        LoadTest test = new LoadTest();
        test.warmupPosts = warmupPosts;
        test.subscribers = subscribers;
        test.posts = posts;
        test.rate = rate;
        test.clientProcesses = clientProcesses;
        test.serverHeap = "1g";
        test.timeoutSeconds = timeoutSeconds;
        test.path = "/chat";
        test.nodes = 1;
        test.inFlight = 1;
        test.redisServer = "/usr/bin/redis-server";
        return test.run();
    }

    Report run() throws Exception {
        Path dataDir = Files.createTempDirectory("hubbub-load-");
        List<Child> clients = new ArrayList<>();
        List<Child> others = new ArrayList<>();
        List<Child> servers = new ArrayList<>();
        // The whole heap is touched at start, so the resident set grows afterwards only by what lives outside the
        // heap (sockets' and threads' native memory, GC structures); the heap's own share is measured after a full GC.
        // Without it the resident set's growth mostly says how much of the young generation the connects touched.
        List<String> serverJvm = new ArrayList<>(List.of("-Xms" + serverHeap, "-Xmx" + serverHeap,
                "-XX:+AlwaysPreTouch"));
        if (!fullJit) {
            serverJvm.addAll(Child.SHIPPED_JVM_OPTIONS);
        }
        serverJvm.addAll(serverJvmOptions);
        Servers.Redis redisStore = null;
        long redisEmpty = 0;
        try {
            List<String> store = new ArrayList<>();
            if (redis || nodes > 1) {
                redisStore = Servers.Redis.start(redisServer, dataDir.resolve("redis"));
                store = redisStore.storeOptions(dataDir.resolve("files"));
            }
            List<Integer> ports = new ArrayList<>();
            for (int node = 0; node < nodes; node++) {
                Child.Server server = Servers.start(floor ? "floor" : "server-" + node, floor, serverClasspath,
                        serverJvm, 0, dataDir.resolve("node" + node), store);
                servers.add(server.process());
                ports.add(server.port());
            }
            if (redisStore != null) {
                redisEmpty = redisStore.usedMemory();
            }
            long heapBefore = sum(servers, Memory::heapUsedAfterGc);
            long rssBefore = sum(servers, Memory::residentBytes);

            // Each run takes its own loopback /24 for the clients: sockets closed by an earlier run linger in
            // TIME_WAIT for a minute, and sharing their source addresses would slow this run's connects.
            java.util.Random random = new java.util.Random();
            String sourcePrefix = "127." + (1 + random.nextInt(254)) + "." + random.nextInt(256) + ".";
            long connectStart = System.nanoTime();
            for (int i = 0; i < clientProcesses; i++) {
                int share = subscribers / clientProcesses + (i < subscribers % clientProcesses ? 1 : 0);
                clients.add(Child.start("client-" + i, List.of("-Xmx512m"), LoadClient.class.getName(),
                        "127.0.0.1", Integer.toString(ports.get(i % nodes)), Integer.toString(share),
                        sourcePrefix + (2 + i), Integer.toString(posts), path));
            }
            int ready = 0;
            for (Child client : clients) {
                String line = client.nextLine(Duration.ofMinutes(3));
                if (!line.startsWith("ready ")) {
                    throw new IllegalStateException(client.name() + " said '" + line + "' instead of ready");
                }
                ready += Integer.parseInt(line.substring("ready ".length()));
            }
            Child movers = null;
            if (readMovers > 0) {
                movers = Child.start("read-movers", List.of("-Xmx256m"), ReadMovers.class.getName(), "127.0.0.1",
                        Integer.toString(ports.get(0)), Integer.toString(readMovers),
                        "127." + (1 + random.nextInt(254)) + "." + random.nextInt(256) + ".",
                        stillReaders ? "still" : privateReaders ? "private" : "move");
                others.add(movers);
                String line = movers.nextLine(Duration.ofMinutes(3));
                if (!line.startsWith("ready ")) {
                    throw new IllegalStateException("the read movers said '" + line + "' instead of ready");
                }
            }
            double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
            long heapAfter = sum(servers, Memory::heapUsedAfterGc);
            long rssAfter = sum(servers, Memory::residentBytes);

            post(ports, "Warmup", warmupPosts);
            List<Long> measured = new ArrayList<>(servers.stream().map(Child::pid).toList());
            Process redisProcess = redisStore == null ? null : redisStore.process();
            if (redisProcess != null) {
                measured.add(redisProcess.pid());
            }
            long cpuBefore = measured.stream().mapToLong(LoadTest::cpuNanos).sum();
            long writesBefore = sum(servers, Memory::writeCalls);
            long redisCpuBefore = redisProcess == null ? 0 : cpuNanos(redisProcess.pid());
            long postingStart = System.nanoTime();
            post(ports, "Bench", posts);

            long delivered = 0;
            long lost = 0;
            long duplicates = 0;
            Histogram latency = new Histogram(60_000_000L, 3);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            for (Child client : clients) {
                String line;
                try {
                    line = client.nextLine(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                } catch (IllegalStateException timedOut) {
                    client.say("finish");
                    line = client.nextLine(Duration.ofSeconds(30));
                }
                Matcher m = Pattern.compile("delivered=(\\d+) duplicates=(\\d+) lost=(\\d+) latency=(\\S+)")
                        .matcher(line);
                if (!m.find()) {
                    throw new IllegalStateException(client.name() + " reported '" + line + "'");
                }
                delivered += Long.parseLong(m.group(1));
                duplicates += Long.parseLong(m.group(2));
                lost += Long.parseLong(m.group(3));
                latency.add(Histograms.decode(m.group(4)));
            }
            double deliverySeconds = (System.nanoTime() - postingStart) / 1e9;
            if (movers != null) {
                movers.say("finish");
                String line = movers.nextLine(Duration.ofSeconds(30));
                double seconds = (System.nanoTime() - connectStart) / 1e9;
                System.out.println("read movers: " + line + " over " + String.format(Locale.ROOT, "%.0f", seconds)
                        + " s");
            }
            long cpuAfter = measured.stream().mapToLong(LoadTest::cpuNanos).sum();
            long writes = sum(servers, Memory::writeCalls) - writesBefore;
            double redisCpuMicrosPerPost = redisProcess == null ? -1
                    : (cpuNanos(redisProcess.pid()) - redisCpuBefore) / 1000.0 / posts;
            long redisBytesPerMessage = redisProcess == null ? -1
                    : (redisStore.usedMemory() - redisEmpty) / Math.max(1, warmupPosts + posts);
            double cpuMicrosPerDelivery = (cpuAfter - cpuBefore) / 1000.0 / Math.max(1, delivered);
            return new Report(subscribers, ready, warmupPosts, posts, rate, connectSeconds, deliverySeconds,
                    (long) ready * posts,
                    delivered, lost,
                    duplicates, latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0,
                    latency.getMaxValue() / 1000.0,
                    rssBefore < 0 || rssAfter < 0 ? -1 : (rssAfter - rssBefore) / Math.max(1, ready),
                    heapBefore < 0 || heapAfter < 0 ? -1 : (heapAfter - heapBefore) / Math.max(1, ready),
                    cpuMicrosPerDelivery, redisCpuMicrosPerPost, redisBytesPerMessage,
                    writesBefore < 0 ? -1 : (double) delivered / Math.max(1, writes));
        } finally {
            others.forEach(Child::close);
            clients.forEach(Child::close);
            servers.forEach(Child::close);
            if (redisStore != null) {
                redisStore.close();
            }
        }
    }

    /** A measure summed over the servers; -1 when any is unknown. */
    private static long sum(List<Child> servers, java.util.function.LongUnaryOperator measure) {
        long total = 0;
        for (Child server : servers) {
            long value = measure.applyAsLong(server.pid());
            if (value < 0) {
                return -1;
            }
            total += value;
        }
        return total;
    }

    /** CPU time the process has used, user and system. */
    static long cpuNanos(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).map(Duration::toNanos).orElse(0L);
    }

    /**
     * Posts {@code count} messages, to each server in turn; each text carries its sequence number and when it was
     * sent. At {@code --rate} per second from one poster, or (rate 0) from {@code --in-flight} posters each posting
     * again as soon as it is answered.
     */
    private void post(List<Integer> ports, String author, int count) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        if (rate <= 0) {
            postAsFastAsAccepted(http, ports, author, 0, count, inFlight);
            return;
        }
        long intervalNanos = (long) (1e9 / rate);
        long next = System.nanoTime();
        for (int seq = 0; seq < count; seq++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            next += intervalNanos;
            postOne(http, ports, author, seq);
        }
    }

    /**
     * Posts {@code author: SEQ SENT_MICROS} for {@code count} sequence numbers from {@code first}, to each server in
     * turn, from {@code inFlight} posters that each post again as soon as they are answered.
     */
    static void postAsFastAsAccepted(HttpClient http, List<Integer> ports, String author, int first, int count,
                                     int inFlight) throws InterruptedException {
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger(first);
        java.util.concurrent.ExecutorService posters = java.util.concurrent.Executors.newFixedThreadPool(inFlight);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int i = 0; i < inFlight; i++) {
                done.add(posters.submit(() -> {
                    for (int seq; (seq = next.getAndIncrement()) < first + count; ) {
                        postOne(http, ports, author, seq);
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> poster : done) {
                try {
                    poster.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            posters.shutdownNow();
        }
    }

    static void postOne(HttpClient http, List<Integer> ports, String author, int seq)
            throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + ports.get(seq % ports.size()) + "/chat");
        String line = author + ": " + seq + " " + LoadClient.nowMicros();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(line)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("post " + seq + " refused: " + response.statusCode() + " "
                    + response.body());
        }
    }
}
