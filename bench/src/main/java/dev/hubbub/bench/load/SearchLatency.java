package dev.hubbub.bench.load;

import dev.hubbub.bench.process.Child;
import dev.hubbub.chat.Mentions;
import dev.hubbub.server.HubbubServer;
import dev.hubbub.server.store.Conversations;
import dev.hubbub.server.store.EventLog;
import dev.hubbub.server.store.LogEvent;
import dev.hubbub.server.store.SqliteStore;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How long {@code GET /search} takes on a big history: builds a database of {@code --messages} messages through the
 * store's own append (group commits, the FTS index kept in each), a tenth of them direct messages between Ann and
 * Bob, with words drawn Zipf-like from a vocabulary of 20,000 (so some words are in a third of all messages and most
 * in a handful); then starts the server on it, as shipped, and times searches over HTTP, signed in, one at a time:
 * a frequent word, a rare one, two words, prefixes (a word being typed), a word only Ann's and Bob's direct messages have (as Bob, and as
 * Cy, who may read none of them: the worst case, every match read and refused).
 *
 * <p>{@code java -cp bench/target/benchmarks.jar dev.hubbub.bench.load.SearchLatency --messages 1000000}
 */
@Command(name = "search-latency", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Times GET /search on a database of many messages.")
public final class SearchLatency implements Callable<Integer> {
    private static final int VOCABULARY = 20_000;
    private static final String RARE = "zanzibar";
    private static final String SECRET = "swordfish";

    @Option(names = "--messages", defaultValue = "1000000", description = "Messages in the database (default: ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--queries", defaultValue = "200", description = "Searches timed per kind (default: ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--data-dir", description = "Build the database here (or reuse the one built here before).")
    Path dataDir;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SearchLatency()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path dir = dataDir != null ? dataDir : Files.createTempDirectory("hubbub-search-");
        Files.createDirectories(dir);
        if (!Files.exists(dir.resolve(HubbubServer.DATABASE))) {
            build(dir.resolve(HubbubServer.DATABASE));
        } else {
            // Reused: the names claimed in its last run are free again, so this run can claim them.
            try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(HubbubServer.DATABASE));
                 var s = db.createStatement()) {
                s.execute("DELETE FROM names");
                s.execute("DELETE FROM tokens");
            }
        }
        System.out.printf(Locale.ROOT, "database: %,d MB%n", Files.size(dir.resolve(HubbubServer.DATABASE)) >> 20);
        try (Child.Server server = Child.startServer(null, List.of("-Xmx1g"), "--data-dir", dir.toString(),
                "--max-posts-per-second", "1000000", "--post-burst", "1000000")) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI base = URI.create("http://127.0.0.1:" + server.port() + "/");
            String bob = claim(http, base, "Bob");
            String cy = claim(http, base, "Cy");
            time(http, base, bob, "frequent word", word(1));
            time(http, base, bob, "mid-frequency word", word(300));
            time(http, base, bob, "rare word", RARE);
            time(http, base, bob, "two words", word(2) + " " + word(40));
            time(http, base, bob, "prefix, 3 letters", word(1).substring(0, 3));
            time(http, base, bob, "prefix, 4 letters", word(1).substring(0, 4));
            time(http, base, bob, "prefix, 5 letters", word(19_000).substring(0, 5));
            time(http, base, bob, "direct-only word, as Bob", SECRET);
            time(http, base, cy, "direct-only word, as Cy", SECRET);
        }
        return 0;
    }

    /** The word of rank {@code rank} (1: the most frequent): letters only, so each is one token. */
    static String word(int rank) {
        StringBuilder word = new StringBuilder();
        int n = rank + 700;
        while (n > 0) {
            word.append((char) ('a' + n % 26));
            n /= 26;
        }
        return word.append("ex").toString();
    }

    private void build(Path file) {
        long started = System.nanoTime();
        SplittableRandom random = new SplittableRandom(42);
        double[] cumulative = zipf(VOCABULARY);
        try (SqliteStore store = SqliteStore.open(file, 0)) {
            EventLog log = store.events();
            List<CompletableFuture<?>> inFlight = new ArrayList<>();
            String dm = Conversations.direct("ann", "bob");
            for (int i = 0; i < messages; i++) {
                StringBuilder text = new StringBuilder();
                int words = 5 + random.nextInt(16);
                for (int w = 0; w < words; w++) {
                    text.append(w == 0 ? "" : " ").append(word(rank(cumulative, random.nextDouble())));
                }
                boolean direct = i % 10 == 0;
                if (i % 100_000 == 7) {
                    text.append(' ').append(RARE);
                }
                if (direct && i % 100 == 0) {
                    text.append(' ').append(SECRET);
                }
                LogEvent event = direct
                        ? LogEvent.Message.direct(dm, "Ann", "ann", text.toString(), Instant.now(), null, "Bob", "bob",
                                List.of(), Mentions.Found.NONE)
                        : LogEvent.Message.inRoom("general", "Dee", "dee", false, text.toString(), Instant.now(),
                                null, List.of(), Mentions.Found.NONE);
                inFlight.add(log.append(event));
                if (inFlight.size() == 5_000) {
                    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
                    inFlight.clear();
                }
                if ((i + 1) % 100_000 == 0) {
                    System.out.printf(Locale.ROOT, "built %,d messages in %.0f s%n", i + 1,
                            (System.nanoTime() - started) / 1e9);
                }
            }
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        }
    }

    private static double[] zipf(int n) {
        double[] cumulative = new double[n];
        double sum = 0;
        for (int k = 1; k <= n; k++) {
            sum += 1.0 / k;
            cumulative[k - 1] = sum;
        }
        for (int k = 0; k < n; k++) {
            cumulative[k] /= sum;
        }
        return cumulative;
    }

    private static int rank(double[] cumulative, double u) {
        int at = java.util.Arrays.binarySearch(cumulative, u);
        return (at >= 0 ? at : -at - 1) + 1;
    }

    private static String claim(HttpClient http, URI base, String name) throws Exception {
        HttpResponse<String> reply = http.send(HttpRequest.newBuilder(base.resolve("session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() != 201) {
            throw new IllegalStateException("could not claim " + name + ": " + reply.body());
        }
        return dev.hubbub.chat.ChatJson.mapper().readTree(reply.body()).get("token").asText();
    }

    private void time(HttpClient http, URI base, String token, String what, String words) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("search?q="
                + URLEncoder.encode(words, StandardCharsets.UTF_8))).header("Authorization", "Bearer " + token).build();
        Histogram micros = new Histogram(3);
        int found = 0;
        for (int i = 0; i < queries + 20; i++) {
            long start = System.nanoTime();
            HttpResponse<String> reply = http.send(request, HttpResponse.BodyHandlers.ofString());
            long took = (System.nanoTime() - start) / 1000;
            if (reply.statusCode() != 200) {
                throw new IllegalStateException("search failed: " + reply.statusCode() + " " + reply.body());
            }
            if (i >= 20) {
                micros.recordValue(took);
            } else {
                found = dev.hubbub.chat.ChatJson.mapper().readTree(reply.body()).get("results").size();
            }
        }
        System.out.printf(Locale.ROOT, "%-28s %-22s %3d results  p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms%n", what,
                "\"" + words + "\"", found, micros.getValueAtPercentile(50) / 1000.0,
                micros.getValueAtPercentile(99) / 1000.0, micros.getMaxValue() / 1000.0);
    }
}
