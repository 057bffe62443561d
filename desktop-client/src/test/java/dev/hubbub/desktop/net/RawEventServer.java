package dev.hubbub.desktop.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A server that answers each connection with exact bytes: the headers of an event stream, then the parts of that
 * connection's script, each written and flushed as a separate TCP write, then the end of the connection. It
 * records each request's headers. Connections past the last script are held open, silent, until the test ends.
 */
final class RawEventServer implements AutoCloseable {
    private final ServerSocket socket;
    private final List<List<byte[]>> scripts;
    private final BlockingQueue<Map<String, String>> requests = new LinkedBlockingQueue<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread acceptor;

    RawEventServer(List<List<byte[]>> scripts) throws IOException {
        this.scripts = scripts;
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "raw-event-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    int port() {
        return socket.getLocalPort();
    }

    String url() {
        return "http://127.0.0.1:" + port() + "/";
    }

    /** The next request's headers (lower-case names), waiting up to 10 s. */
    Map<String, String> nextRequest() throws InterruptedException {
        Map<String, String> request = requests.poll(10, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("no request within 10 s");
        }
        return request;
    }

    private void accept() {
        for (int connection = 0; !socket.isClosed(); connection++) {
            try {
                Socket client = socket.accept();
                int index = connection;
                Thread handler = new Thread(() -> serve(client, index), "raw-event-connection-" + index);
                handler.setDaemon(true);
                handler.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client, int index) {
        try (client) {
            client.setTcpNoDelay(true);
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            Map<String, String> headers = new HashMap<>();
            headers.put(":request", in.readLine());
            for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
            requests.add(headers);
            OutputStream out = client.getOutputStream();
            out.write(bytes("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"));
            out.flush();
            if (index >= scripts.size()) {
                closing.await();
                return;
            }
            for (byte[] part : scripts.get(index)) {
                out.write(part);
                out.flush();
                // Give each part its own TCP segment, so the client's reads split where the script splits.
                Thread.sleep(30);
            }
        } catch (IOException | InterruptedException e) {
            // the client went away, or the test is over
        }
    }

    @Override
    public void close() throws IOException {
        closing.countDown();
        socket.close();
    }
}
