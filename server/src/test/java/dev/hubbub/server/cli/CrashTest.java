package dev.hubbub.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.server.testing.Http;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash property, with rooms and direct messages: {@code hubbub serve} is killed with SIGKILL again and again
 * while people post in two rooms and to each other, and subscribers reconnect with their {@code Last-Event-ID}.
 * Every message the server acknowledged reaches every subscriber that may see it, exactly once, and nobody sees
 * what they may not.
 */
class CrashTest {
    private static final int KILLS = 8;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private CommandProcess serve(int port) throws Exception {
        CommandProcess serve = CommandProcess.start("serve", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--data-dir", dataDir.toString(), "--no-announce", "--max-posts-per-second", "100000",
                "--post-burst", "100000", "--max-stream-opens-per-second", "100000", "--stream-open-burst",
                "100000");
        while (!serve.nextLine().equals("Press Ctrl-C to stop.")) {
            // the welcome lines
        }
        return serve;
    }

    @Test
    void everyAcknowledgedMessageReachesEverySubscriberThatMaySeeItExactlyOnceAcrossKills() throws Exception {
        int port = freePort();
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        Http http = new Http();
        CommandProcess server = serve(port);
        String ann = token(http, base, "Ann");
        String bob = token(http, base, "Bob");
        assertThat(send(http, base.resolve("/rooms"), ann, "{\"name\":\"Design\"}")).isNotNull();

        try (CrashWorkload work = new CrashWorkload(http, i -> base, ann, bob)) {
            for (int kill = 0; kill < KILLS; kill++) {
                work.awaitMore(20, WAIT);
                server.kill();
                server = serve(port);
            }
            work.awaitMore(20, WAIT);
            work.stopAndCheck(WAIT);
        } finally {
            server.close();
        }
    }

    static String token(Http http, URI base, String name) throws Exception {
        Http.Reply reply = http.post(base.resolve("/session"), Http.JSON, "{\"name\":\"" + name + "\"}");
        assertThat(reply.status()).isEqualTo(201);
        return ChatJson.mapper().readTree(reply.body()).get("token").asText();
    }

    /** Posts with a token; the id when the server acknowledged it, null otherwise. */
    static String send(Http http, URI uri, String token, String json) throws Exception {
        Http.Reply reply = http.send(new Request.Builder().url(uri.toString()).header("Authorization", "Bearer " + token)
                .post(RequestBody.create(json, Http.JSON)).build());
        if (reply.status() != 201 && reply.status() != 200) {
            return null;
        }
        var body = ChatJson.mapper().readTree(reply.body());
        return body.has("id") ? body.get("id").asText() : body.get("name").asText();
    }
}
