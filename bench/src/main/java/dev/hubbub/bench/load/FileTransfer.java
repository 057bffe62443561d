package dev.hubbub.bench.load;

import dev.hubbub.bench.process.Child;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Upload and download throughput of one large file over loopback, and the server's heap while it streams: a server
 * in its own process with a small heap ({@code --server-heap}, far smaller than the file), then {@code --runs}
 * uploads of a {@code --mb} MB file of random bytes (each run different bytes, so none is stored already) and a
 * download of each, checked byte for byte by SHA-256. The server logs its garbage collections ({@code -Xlog:gc}); the
 * most heap in use before any collection during a run is reported (reading the heap from outside, with jcmd, cost
 * more CPU than the transfer on two cores).
 *
 * <p>{@code java -cp bench/target/benchmarks.jar dev.hubbub.bench.load.FileTransfer --mb 200}
 */
@Command(name = "file-transfer", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures upload and download throughput of a large file, and the server's heap meanwhile.")
public final class FileTransfer implements Callable<Integer> {
    private static final Pattern PORT = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/");
    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    @Option(names = "--mb", defaultValue = "200", description = "The file's size in MB (default: ${DEFAULT-VALUE}).")
    int megabytes;

    @Option(names = "--runs", defaultValue = "3", description = "Uploads and downloads (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--server-heap", defaultValue = "64m",
            description = "The server's -Xmx (default: ${DEFAULT-VALUE}).")
    String serverHeap;

    @Option(names = "--server-jvm-option", paramLabel = "OPTION",
            description = "More options for the server's JVM (repeatable), such as -XX:TieredStopAtLevel=1.")
    List<String> serverJvmOptions = new java.util.ArrayList<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new FileTransfer()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("hubbub-files-");
        long size = megabytes * 1_000_000L;
        Path file = work.resolve("big.bin");
        writeRandom(file, size);
        Path gcLog = work.resolve("gc.log");
        List<String> jvm = new java.util.ArrayList<>(List.of("-Xmx" + serverHeap, "-Xlog:gc:file=" + gcLog));
        jvm.addAll(Child.SHIPPED_JVM_OPTIONS);
        jvm.addAll(serverJvmOptions);
        try (Child server = Child.start("server", jvm,
                "dev.hubbub.server.cli.Hubbub", "serve", "--host", "127.0.0.1", "--port", "0", "--no-announce",
                "--data-dir", work.resolve("data").toString(), "--max-file-size", (size + 1) + "",
                "--max-files-total", "100GB", "--uploads-per-minute", "1000")) {
            int port = 0;
            for (String line; !(line = server.nextLine(Duration.ofSeconds(30))).equals("Press Ctrl-C to stop."); ) {
                Matcher m = PORT.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            URI base = URI.create("http://127.0.0.1:" + port + "/");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String token = claim(http, base);
            System.out.printf(Locale.ROOT, "server heap limit %s; file %d MB%n", serverHeap, megabytes);
            for (int run = 1; run <= runs; run++) {
                stamp(file, run);
                String expected = sha256(file);
                long gcLinesBefore = Files.exists(gcLog) ? Files.readAllLines(gcLog).size() : 0;
                long start = System.nanoTime();
                String answer = upload(port, token, file, size);
                double up = seconds(start);
                if (!answer.startsWith("HTTP/1.1 201")) {
                    throw new IllegalStateException("upload: " + answer);
                }
                String id = answer.replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1").strip();
                // The server hashes a file behind its upload; let it finish, so the download is measured alone.
                start = System.nanoTime();
                Path unhashed = work.resolve("data").resolve("files").resolve("blobs").resolve("new");
                while (Files.isDirectory(unhashed) && Files.list(unhashed).findAny().isPresent()) {
                    if (seconds(start) > 120) {
                        throw new IllegalStateException("the server did not hash the file within 120 s");
                    }
                    Thread.sleep(20);
                }
                double hashed = seconds(start);
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                start = System.nanoTime();
                long received = download(port, token, id, digest);
                double down = seconds(start);
                long peak = peakHeapSince(gcLog, gcLinesBefore);
                String got = HexFormat.of().formatHex(digest.digest());
                System.out.printf(Locale.ROOT, "run %d: upload %.0f MB/s (%.2f s), hashed %.1f s later, download %.0f "
                                + "MB/s (%.2f s), %s; server heap at most %d MiB before a collection (of %s)%n", run,
                        size / up / 1e6, up, hashed, received / down / 1e6, down,
                        got.equals(expected) && received == size ? "same bytes" : "DIFFERENT BYTES", 
                        peak, serverHeap);
            }
        } finally {
            try (var all = Files.walk(work)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    /** POST /files over a plain socket, the file sent by the kernel (transferTo); returns the whole answer. */
    private static String upload(int port, String token, Path file, long size) throws IOException {
        try (SocketChannel socket = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
             FileChannel in = FileChannel.open(file)) {
            String head = "POST /files?name=big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + size
                    + "\r\nConnection: close\r\n\r\n";
            ByteBuffer headBytes = ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII));
            while (headBytes.hasRemaining()) {
                socket.write(headBytes);
            }
            for (long sent = 0; sent < size; ) {
                sent += in.transferTo(sent, size - sent, socket);
            }
            return new String(socket.socket().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** GET /files/ID over a plain socket, into a digest; returns the body's length. */
    private static long download(int port, String token, String id, MessageDigest digest) throws IOException {
        try (SocketChannel socket = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            String request = "GET /files/" + id + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                    + "\r\nConnection: close\r\n\r\n";
            socket.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
            byte[] bytes = new byte[1 << 20];
            boolean inBody = false;
            long body = 0;
            StringBuilder head = new StringBuilder();
            while (socket.read(buffer) != -1) {
                buffer.flip();
                int n = buffer.remaining();
                buffer.get(bytes, 0, n);
                buffer.clear();
                int from = 0;
                if (!inBody) {
                    head.append(new String(bytes, 0, n, StandardCharsets.ISO_8859_1));
                    int end = head.indexOf("\r\n\r\n");
                    if (end < 0) {
                        continue;
                    }
                    if (!head.toString().startsWith("HTTP/1.1 200")) {
                        throw new IOException("download: " + head);
                    }
                    inBody = true;
                    from = n - (head.length() - (end + 4));
                }
                digest.update(bytes, from, n - from);
                body += n - from;
            }
            return body;
        }
    }

    private static String claim(HttpClient http, URI base) throws IOException, InterruptedException {
        HttpResponse<String> reply = http.send(HttpRequest.newBuilder(base.resolve("session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Bench\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return reply.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1").strip();
    }

    private static void writeRandom(Path file, long size) throws IOException {
        Random random = new Random(42);
        byte[] block = new byte[1 << 20];
        try (var out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, size - written));
            }
        }
    }

    /** Makes the file's bytes differ from every earlier run's, so the server stores it anew. */
    private static void stamp(Path file, int run) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(("run " + run + " " + System.nanoTime()).getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) != -1; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** The most heap in use before a collection, in MiB, over the GC log's lines after the first {@code skip}. */
    private static long peakHeapSince(Path gcLog, long skip) throws IOException {
        long peak = 0;
        List<String> lines = Files.exists(gcLog) ? Files.readAllLines(gcLog) : List.of();
        for (String line : lines.subList((int) Math.min(skip, lines.size()), lines.size())) {
            Matcher m = GC_LINE.matcher(line);
            if (m.find()) {
                peak = Math.max(peak, Long.parseLong(m.group(1)));
            }
        }
        return peak;
    }
}
