package dev.hubbub.bench.load;

import dev.hubbub.bench.process.Child;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Posts per second a server stores: a server in a process of its own, then posts with {@code --in-flight} of them
 * outstanding at once (1: each waits for the one before), for {@code --seconds}. Each post is acknowledged only once
 * it is on the disk, so this measures how many of those syncs the store shares.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar dev.hubbub.bench.load.PostThroughput --in-flight 64}
 */
@Command(name = "post-throughput", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures stored posts per second, one at a time or many in flight.")
public final class PostThroughput implements Callable<Integer> {

    @Option(names = "--in-flight", defaultValue = "64", description = "Posts outstanding at once (default: ${DEFAULT-VALUE}).")
    int inFlight;

    @Option(names = "--seconds", defaultValue = "10", description = "How long to post (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup-seconds", defaultValue = "3",
            description = "Posting before the measurement, not counted (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--server-classpath", paramLabel = "PATH",
            description = "Run the server from another build, to compare builds in one sitting.")
    String serverClasspath;

    public static void main(String[] args) {
        System.exit(new CommandLine(new PostThroughput()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path dataDir = Files.createTempDirectory("hubbub-posts-");
        try (Child.Server server = Child.startServer(serverClasspath, List.of("-Xmx1g"),
                "--data-dir", dataDir.toString(), "--max-posts-per-second", "1000000", "--post-burst", "1000000")) {
            int port = server.port();
            post(port, warmupSeconds);
            long stored = post(port, seconds);
            System.out.printf(Locale.ROOT, "%d in flight: %d posts stored in %d s = %.0f posts/s%n", inFlight, stored,
                    seconds, stored / (double) seconds);
        }
        return 0;
    }

    /**
     * Posts for {@code duration} seconds from {@link #inFlight} connections, each sending its next post as soon as the
     * last is answered; returns how many were stored. Plain keep-alive sockets, so that the client's own cost stays
     * small next to the server's on this two-core machine (the JDK's HttpClient took more CPU than the server).
     */
    private long post(int port, int duration) throws Exception {
        AtomicLong stored = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(duration);
        List<Thread> posters = new ArrayList<>();
        for (int p = 0; p < inFlight; p++) {
            int poster = p;
            Thread thread = new Thread(() -> {
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    socket.setTcpNoDelay(true);
                    OutputStream out = socket.getOutputStream();
                    InputStream in = new BufferedInputStream(socket.getInputStream());
                    for (long n = 0; System.nanoTime() < end; n++) {
                        byte[] body = ("Poster" + poster + ": message " + n).getBytes(StandardCharsets.UTF_8);
                        out.write(("POST /chat HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: text/plain;"
                                + " charset=utf-8\r\nContent-Length: " + body.length + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        out.write(body);
                        out.flush();
                        if (readResponse(in) == 201) {
                            stored.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    failed.incrementAndGet();
                }
            }, "poster-" + p);
            thread.start();
            posters.add(thread);
        }
        for (Thread thread : posters) {
            thread.join();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " posts failed");
        }
        return stored.get();
    }

    /** Reads one response (status line, headers, a Content-Length body); returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed the connection");
            }
            head.append((char) b);
        }
        int status = Integer.parseInt(head.substring(9, 12));
        Matcher length = Pattern.compile("(?i)content-length: (\\d+)").matcher(head);
        if (length.find()) {
            in.readNBytes(Integer.parseInt(length.group(1)));
        }
        return status;
    }
}
