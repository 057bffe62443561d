package dev.hubbub.server.testing;

import dev.hubbub.server.HubbubServer;
import dev.hubbub.server.ServerConfig;
import dev.hubbub.server.hub.HubSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** A real Hubbub on a free loopback port, with a data directory of the test's own. */
public final class RunningServer implements AutoCloseable {
    private final HubbubServer server;

    private RunningServer(HubbubServer server) {
        this.server = server;
    }

    /** Loopback, a free port, test-friendly timings (short presence grace), generous rate limits. */
    public static ServerConfig testConfig(Path dataDir) {
        HubSettings room = HubSettings.defaults("Test room").with(hub -> hub.presenceGrace(Duration.ofMillis(300)));
        return ServerConfig.defaults(dataDir).with(c -> c.host("127.0.0.1").port(0).hub(room)
                .limits(l -> l.postRate(10_000, 10_000).maxStreamsPerAddress(64).streamOpenRate(10_000, 10_000))
                .announce(false));
    }

    public static RunningServer start(Path dataDir) throws Exception {
        return start(dataDir, UnaryOperator.identity());
    }

    public static RunningServer start(Path dataDir, UnaryOperator<ServerConfig> adjust) throws Exception {
        return new RunningServer(HubbubServer.start(adjust.apply(testConfig(dataDir))));
    }

    public HubbubServer server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    public URI uri(String pathAndQuery) {
        return URI.create((server.isSecure() ? "https" : "http") + "://127.0.0.1:" + port() + pathAndQuery);
    }

    @Override
    public void close() {
        server.close();
    }
}
