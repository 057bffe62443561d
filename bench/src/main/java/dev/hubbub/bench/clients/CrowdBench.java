package dev.hubbub.bench.clients;

import dev.hubbub.bench.process.Child;
import dev.hubbub.chat.Mentions;
import dev.hubbub.server.HubbubServer;
import dev.hubbub.server.store.Directory;
import dev.hubbub.server.store.LogEvent;
import dev.hubbub.server.store.SqliteStore;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The clients in a crowd: a server whose reader is in 500 rooms (two of them with 200 messages each) while 2,000
 * people are online. Measures, in Hubbub's page (headless Chromium) and in the desktop app (a process of its own on
 * an X display): the time from opening to the first paint and to the lists drawn whole (every room, everyone online),
 * the time to switch between the two busy rooms (from the choice to the newest message on screen; the median and
 * the slowest of {@code --switches}), and the page's element count.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.hubbub.bench.clients.CrowdBench [--rooms 500] [--online 2000]
 *      [--clients page,desktop]
 * </pre>
 */
@Command(name = "crowd-bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Time to first paint and to switch conversations with many rooms and many people online.")
public final class CrowdBench implements Callable<Integer> {
    @Option(names = "--rooms", defaultValue = "500", description = "Rooms the reader is in (default: ${DEFAULT-VALUE}).")
    int rooms;

    @Option(names = "--online", defaultValue = "2000", description = "People online (default: ${DEFAULT-VALUE}).")
    int online;

    @Option(names = "--messages", defaultValue = "200",
            description = "Messages in each of the two rooms switched between (default: ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--switches", defaultValue = "20", description = "Switches measured (default: ${DEFAULT-VALUE}).")
    int switches;

    @Option(names = "--app-jfr", paramLabel = "FILE",
            description = "Record the app's run with Java Flight Recorder (settings=profile) into this file.")
    Path appJfr;

