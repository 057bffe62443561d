package dev.hubbub.bench.load;

import dev.hubbub.bench.process.Child;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Starting what the load benchmarks measure: Hubbub servers (or the floor) and a Redis of their own. */
final class Servers {
    private static final Pattern PORT = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/");

    /**
     * {@code serve}'s limits lifted: the benchmarks' clients come from a handful of loopback addresses, where a LAN's
     * come from one address each, so the per-address limits (streams, connections, opens and posts a second) would
     * measure themselves instead of the fan-out.
     */
    static final List<String> NO_LIMITS = List.of("--max-posts-per-second", "100000", "--post-burst", "100000",
            "--max-streams-per-address", "1000000", "--max-connections-per-address", "1000000",
            "--max-stream-opens-per-second", "1000000", "--stream-open-burst", "1000000");

    private Servers() {
    }

    /** A {@code redis-server} of the benchmark's own on a free loopback port, durable as the README asks. */
    record Redis(Process process, int port) implements AutoCloseable {
        static Redis start(String redisServer, Path dir) throws IOException {
            int port = freePort();
            Files.createDirectories(dir);
            Process process = new ProcessBuilder(redisServer, "--port", Integer.toString(port), "--bind",
                    "127.0.0.1", "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "always",
                    "--save", "", "--maxclients", "10000").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
            awaitListening(port);
            return new Redis(process, port);
        }

        /** {@code serve}'s options that put its store here. */
        List<String> storeOptions(Path filesDir) {
            return List.of("--store", "redis://127.0.0.1:" + port, "--files-dir", filesDir.toString());
        }

        /** Redis's {@code used_memory}, asked over a plain socket ({@code INFO memory} as an inline command). */
        long usedMemory() throws IOException {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                socket.getOutputStream().write("INFO memory\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                        socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("used_memory:")) {
                        return Long.parseLong(line.substring("used_memory:".length()).strip());
                    }
                }
            }
            throw new IOException("Redis did not say how much memory it uses");
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor();
        }
    }

    /**
     * Starts {@code hubbub serve} (from {@code classpath}, null for this one) on loopback at {@code port} (0: any),
     * without mDNS and with the limits lifted, and waits until it listens; or the floor broadcaster when
     * {@code floor}.
     */
    static Child.Server start(String name, boolean floor, String classpath, List<String> jvm, int port, Path dataDir,
                              List<String> more) throws IOException, InterruptedException {
        Child server;
        if (floor) {
            server = Child.start(name, jvm, FloorServer.class.getName(), Integer.toString(port));
        } else {
            List<String> serve = new ArrayList<>(List.of("serve", "--host", "127.0.0.1", "--port",
                    Integer.toString(port), "--data-dir", dataDir.toString(), "--no-announce"));
            serve.addAll(NO_LIMITS);
            serve.addAll(more);
            server = Child.start(name, classpath, jvm, "dev.hubbub.server.cli.Hubbub", serve.toArray(String[]::new));
        }
        int listening = 0;
        for (String line; !(line = server.nextLine(Duration.ofSeconds(60))).equals("Press Ctrl-C to stop."); ) {
            Matcher m = PORT.matcher(line);
            if (m.find()) {
                listening = Integer.parseInt(m.group(1));
            }
        }
        return new Child.Server(server, listening);
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private static void awaitListening(int port) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("redis-server did not start listening on " + port);
                }
                Thread.onSpinWait();
            }
        }
    }
}
