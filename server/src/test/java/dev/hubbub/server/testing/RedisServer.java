package dev.hubbub.server.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real {@code redis-server} (Debian's package; {@code .ci/run} installs it) on a free loopback port, with a
 * directory of its own and an append-only file synced on every write, as Hubbub's README asks of a Redis it uses.
 */
public final class RedisServer implements AutoCloseable {
    public static final Path EXECUTABLE = Path.of("/usr/bin/redis-server");

    private final Process process;
    private final int port;
    private final Path dir;

    private RedisServer(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    public static RedisServer start(Path dir) throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        return start(dir, port);
    }

    /** The same Redis again, after {@link #close}: same port, same directory (so its append-only file). */
    public static RedisServer restart(RedisServer stopped) throws IOException, InterruptedException {
        return start(stopped.dir, stopped.port);
    }

    private static RedisServer start(Path dir, int port) throws IOException, InterruptedException {
        if (!Files.isExecutable(EXECUTABLE)) {
            throw new IllegalStateException("Redis tests need " + EXECUTABLE + ": apt-get install redis-server "
                    + "(.ci/run does)");
        }
        Files.createDirectories(dir);
        Process process = new ProcessBuilder(List.of(EXECUTABLE.toString(), "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "always",
                "--save", "", "--daemonize", "no")).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return new RedisServer(process, port, dir);
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    process.destroyForcibly();
                    throw new IOException("redis-server did not start: " + Files.readString(dir.resolve("redis.log")));
                }
                Thread.onSpinWait();
            }
        }
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Every key under {@code prefix} with all it holds, as text (what a person who reads the Redis would find). */
    public String dump(String prefix) {
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(uri());
        try (var connection = client.connect()) {
            var redis = connection.sync();
            StringBuilder all = new StringBuilder();
            for (String key : redis.keys(prefix + "*")) {
                all.append(key).append(" = ").append(switch (redis.type(key)) {
                    case "string" -> redis.get(key);
                    case "hash" -> redis.hgetall(key);
                    case "set" -> redis.smembers(key);
                    case "zset" -> redis.zrange(key, 0, -1);
                    case "list" -> redis.lrange(key, 0, -1);
                    case "stream" -> redis.xrange(key, io.lettuce.core.Range.create("-", "+")).stream()
                            .map(entry -> entry.getId() + entry.getBody()).toList();
                    default -> "?";
                }).append('\n');
            }
            return all.toString();
        } finally {
            client.shutdown();
        }
    }

    /** Kills it with SIGKILL, as a crash or a power cut would: only what its append-only file synced is kept. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
