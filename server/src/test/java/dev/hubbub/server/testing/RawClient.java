package dev.hubbub.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A plain socket speaking HTTP/1.1 by hand: to see exact bytes, and to be a client that stops reading. */
public final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    private RawClient(Socket socket) {
        this.socket = socket;
    }

    public static RawClient connect(int port) throws IOException {
        return new RawClient(new Socket(InetAddress.getLoopbackAddress(), port));
    }

    /** A client that asks for a tiny receive window and then reads nothing, so the server's writes back up. */
    public static RawClient connectWithoutReading(int port) throws IOException {
        return connectWithoutReading(port, null);
    }

    /** As above, its connection leaving from {@code localAddress} (any of 127.0.0.0/8), another client address. */
    public static RawClient connectWithoutReading(int port, String localAddress) throws IOException {
        Socket socket = new Socket();
        if (localAddress != null) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        }
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return new RawClient(socket);
    }

    public void send(String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** Reads until the text received so far contains {@code marker}; returns all of it. */
    public String readUntil(String marker, Duration timeout) throws IOException {
        return readUntil(marker, 1, timeout);
    }

    /** Reads until the text received so far contains {@code marker} {@code times} times; returns all of it. */
    public String readUntil(String marker, int times, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        while (true) {
            String text = received.toString(StandardCharsets.UTF_8);
            if (text.split(java.util.regex.Pattern.quote(marker), -1).length - 1 >= times) {
                return text;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new AssertionError("'" + marker + "' not received within " + timeout + "; got: " + text);
            }
            socket.setSoTimeout((int) left);
            try {
                int n = in.read(buffer);
                if (n < 0) {
                    throw new AssertionError("connection closed before '" + marker + "'; got: " + text);
                }
                received.write(buffer, 0, n);
            } catch (SocketTimeoutException e) {
                // loop: the deadline decides
            }
        }
    }

    /** Reads and discards until the server closes or resets the connection; fails if it has not after timeout. */
    public void drainUntilClosed(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[64 * 1024];
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new AssertionError("the server did not close the connection within " + timeout);
            }
            socket.setSoTimeout((int) left);
            try {
                if (in.read(buffer) < 0) {
                    return;
                }
            } catch (SocketTimeoutException e) {
                // loop
            } catch (IOException reset) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
