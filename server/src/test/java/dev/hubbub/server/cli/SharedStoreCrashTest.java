package dev.hubbub.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RedisServer;
import dev.hubbub.server.testing.StreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash property with several servers: three {@code hubbub serve --store redis://…} processes share one real
 * {@code redis-server}; one server after another is killed with SIGKILL while people post through the others, and
 * Redis itself is killed and restarted (append-only file, {@code appendfsync always}) under the same load.
 * Subscribers reconnect with their {@code Last-Event-ID}, each time to the next server, as behind a load balancer.
 * Every acknowledged message reaches every subscriber that may see it exactly once.
 */
class SharedStoreCrashTest {
    private static final Duration WAIT = Duration.ofSeconds(45);

    @TempDir
    Path dir;

    private RedisServer redis;
    private final int[] ports = new int[3];
    private final CommandProcess[] nodes = new CommandProcess[3];

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start(dir.resolve("redis"));
        for (int i = 0; i < nodes.length; i++) {
            ports[i] = freePort();
            nodes[i] = serve(i);
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (CommandProcess node : nodes) {
            if (node != null) {
                node.close();
            }
        }
        redis.close();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private CommandProcess serve(int node) throws Exception {
        CommandProcess serve = CommandProcess.start("serve", "--host", "127.0.0.1", "--port",
                Integer.toString(ports[node]), "--data-dir", dir.resolve("node" + node).toString(), "--store",
                redis.uri(), "--files-dir", dir.resolve("files").toString(), "--no-announce",
                "--max-posts-per-second", "100000", "--post-burst", "100000", "--max-stream-opens-per-second",
                "100000", "--stream-open-burst", "100000", "--keep-alive-seconds", "1");
        // A server starting while the others take the load and a poster posts flat out on two cores may take a while.
        while (!serve.nextLine(Duration.ofSeconds(60)).equals("Press Ctrl-C to stop.")) {
            // the welcome lines
        }
        return serve;
    }

    private URI base(int node) {
        return URI.create("http://127.0.0.1:" + ports[Math.floorMod(node, ports.length)] + "/");
    }

    @Test
    void everyAcknowledgedMessageReachesEverySubscriberExactlyOnceAcrossKillsOfServersAndOfRedis() throws Exception {
        Http http = new Http();
        String ann = CrashTest.token(http, base(0), "Ann");
        String bob = CrashTest.token(http, base(1), "Bob");
        assertThat(CrashTest.send(http, base(2).resolve("/rooms"), ann, "{\"name\":\"Design\"}")).isNotNull();

        try (CrashWorkload work = new CrashWorkload(http, this::base, ann, bob)) {
            for (int kill = 0; kill < 4; kill++) {
                work.awaitMore(20, WAIT);
                int node = kill % nodes.length;
                nodes[node].kill();
                work.awaitMore(20, WAIT);
                nodes[node] = serve(node);
            }
            work.awaitMore(20, WAIT);
            redis.kill();
            redis = RedisServer.restart(redis);
            work.awaitMore(40, WAIT);
            work.stopAndCheck(WAIT);
            assertThat(work.acknowledged()).isGreaterThan(200);
        }
    }

    @Test
    void whenAServerDiesItsPeopleGoOfflineOnTheOthersWithinTheBound() throws Exception {
        Http http = new Http();
        Http.Stream watcher = http.open(base(1).resolve("/chat?view=json&name=Watcher"), null);
        StreamReader onB = new StreamReader(watcher.response().body().byteStream(), "watcher");
        Http.Stream dee = http.open(base(0).resolve("/chat?view=json&name=Dee"), null);
        try {
            await().atMost(WAIT).until(() -> ChatJson.read(onB.next("join").data(), StreamEvents.Person.class)
                    .name().equals("Dee"));
            long killed = System.nanoTime();
            nodes[0].kill();
            assertThat(ChatJson.read(onB.next("leave").data(), StreamEvents.Person.class).name())
                    .isEqualTo("Dee");
            // The bound: the dead server's list expires (6 s), the others read every 0.5 s and announce within 0.25 s.
            assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(10));
        } finally {
            dee.close();
            watcher.close();
        }
    }
}
