package dev.hubbub.server.cli;

import dev.hubbub.server.HubbubServer;
import dev.hubbub.server.PortInUseException;
import dev.hubbub.server.ServerConfig;
import dev.hubbub.server.http.ChatRoutes;
import dev.hubbub.server.hub.RoomSettings;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hubbub serve}: hosts a room until Ctrl-C. Every option has a default; none is needed. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Hosts a chat room for the local network and prints the addresses to join it at.")
final class ServeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "Listen on this address only (default: every interface).")
    private String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where messages are kept (default: ~/.local/share/hubbub on Linux, "
                    + "~/Library/Application Support/Hubbub on macOS, %%APPDATA%%\\Hubbub on Windows).")
    private Path dataDir;

    @Option(names = "--room", paramLabel = "NAME", description = "The room's name (default: \"Hubbub on HOSTNAME\").")
    private String roomName;

    @Option(names = "--tls", description = "Serve HTTPS with HTTP/2, from --keystore or from a self-signed "
            + "certificate made on first run and kept in the data directory.")
    private boolean tls;

    @Option(names = "--keystore", paramLabel = "FILE", description = "With --tls: a PKCS#12 or JKS keystore.")
    private Path keystore;

    @Option(names = "--keystore-password", paramLabel = "PASSWORD", description = "The --keystore's password.")
    private String keystorePassword;

    @Option(names = "--no-announce", description = "Do not advertise the room on the LAN (mDNS, _hubbub._tcp).")
    private boolean noAnnounce;

    @Option(names = "--allow-origin", paramLabel = "ORIGIN",
            description = "Also let pages from this origin (such as http://intranet:8000) post and read; "
                    + "repeatable; * allows any (default: only the room's own page).")
    private List<String> allowedOrigins = new ArrayList<>();

    @Option(names = "--max-posts-per-second", paramLabel = "N", defaultValue = "5",
            description = "Messages per second from one address, sustained (default: ${DEFAULT-VALUE}).")
    private double postsPerSecond;

    @Option(names = "--post-burst", paramLabel = "N", defaultValue = "20",
            description = "Messages one address may send at once (default: ${DEFAULT-VALUE}).")
    private int postBurst;

    @Option(names = "--max-body-bytes", paramLabel = "BYTES", defaultValue = "65536",
            description = "The largest POST body (default: ${DEFAULT-VALUE}).")
    private int maxBodyBytes;

    @Option(names = "--max-streams-per-address", paramLabel = "N", defaultValue = "32",
            description = "Open event streams from one address (default: ${DEFAULT-VALUE}).")
    private int maxStreamsPerAddress;

    @Option(names = "--max-connections-per-address", paramLabel = "N", defaultValue = "64",
            description = "Open TCP connections from one address (default: ${DEFAULT-VALUE}).")
    private int maxConnectionsPerAddress;

    @Option(names = "--keep-messages", paramLabel = "N", defaultValue = "100000",
            description = "How many messages to keep; 0 keeps all (default: ${DEFAULT-VALUE}).")
    private int keepMessages;

    @Option(names = "--keep-alive-seconds", paramLabel = "S", defaultValue = "15",
            description = "Seconds between keep-alive comments on every stream (default: ${DEFAULT-VALUE}).")
    private int keepAliveSeconds;

    @Option(names = "--max-lag-bytes", paramLabel = "BYTES", defaultValue = "1048576",
            description = "How far a client may fall behind before it is disconnected to catch up from history "
                    + "(default: ${DEFAULT-VALUE}).")
    private long maxLagBytes;

    @Override
    public Integer call() throws Exception {
        ServerConfig config = config();
        HubbubServer server;
        try {
            server = HubbubServer.start(config);
        } catch (PortInUseException e) {
            throw new CommandFailure(e.getMessage() + "; choose another with --port, or 0 for any free port");
        }
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping: ending " + server.room().streamCount() + " streams...");
            out.flush();
            server.close();
            out.println("Stopped. Every accepted message is in " + config.dataDir().resolve("hubbub.db"));
            out.flush();
            stopped.countDown();
        }, "hubbub-shutdown"));
        // Only now, with the hook in place, may anyone act on "Press Ctrl-C to stop."
        printWelcome(out, server, config);
        stopped.await();
        return 0;
    }

    private ServerConfig config() {
        if ((keystore != null || keystorePassword != null) && !tls) {
            throw new CommandFailure("--keystore and --keystore-password only make sense with --tls");
        }
        if (keystore != null && keystorePassword == null) {
            throw new CommandFailure("--keystore needs --keystore-password");
        }
        if (keepAliveSeconds < 1) {
            throw new CommandFailure("--keep-alive-seconds must be at least 1");
        }
        ServerConfig defaults = ServerConfig.defaults(dataDir == null ? ServerConfig.defaultDataDir() : dataDir);
        RoomSettings room = defaults.room();
        if (roomName != null) {
            room = RoomSettings.defaults(roomName);
        }
        room = room.withKeepAlive(Duration.ofSeconds(keepAliveSeconds)).withMaxLagBytes(maxLagBytes);
        try {
            return defaults.withHost(host).withPort(port).withRoom(room)
                    .withTls(tls ? new ServerConfig.Tls(true, keystore, keystorePassword) : ServerConfig.Tls.OFF)
                    .withLimits(ChatRoutes.Limits.defaults().withAllowedOrigins(allowedOrigins)
                            .withPostRate(postsPerSecond, postBurst).withMaxBodyBytes(maxBodyBytes)
                            .withMaxStreamsPerAddress(maxStreamsPerAddress)
                            .withMaxConnectionsPerAddress(maxConnectionsPerAddress))
                    .withHistoryLimit(keepMessages)
                    .withAnnounce(!noAnnounce);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage());
        }
    }

    private static void printWelcome(PrintWriter out, HubbubServer server, ServerConfig config) {
        out.println("Hubbub " + HubbubServer.version() + ": the room \"" + server.room().name() + "\" is open.");
        List<URI> lan = server.lanUris();
        if (lan.isEmpty()) {
            out.println("Only this machine can join, at " + server.localUri());
        } else {
            out.println("Join from any machine on the network at:");
            lan.forEach(uri -> out.println("  " + uri));
            out.println("On this machine: " + server.localUri());
        }
        server.certificateFingerprint().ifPresent(fingerprint -> {
            out.println("TLS certificate SHA-256 fingerprint (check it when a browser asks):");
            out.println("  " + fingerprint);
        });
        out.println("Messages are kept in " + config.dataDir().resolve("hubbub.db"));
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }
}
