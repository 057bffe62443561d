package dev.hubbub.bench.clients;

import dev.hubbub.bench.process.Child;
import dev.hubbub.bench.process.Memory;
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
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Do the clients keep up with a busy room? A Hubbub server in a process of its own, Hubbub's page in a real headless
 * Chromium and the desktop app (in its own process, on an X display), then a burst of messages posted as fast as the
 * room accepts them by many posters, then one last message. Reports, for each client, the time from that last POST
 * to the last message being on screen, and what the client holds afterwards: the page's DOM and JavaScript heap,
 * the app's heap after a full GC.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar dev.hubbub.bench.clients.ClientBurst --messages 10000}
 */
@Command(name = "client-burst", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures how the page and the desktop app keep up with a burst of messages.")
public final class ClientBurst implements Callable<Integer> {
    private static final Pattern PORT = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/");

    enum Client { page, desktop }

    @Option(names = "--messages", defaultValue = "10000", description = "Messages in the burst (default: ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--posters", defaultValue = "16", description = "Concurrent posters (default: ${DEFAULT-VALUE}).")
    int posters;

    @Option(names = "--pictures", defaultValue = "0",
            description = "Upload this many different pictures first and send one with every message of the burst "
                    + "(default: ${DEFAULT-VALUE}: text only).")
    int pictures;

    @Option(names = "--formatted",
            description = "Every message of the burst formatted (bold, italics, code, a link, a two-item list), so "
                    + "each client draws what the server read in it (default: plain text).")
    boolean formatted;

    @Option(names = "--emoji",
            description = "Every message of the burst with emoji in it (three, one with a skin tone), so the app "
                    + "draws them as pictures (default: none).")
    boolean emoji;

    @Option(names = "--clients", split = ",", defaultValue = "page,desktop",
            description = "Which clients watch: page, desktop or both (default: ${DEFAULT-VALUE}).")
    List<Client> clients;

    @Option(names = "--app-heap", defaultValue = "256m",
            description = "The desktop app's -Xmx, as its launchers set it; 'default' for the JVM's own (default: "
                    + "${DEFAULT-VALUE}).")
    String appHeap;

    @Option(names = "--display", description = "The X display for the desktop app; without it, $DISPLAY, or else "
            + "an Xvfb of the benchmark's own.")
    String display;

    @Option(names = "--timeout-seconds", defaultValue = "300",
            description = "How long to wait for the last message (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    /** What one run measured; -1 where a client did not take part or a figure could not be read. */
    public record Report(int messages, double burstSeconds, long pageLagMillis, long pageMessageElements,
                         long pageElements, long pageJsHeapBytes, long desktopLagMillis, long desktopRows,
                         long desktopCells, long desktopHeapBytes, long desktopResidentBytes) {

        public String describe() {
            return String.format(Locale.ROOT, "burst: %d messages posted in %.1f s (%.0f/s)%n"
                            + "page:    last message on screen %s after the last POST; %s message elements, "
                            + "%s elements in all; JS heap %s after GC%n"
                            + "desktop: last message on screen %s after the last POST; %s rows, %s cells; "
                            + "heap %s after GC, %s resident",
                    messages, burstSeconds, messages / burstSeconds, millis(pageLagMillis), count(pageMessageElements),
                    count(pageElements), mib(pageJsHeapBytes), millis(desktopLagMillis), count(desktopRows),
                    count(desktopCells), mib(desktopHeapBytes), mib(desktopResidentBytes));
        }

        private static String millis(long value) {
            return value < 0 ? "never (not within the timeout)" : String.format(Locale.ROOT, "%.2f s", value / 1000.0);
        }

        private static String count(long value) {
            return value < 0 ? "n/a" : String.format(Locale.ROOT, "%,d", value);
        }

        private static String mib(long value) {
            return value < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f MiB", value / (1024.0 * 1024));
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ClientBurst()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Report report = run();
        System.out.println(report.describe());
        return 0;
    }

    Report run() throws Exception {
        Path dataDir = Files.createTempDirectory("hubbub-burst-");
        Process xvfb = null;
        try (Child server = Child.start("server", java.util.stream.Stream.concat(
                java.util.stream.Stream.of("-Xmx1g"), Child.SHIPPED_JVM_OPTIONS.stream()).toList(),
                "dev.hubbub.server.cli.Hubbub", "serve", "--host", "127.0.0.1", "--port", "0",
                "--data-dir", dataDir.toString(), "--no-announce", "--max-posts-per-second", "100000",
                "--post-burst", "100000", "--max-streams-per-address", "1000", "--max-connections-per-address",
                "1000", "--max-stream-opens-per-second", "1000", "--stream-open-burst", "1000",
                "--uploads-per-minute", "100000")) {
            int port = 0;
            for (String line; !(line = server.nextLine(Duration.ofSeconds(30))).equals("Press Ctrl-C to stop."); ) {
                Matcher m = PORT.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            URI base = URI.create("http://127.0.0.1:" + port + "/");
            PageWatcher page = clients.contains(Client.page) ? PageWatcher.open(base, "Watcher") : null;
            Child desktop = null;
            try {
                if (clients.contains(Client.desktop)) {
                    String x = display != null ? display : System.getenv("DISPLAY");
                    if (x == null) {
                        x = ":" + (90 + new java.util.Random().nextInt(9));
                        xvfb = new ProcessBuilder("Xvfb", x, "-screen", "0", "1280x900x24", "-nolisten", "tcp")
                                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                        awaitDisplay(x);
                    }
                    List<String> jvm = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1", "-Dprism.order=sw"));
                    if (!appHeap.equals("default")) {
                        jvm.add("-Xmx" + appHeap);
                    }
                    desktop = Child.start("desktop", Map.of("DISPLAY", x), jvm, DesktopProbe.class.getName(),
                            base.toString(), "Watcher2");
                    desktop.nextLineStartingWith("ready", Duration.ofSeconds(60));
                }
                // Told before the burst: a page that falls behind may not run another script for minutes.
                String last = "the last message " + System.nanoTime();
                if (page != null) {
                    page.await(last);
                }
                if (desktop != null) {
                    desktop.say("await " + last);
                }
                double burstSeconds = burst(base);
                long lastPostAt = System.currentTimeMillis();
                post(HttpClient.newHttpClient(), base.resolve("/chat"), "Closer", last);

                long pageLag = -1;
                long desktopLag = -1;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
                if (page != null) {
                    long seenAt = page.seenAt(Duration.ofNanos(deadline - System.nanoTime()));
                    pageLag = seenAt < 0 ? -1 : seenAt - lastPostAt;
                }
                if (desktop != null) {
                    try {
                        String line = desktop.nextLineStartingWith("visible ",
                                Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                        desktopLag = Long.parseLong(line.substring("visible ".length())) - lastPostAt;
                    } catch (IllegalStateException notShown) {
                        desktopLag = -1;
                    }
                }
                long[] pageStats = page == null ? new long[] {-1, -1, -1} : page.stats();
                long rows = -1;
                long cells = -1;
                long heap = -1;
                long resident = -1;
                if (desktop != null) {
                    desktop.say("stats");
                    String stats = desktop.nextLineStartingWith("stats ", Duration.ofSeconds(30));
                    Matcher m = Pattern.compile("items=(\\d+) cells=(\\d+)").matcher(stats);
                    if (m.find()) {
                        rows = Long.parseLong(m.group(1));
                        cells = Long.parseLong(m.group(2));
                    }
                    heap = Memory.heapUsedAfterGc(desktop.pid());
                    resident = Memory.residentBytes(desktop.pid());
                }
                return new Report(messages, burstSeconds, pageLag, pageStats[0], pageStats[1], pageStats[2],
                        desktopLag, rows, cells, heap, resident);
            } finally {
                if (page != null) {
                    page.close();
                }
                if (desktop != null) {
                    desktop.close();
                }
            }
        } finally {
            if (xvfb != null) {
                xvfb.destroy();
            }
        }
    }

    /** Waits (at most 10 s) for an X server's socket to appear. */
    private static void awaitDisplay(String display) throws InterruptedException {
        Path socket = Path.of("/tmp/.X11-unix/X" + display.substring(1));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(socket)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Xvfb did not open " + display + " within 10 s");
            }
            Thread.sleep(20);
        }
    }

    /** Posts {@link #messages} messages from {@link #posters} posters, each as fast as the room answers. */
    private double burst(URI base) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI chat = base.resolve("/chat");
        if (pictures > 0) {
            return burstWithPictures(http, base);
        }
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(posters);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int p = 0; p < posters; p++) {
            String author = "Poster" + (p + 1);
            done.add(pool.submit(() -> {
                for (int n; (n = next.getAndIncrement()) < messages; ) {
                    post(http, chat, author, formatted
                            ? "**burst** message " + n + " of " + messages + " with `code`, _emphasis_ and "
                                    + "https://example.org/" + n + "\n- one\n- two"
                            : emoji ? "burst message " + n + " of " + messages + " 🎉 👍🏽 🚀"
                            : "burst message " + n + " of " + messages);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        return (System.nanoTime() - start) / 1e9;
    }

    /** The same burst from one signed-in photographer, each message with one of {@link #pictures} pictures. */
    private double burstWithPictures(HttpClient http, URI base) throws Exception {
        HttpResponse<String> claimed = http.send(HttpRequest.newBuilder(base.resolve("/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Photographer\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        String token = claimed.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1").strip();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < pictures; i++) {
            java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(1200, 800,
                    java.awt.image.BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = image.createGraphics();
            g.setColor(java.awt.Color.getHSBColor(i / (float) pictures, 0.6f, 0.9f));
            g.fillRect(0, 0, 1200, 800);
            g.dispose();
            java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(image, "png", png);
            HttpResponse<String> uploaded = http.send(HttpRequest.newBuilder(base.resolve("/files?name=photo-" + i
                    + ".png")).header("Authorization", "Bearer " + token).header("Content-Type", "image/png")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(png.toByteArray())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (uploaded.statusCode() != 201) {
                throw new IllegalStateException("an upload was refused: " + uploaded.body());
            }
            ids.add(uploaded.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1").strip());
        }
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(posters);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int p = 0; p < posters; p++) {
            done.add(pool.submit(() -> {
                for (int n; (n = next.getAndIncrement()) < messages; ) {
                    String json = "{\"text\":\"burst picture " + n + " of " + messages + "\",\"files\":[\""
                            + ids.get(n % ids.size()) + "\"]}";
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/chat"))
                            .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 201) {
                        throw new IllegalStateException("a post was refused: " + response.body());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        return (System.nanoTime() - start) / 1e9;
    }

    private static void post(HttpClient http, URI chat, String author, String text)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(chat)
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(author + ": " + text)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("a post was refused: " + response.statusCode() + " " + response.body());
        }
    }
}
