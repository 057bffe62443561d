package dev.hubbub.server.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the API tests of two people share: a real server with a data directory of its own ({@link #server}, which a
 * test may restart), Ann and Bob signed in ({@link #ann}, {@link #bob}: their tokens), requests as either
 * ({@link #send}) and their streams ({@link #stream}), all closed after the test.
 */
public abstract class TwoPeopleTest {
    @TempDir
    protected Path dataDir;

    protected final Http http = new Http();
    private final List<AutoCloseable> open = new ArrayList<>();
    protected RunningServer server;
    protected String ann;
    protected String bob;

    @BeforeEach
    void startWithAnnAndBob() throws Exception {
        server = RunningServer.start(dataDir);
        ann = http.claim(server.uri("/"), "Ann");
        bob = http.claim(server.uri("/"), "Bob");
    }

    @AfterEach
    void closeStreamsAndServer() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        server.close();
    }

    /** A request signed in with {@code token} (none when null), with a JSON body (none when null). */
    protected Http.Reply send(String token, String method, String path, String json) throws Exception {
        return http.send(token, method, server.uri(path), json);
    }

    /** A stream at {@code path} signed in with {@code token} (none when null), read event by event. */
    protected StreamReader stream(String token, String path) throws Exception {
        Http.Stream stream = http.open(server.uri(path), token, null);
        open.add(stream);
        return new StreamReader(stream.response().body().byteStream(), path);
    }
}
