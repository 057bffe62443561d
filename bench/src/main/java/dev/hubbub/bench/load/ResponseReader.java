package dev.hubbub.bench.load;

import dev.hubbub.sse.EventStreamException;
import dev.hubbub.sse.EventStreamParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One event stream's HTTP/1.1 response as it comes off a raw socket: the status line and headers, then the chunked
 * body, each event handed to a handler by Hubbub's parser. The load clients hold thousands of these on one thread.
 */
final class ResponseReader {
    /** The server answered with something other than 200: {@link #getMessage()} is its status line. */
    static final class NotOk extends IOException {
        NotOk(String statusLine) {
            super("refused: " + statusLine);
        }
    }

    private final StringBuilder head = new StringBuilder();
    private final ChunkedDecoder chunks = new ChunkedDecoder();
    private final EventStreamParser parser;
    private boolean headersDone;

    ResponseReader(EventStreamParser.Handler handler) {
        this.parser = new EventStreamParser(handler);
    }

    boolean headersDone() {
        return headersDone;
    }

    /**
     * Reads what the socket has into {@code buffer} (the client's one buffer, shared by its streams) and takes it.
     *
     * @throws IOException when the server closed the stream, or answered with something other than 200
     */
    void readFrom(SocketChannel channel, ByteBuffer buffer) throws IOException {
        buffer.clear();
        int n = channel.read(buffer);
        if (n < 0) {
            throw new IOException("the server closed the stream");
        }
        feed(buffer.array(), n);
    }

    /** Takes the next {@code n} bytes read. */
    void feed(byte[] bytes, int n) throws IOException {
        int from = 0;
        if (!headersDone) {
            head.append(new String(bytes, 0, n, StandardCharsets.ISO_8859_1));
            int end = head.indexOf("\r\n\r\n");
            if (end < 0) {
                return;
            }
            if (!head.toString().startsWith("HTTP/1.1 200")) {
                throw new NotOk(head.substring(0, head.indexOf("\r\n")));
            }
            headersDone = true;
            from = n - (head.length() - (end + 4));
        }
        int body = chunks.decode(bytes, from, n);
        try {
            parser.feed(bytes, from, body);
        } catch (EventStreamException e) {
            throw new IOException(e);
        }
    }
}