    @Option(names = "--clients", split = ",", defaultValue = "page,desktop",
            description = "Which clients to measure: page, desktop (default: ${DEFAULT-VALUE}).")
    List<String> clients;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CrowdBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path dataDir = Files.createTempDirectory("hubbub-crowd-");
        String token = prepare(dataDir);
        try (Child.Server server = Child.startServer(null, List.of("-Xmx1g"), "--data-dir", dataDir.toString(),
                "--max-rooms", String.valueOf(rooms + 10), "--max-streams-per-address", "100000",
                "--max-connections-per-address", "100000", "--max-stream-opens-per-second", "100000",
                "--stream-open-burst", "100000")) {
            URI base = URI.create("http://127.0.0.1:" + server.port() + "/");
            List<Socket> crowd = crowd(server.port());
            try {
                System.out.printf(Locale.ROOT, "%d rooms joined, %d online (and the reader), %d messages in the two "
                        + "rooms switched between%n", rooms, crowd.size(), messages);
                if (clients.contains("page")) {
                    page(base, token);
                }
                if (clients.contains("desktop")) {
                    desktop(base, token);
                }
            } finally {
                for (Socket socket : crowd) {
                    socket.close();
                }
            }
        }
        return 0;
    }

    /** The store as the server will find it: the reader, in every room; two rooms with messages. */
    private String prepare(Path dataDir) {
        try (SqliteStore store = SqliteStore.open(dataDir.resolve(HubbubServer.DATABASE), 0)) {
            Directory directory = store.directory();
            String token = directory.claim("Reader", dev.hubbub.chat.Names.key("Reader"));
            Directory.Identity reader = directory.identify(token).orElseThrow();
            Instant at = Instant.now().minusSeconds(3600);
            for (int i = 1; i < rooms; i++) {
                directory.createRoom(String.format(Locale.ROOT, "Room %04d", i), reader.key(), at, rooms + 10);
            }
            for (String room : List.of("room-0001", "room-0002")) {
                for (int i = 1; i <= messages; i++) {
                    store.events().append(LogEvent.Message.inRoom(room, "Writer", "writer", false,
                            room + " message " + i, at.plusSeconds(i), null, List.of(), Mentions.Found.NONE)).join();
                }
            }
            return token;
        }
    }

    /** People online: tutorial streams, each with a name, from loopback addresses of their own. */
    private List<Socket> crowd(int port) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < online; i++) {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0." + (2 + i / 1000)), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            OutputStream out = socket.getOutputStream();
            out.write(("GET /chat?name=Person%20" + i + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            sockets.add(socket);
        }
        return sockets;
    }

    private static final String SWITCH = """
            const [room, text, done] = arguments;
            const start = performance.now();
            location.hash = '#' + room;
            const timer = setInterval(() => {
              const items = document.querySelectorAll('#messages > li[data-id] .body');
              const last = items[items.length - 1];
              if (last && last.textContent === text) {
                clearInterval(timer);
                done(performance.now() - start);
              }
            }, 2);
            """;

    private void page(URI base, String token) throws Exception {
        Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE);
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,900", "--user-data-dir=" + Files.createTempDirectory("hubbub-crowd-chromium-"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
            // Signed in as the reader (a token kept from before, as after any reload), then opened for real.
            driver.get(base.resolve("/tutorial.html").toString());
            driver.executeScript("localStorage.setItem('hubbub.token', arguments[0]);", token);
            driver.get(base.resolve("/#room-0001").toString());
            Number drawn = (Number) driver.executeAsyncScript("""
                    const [rooms, people, done] = arguments;
                    const timer = setInterval(() => {
                      if (document.querySelectorAll('#rooms a').length >= rooms
                          && document.querySelectorAll('#online li').length >= people
                          && document.querySelector('#messages > li[data-id]')) {
                        clearInterval(timer);
                        done(performance.now());
                      }
                    }, 5);""", rooms, online + 1);
            Number paint = (Number) driver.executeScript(
                    "const p = performance.getEntriesByName('first-contentful-paint')[0]; return p ? p.startTime : -1;");
            long elements = ((Number) driver.executeScript("return document.getElementsByTagName('*').length;"))
                    .longValue();
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < switches; i++) {
                String room = i % 2 == 0 ? "room-0002" : "room-0001";
                times.add(((Number) driver.executeAsyncScript(SWITCH, room, room + " message " + messages))
                        .doubleValue());
            }
            System.out.printf(Locale.ROOT, "page:    first paint %.0f ms, lists whole %.0f ms, switch median %.0f ms"
                    + " (slowest %.0f ms), %,d elements%n", paint.doubleValue(), drawn.doubleValue(),
                    median(times), times.stream().mapToDouble(Double::doubleValue).max().orElse(-1), elements);
        } finally {
            driver.quit();
        }
    }

    private void desktop(URI base, String token) throws Exception {
        String display = System.getenv("DISPLAY");
        Process xvfb = null;
        if (display == null) {
            display = ":" + (90 + new java.util.Random().nextInt(9));
            xvfb = new ProcessBuilder("Xvfb", display, "-screen", "0", "1280x900x24", "-nolisten", "tcp")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Thread.sleep(1000);
        }
        List<String> jvm = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1", "-Dprism.order=sw"));
        if (appJfr != null) {
            jvm.add("-XX:StartFlightRecording=filename=" + appJfr.toAbsolutePath() + ",settings=profile");
        }
        try (Child app = Child.start("desktop", Map.of("DISPLAY", display), jvm, DesktopProbe.class.getName(),
                base.toString(), "Reader", token,
                String.valueOf(rooms), String.valueOf(online + 1))) {
            String painted = app.nextLineStartingWith("painted ", Duration.ofSeconds(120));
            String[] at = painted.split(" ");
            List<Double> times = new ArrayList<>();
            List<Double> rows = new ArrayList<>();
            List<Double> pulses = new ArrayList<>();
            for (int i = 0; i < switches; i++) {
                String room = i % 2 == 0 ? "room-0002" : "room-0001";
                app.say("switch " + room + " " + room + " message " + messages);
                String[] line = app.nextLineStartingWith("switched ", Duration.ofSeconds(60)).split(" ");
                times.add(Double.parseDouble(line[1]));
                rows.add(Double.parseDouble(line[3]));
                pulses.add(Double.parseDouble(line[5]));
            }
            System.out.printf(Locale.ROOT, "desktop: first paint %s ms, lists whole %s ms, switch median %.0f ms"
                    + " (slowest %.0f ms; the page of messages in the list after %.0f ms, %.0f pulses, the medians)%n",
                    at[1], at[2], median(times), times.stream().mapToDouble(Double::doubleValue).max().orElse(-1),
                    median(rows), median(pulses));
        } finally {
            if (xvfb != null) {
                xvfb.destroy();
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
    }
}
