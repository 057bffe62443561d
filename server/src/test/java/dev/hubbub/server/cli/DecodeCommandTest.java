package dev.hubbub.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DecodeCommandTest {
    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void printsEachEventFromStandardInputAsOneJsonLineAsItArrives() throws Exception {
        try (CommandProcess decode = CommandProcess.start("decode")) {
            decode.write("retry: 500\n");
            assertThat(decode.nextLine()).isEqualTo("{\"retry\":500}");

            decode.write("id: 1\nevent: chat\ndata: Ann: héllo 😀\ndata: \"quoted\"\n\n");
            assertThat(decode.nextLine()).isEqualTo(
                    "{\"type\":\"chat\",\"data\":\"Ann: héllo 😀\\n\\\"quoted\\\"\",\"lastEventId\":\"1\"}");

            decode.write("data: unterminated\n");
            decode.closeStdin();
            assertThat(decode.exitCode()).isZero();
            assertThat(decode.remainingLines()).isEmpty();
            assertThat(decode.stderr()).isEmpty();
        }
    }

    @Test
    void readsFromAUrlAsTheStreamArrives() throws Exception {
        BlockingQueue<String> toSend = new ArrayBlockingQueue<>(10);
        AtomicReference<String> lastEventIdHeader = new AtomicReference<>();
        startServer("/chat", exchange -> {
            lastEventIdHeader.set(exchange.getRequestHeaders().getFirst("Last-Event-ID"));
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                for (String chunk; !(chunk = toSend.take()).equals("END"); ) {
                    body.write(chunk.getBytes(StandardCharsets.UTF_8));
                    body.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (CommandProcess decode = CommandProcess.start("decode", "--url", url("/chat"), "--last-event-id", "41")) {
            toSend.add("id: 42\ndata: first\n\n");
            assertThat(decode.nextLine()).isEqualTo("{\"type\":\"message\",\"data\":\"first\",\"lastEventId\":\"42\"}");

            // The second event is only sent once the first was printed: the output cannot be waiting for the end.
            toSend.add("data: second\r\n\r\n");
            assertThat(decode.nextLine()).isEqualTo("{\"type\":\"message\",\"data\":\"second\",\"lastEventId\":\"42\"}");

            toSend.add("END");
            assertThat(decode.exitCode()).isZero();
            assertThat(lastEventIdHeader.get()).isEqualTo("41");
        }
    }

    @Test
    void saysWhichLineWasTooLongWithoutAStackTrace() throws Exception {
        try (CommandProcess decode = CommandProcess.start("decode", "--max-line-bytes", "16")) {
            decode.write("data: this line is far longer than sixteen bytes\n\n");
            decode.closeStdin();
            assertThat(decode.exitCode()).isEqualTo(1);
            assertThat(decode.stderr()).isEqualTo("hubbub decode: bad event stream from standard input: "
                    + "event stream line longer than 16 bytes without a line end\n");
        }
    }

    @Test
    void saysTheConnectionWasRefused() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (CommandProcess decode = CommandProcess.start("decode", "--url", "http://127.0.0.1:" + closedPort + "/")) {
            assertThat(decode.exitCode()).isEqualTo(1);
            assertThat(decode.stderr()).startsWith("hubbub decode: cannot connect").doesNotContain("\tat ");
        }
    }

    @Test
    void saysWhatTheServerAnsweredWhenItIsNotAStream() throws Exception {
        startServer("/", exchange -> {
            byte[] body = "no such room".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        try (CommandProcess decode = CommandProcess.start("decode", "--url", url("/missing"))) {
            assertThat(decode.exitCode()).isEqualTo(1);
            assertThat(decode.stderr()).isEqualTo(
                    "hubbub decode: " + url("/missing") + " answered HTTP 404: no such room\n");
        }
    }

    @Test
    void refusesAUrlThatIsNotHttp() throws Exception {
        try (CommandProcess decode = CommandProcess.start("decode", "--url", "ftp://example/")) {
            assertThat(decode.exitCode()).isEqualTo(1);
            assertThat(decode.stderr()).contains("--url needs an http:// or https:// URL");
        }
    }

    @Test
    void withoutASubcommandItShowsUsage() throws Exception {
        try (CommandProcess hubbub = CommandProcess.start()) {
            assertThat(hubbub.exitCode()).isEqualTo(2);
            assertThat(hubbub.stderr()).contains("Say what to do").contains("Usage: hubbub");
        }
    }

    private interface Exchange {
        void handle(com.sun.net.httpserver.HttpExchange exchange) throws IOException;
    }

    private void startServer(String path, Exchange handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(path, handler::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }
}
