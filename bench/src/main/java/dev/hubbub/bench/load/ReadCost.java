package dev.hubbub.bench.load;

import dev.hubbub.bench.process.Child;
import dev.hubbub.chat.ChatJson;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What reading a backlog costs the server: {@code --posts} unsigned messages of pathological Markdown
 * ({@code _*} two thousand times, slow to parse and some 50 KB once formatted), then, against the running server, one
 * structured stream resuming with the first message's id, one {@code GET /chat/history?limit=500}, and
 * {@code --resumes} such resumes at once while someone else reads a history page of 50. Reports each one's wall time,
 * bytes and the server's CPU.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar dev.hubbub.bench.load.ReadCost [--posts 1100] [--resumes 30]
 * [--server-classpath OTHER.jar]}
 */
@Command(name = "read-cost", mixinStandardHelpOptions = true, sortOptions = false,
        description = "What a far-behind resume and a big history page cost the server.")
public final class ReadCost implements Callable<Integer> {
    private static final String TEXT = "_*".repeat(2000);

    @Option(names = "--posts", defaultValue = "1100", description = "Messages posted first (default: ${DEFAULT-VALUE}).")
    int posts;

    @Option(names = "--resumes", defaultValue = "30", description = "Resumes at once (default: ${DEFAULT-VALUE}).")
    int resumes;

    @Option(names = "--server-classpath", description = "Another build's classpath, to compare in one sitting.")
    String serverClasspath;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private URI base;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ReadCost()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("hubbub-read-cost-");
        List<String> options = new ArrayList<>(List.of("--data-dir", dir.toString()));
        options.addAll(Servers.NO_LIMITS);
        try (Child.Server server = Child.startServer(serverClasspath, List.of("-Xmx1g"),
                options.toArray(String[]::new))) {
            base = URI.create("http://127.0.0.1:" + server.port() + "/");
            long pid = server.process().pid();
            List<String> ids = new ArrayList<>();
            long started = System.nanoTime();
            for (int i = 0; i < posts; i++) {
                HttpResponse<String> posted = http.send(HttpRequest.newBuilder(base.resolve("/chat"))
                        .header("Content-Type", "text/plain; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofString("Mallory: " + TEXT)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (posted.statusCode() != 201) {
                    throw new IllegalStateException("post " + i + ": " + posted.statusCode() + " " + posted.body());
                }
                ids.add(ChatJson.mapper().readTree(posted.body()).get("id").asText());
            }
            System.out.printf(Locale.ROOT, "posted %,d in %.1f s%n", posts, (System.nanoTime() - started) / 1e9);
            String first = ids.get(0);
            String last = ids.get(ids.size() - 1);
            // The hub hears of posts from its tail a moment after they are stored: measure once it heard them all.
            resume(ids.get(ids.size() - 2), last);

            measure(pid, "one resume with the first id", () -> resume(first, last));
            measure(pid, "GET /chat/history?limit=500", () -> get("/chat/history?limit=500"));
            measure(pid, resumes + " resumes at once, and a page of 50 meanwhile", () -> {
                ExecutorService readers = Executors.newFixedThreadPool(resumes);
                try {
                    List<CompletableFuture<Long>> all = new ArrayList<>();
                    for (int i = 0; i < resumes; i++) {
                        all.add(CompletableFuture.supplyAsync(() -> {
                            try {
                                return resume(first, last);
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        }, readers));
                    }
                    long pageStarted = System.nanoTime();
                    long page = get("/chat/history?limit=50");
                    System.out.printf(Locale.ROOT, "  meanwhile a page of 50: %.0f ms, %,d bytes%n",
                            (System.nanoTime() - pageStarted) / 1e6, page);
                    return all.stream().mapToLong(CompletableFuture::join).sum();
                } finally {
                    readers.shutdown();
                }
            });
        }
        return 0;
    }

    private interface Read {
        long bytes() throws Exception;
    }

    private static void measure(long pid, String what, Read read) throws Exception {
        long cpu = LoadTest.cpuNanos(pid);
        long started = System.nanoTime();
        long bytes = read.bytes();
        System.out.printf(Locale.ROOT, "%s: %.0f ms, %,d bytes, server CPU %.0f ms%n", what,
                (System.nanoTime() - started) / 1e6, bytes, (LoadTest.cpuNanos(pid) - cpu) / 1e6);
    }

    /** Opens a structured stream after {@code after} and reads until the event {@code until}; the bytes read. */
    private long resume(String after, String until) throws Exception {
        HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(base.resolve("/chat?view=json"))
                .header("Last-Event-ID", after).timeout(Duration.ofMinutes(5)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            long bytes = 0;
            String end = "id: " + until;
            for (String line; (line = in.readLine()) != null; ) {
                bytes += line.length() + 1;
                if (line.equals(end)) {
                    return bytes;
                }
            }
            throw new IllegalStateException("the stream ended before " + until);
        }
    }

    private long get(String pathAndQuery) throws Exception {
        HttpResponse<byte[]> page = http.send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (page.statusCode() != 200) {
            throw new IllegalStateException(pathAndQuery + ": " + page.statusCode());
        }
        return page.body().length;
    }
}
