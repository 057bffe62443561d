package dev.hubbub.bench.load;

import dev.hubbub.sse.EventStreamParser;
import dev.hubbub.sse.ServerSentEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * People who read along while the load test runs, in a process of their own: each claims a name (from its own
 * loopback source address, since sign-ins are limited per address), holds a structured stream signed in as that
 * name (so it hears where the others read), and once a second tells the server it has read up to the newest message
 * its stream brought ({@code POST /read}), on a connection it keeps, as a browser does.
 *
 * <p>Protocol with the coordinator, on standard output: {@code ready N} once every reader's stream is open, then
 * {@code result moves=M refused=R reads=E} when {@code finish} arrives on standard input.
 *
 * <p>{@code ReadMovers HOST PORT READERS SOURCE_PREFIX [still]} (the readers take {@code SOURCE_PREFIX1},
 * {@code SOURCE_PREFIX2}, …: a /24 of their own). {@code still}: they hold their streams but never move, to tell what
 * the moves cost from what the readers' process costs the machine. {@code private}: they move but share nothing (so
 * the server sends no {@code read} events), to tell what the events cost from what the moves themselves cost.
 */
public final class ReadMovers {
    private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("HTTP/1\\.1 (\\d{3})");

    private final String host;
    private final int port;
    private final AtomicLong moves = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong readEvents = new AtomicLong();
    private volatile boolean running = true;

    private ReadMovers(String host, int port) {
        this.host = host;
        this.port = port;
    }

    public static void main(String[] args) throws Exception {
        ReadMovers movers = new ReadMovers(args[0], Integer.parseInt(args[1]));
        int count = Integer.parseInt(args[2]);
        String prefix = args[3];
        boolean still = args.length > 4 && args[4].equals("still");
        boolean hidden = args.length > 4 && args[4].equals("private");
        List<Reader> readers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Reader reader = movers.new Reader("Reader " + i, prefix + (1 + i));
            readers.add(reader);
            reader.open();
            if (hidden) {
                reader.request("PUT", "/read/sharing", "{\"share\":false}");
            }
        }
        System.out.println("ready " + readers.size());
        System.out.flush();
        for (Reader reader : readers) {
            reader.start(!still);
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null && !line.equals("finish"); ) {
                // waiting for the coordinator
            }
        }
        movers.running = false;
        System.out.println("result moves=" + movers.moves.get() + " refused=" + movers.refused.get() + " reads="
                + movers.readEvents.get());
        System.out.flush();
        System.exit(0);
    }

    /** One person reading along: their stream on a thread, and their moves once a second on another. */
    private final class Reader implements EventStreamParser.Handler {
        private final String name;
        private final InetAddress source;
        private String token;
        private Socket stream;
        private Socket moves;
        private java.io.BufferedInputStream movesIn;
        private volatile String newest;

        Reader(String name, String source) throws IOException {
            this.name = name;
            this.source = InetAddress.getByName(source);
        }

        private Socket connect() throws IOException {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress(host, port), 10_000);
            return socket;
        }

        /** Claims the name and opens the stream. */
        void open() throws IOException {
            String answer = request("POST", "/session", "{\"name\":\"" + name + "\"}");
            Matcher m = TOKEN.matcher(answer);
            if (!m.find()) {
                throw new IOException(name + " could not claim a name: " + answer);
            }
            token = m.group(1);
            stream = connect();
            OutputStream out = stream.getOutputStream();
            out.write(("GET /chat?view=json HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAccept: text/event-stream"
                    + "\r\nAuthorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        void start(boolean move) {
            Thread reading = new Thread(this::read, "stream-" + name);
            reading.setDaemon(true);
            reading.start();
            if (move) {
                Thread moving = new Thread(this::move, "moves-" + name);
                moving.setDaemon(true);
                moving.start();
            }
        }

        private void read() {
            try (InputStream in = stream.getInputStream()) {
                StringBuilder head = new StringBuilder();
                int b;
                while ((b = in.read()) >= 0) {
                    head.append((char) b);
                    if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                        break;
                    }
                }
                ChunkedDecoder chunks = new ChunkedDecoder();
                EventStreamParser parser = new EventStreamParser(this);
                byte[] buffer = new byte[64 * 1024];
                for (int n; running && (n = in.read(buffer)) > 0; ) {
                    int body = chunks.decode(buffer, 0, n);
                    parser.feed(buffer, 0, body);
                }
            } catch (IOException | RuntimeException e) {
                // the run is over, or the server went away
            }
        }

        @Override
        public void onEvent(ServerSentEvent event) {
            if (event.type().equals("chat") && event.lastEventId() != null) {
                newest = event.lastEventId();
            } else if (event.type().equals("read")) {
                readEvents.incrementAndGet();
            }
        }

        /** Once a second (each reader at its own moment in the second): where it read. */
        private void move() {
            try {
                Thread.sleep((long) (Math.random() * 1000));
                while (running) {
                    long next = System.currentTimeMillis() + 1000;
                    String upTo = newest;
                    if (upTo != null) {
                        if (moveOnce(upTo) == 204) {
                            ReadMovers.this.moves.incrementAndGet();
                        } else {
                            refused.incrementAndGet();
                        }
                    }
                    Thread.sleep(Math.max(0, next - System.currentTimeMillis()));
                }
            } catch (IOException | InterruptedException e) {
                refused.incrementAndGet();
            }
        }

        /** {@code POST /read} on the connection this reader keeps (opened again if the server closed it). */
        private int moveOnce(String upTo) throws IOException {
            byte[] body = ("{\"room\":\"general\",\"upTo\":\"" + upTo + "\"}").getBytes(StandardCharsets.UTF_8);
            for (int attempt = 0; attempt < 2; attempt++) {
                if (moves == null || moves.isClosed()) {
                    moves = connect();
                    movesIn = new java.io.BufferedInputStream(moves.getInputStream());
                }
                try {
                    OutputStream out = moves.getOutputStream();
                    out.write(("POST /read HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nContent-Type: "
                            + "application/json\r\nContent-Length: " + body.length + "\r\nAuthorization: Bearer "
                            + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                    return readAnswer(movesIn);
                } catch (IOException closed) {
                    moves.close();
                    moves = null;
                }
            }
            return -1;
        }

        /** Reads one answer's head and its body (by its Content-Length); its status. */
        private int readAnswer(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("the server closed the connection");
                }
                head.append((char) b);
            }
            Matcher status = STATUS.matcher(head);
            Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
            if (length.find()) {
                in.readNBytes(Integer.parseInt(length.group(1)));
            }
            return status.find() ? Integer.parseInt(status.group(1)) : -1;
        }

        /** One request on a connection of its own; the whole answer, head and body. */
        private String request(String method, String path, String json) throws IOException {
            try (Socket socket = connect()) {
                byte[] body = json.getBytes(StandardCharsets.UTF_8);
                OutputStream out = socket.getOutputStream();
                out.write((method + " " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nContent-Type: "
                        + "application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n"
                        + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
