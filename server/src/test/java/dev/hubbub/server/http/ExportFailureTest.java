package dev.hubbub.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.testing.RawClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An {@link Error} in the middle of an export (an {@code OutOfMemoryError}, here thrown by the body itself) still
 * answers its request, through a real Jetty: with a sentence when nothing was sent yet, else by ending the
 * connection, so the download fails at once instead of waiting forever; and the next request is served.
 */
class ExportFailureTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private Server jetty;
    private int port;

    @BeforeEach
    void start() throws Exception {
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        jetty.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String path = request.getHttpURI().getPath();
                request.getComponents().getThreadPool().execute(() -> ExportHandler.stream(response, callback,
                        "text/html; charset=utf-8", "x.html", out -> {
                            if (path.equals("/midway")) {
                                // More than the stream buffers: the answer has begun when the error comes.
                                out.write(new byte[300 * 1024]);
                            }
                            if (!path.equals("/whole")) {
                                throw new OutOfMemoryError("Java heap space");
                            }
                            out.write("<!doctype html>whole".getBytes(StandardCharsets.UTF_8));
                        }));
                return true;
            }
        });
        jetty.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        jetty.stop();
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    }

    @Test
    void anErrorBeforeAnyByteIsAnsweredWithASentence() throws Exception {
        try (RawClient client = RawClient.connect(port)) {
            client.send(get("/early"));
            String answer = client.readUntil("a moment\n", WAIT);
            assertThat(answer).startsWith("HTTP/1.1 503").contains("Retry-After: 10")
                    .contains("the server could not finish this export; try again in a moment");
        }
        try (RawClient client = RawClient.connect(port)) {
            client.send(get("/whole"));
            assertThat(client.readUntil("whole", WAIT)).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void anErrorAfterTheAnswerBeganEndsTheConnection() throws Exception {
        try (RawClient client = RawClient.connect(port)) {
            client.send(get("/midway"));
            assertThat(client.readUntil("\r\n\r\n", WAIT)).startsWith("HTTP/1.1 200");
            client.drainUntilClosed(WAIT);
        }
        try (RawClient client = RawClient.connect(port)) {
            client.send(get("/whole"));
            assertThat(client.readUntil("whole", WAIT)).startsWith("HTTP/1.1 200");
        }
    }
}
