package dev.hubbub.server.cli;

import dev.hubbub.server.DataDirectory;
import dev.hubbub.server.HubbubServer;
import dev.hubbub.server.PortInUseException;
import dev.hubbub.server.ServerConfig;
import dev.hubbub.server.http.HttpLimits;
import dev.hubbub.server.files.FileLimits;
import dev.hubbub.server.hub.HubSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    /** Every option's default is the server's own: one home for each (the help text shows them). */
    private static final HttpLimits LIMITS = HttpLimits.defaults();
    private static final HubSettings HUB = HubSettings.defaults("-");
    static final String KEYSTORE_PASSWORD_VARIABLE = "HUBBUB_KEYSTORE_PASSWORD";
    static final String STORE_VARIABLE = "HUBBUB_STORE";

    @Spec
    private CommandSpec spec;

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "Listen on this address only (default: every interface).")
    private String host;

    @Option(names = "--port", paramLabel = "PORT",
            description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int port = ServerConfig.DEFAULT_PORT;

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

    @Option(names = "--keystore-password-file", paramLabel = "FILE",
            description = "A file holding the --keystore's password (or set HUBBUB_KEYSTORE_PASSWORD); never on the "
                    + "command line, where other users could read it.")
    private Path keystorePasswordFile;

    @Option(names = "--no-announce", description = "Do not advertise the room on the LAN (mDNS, _hubbub._tcp).")
    private boolean noAnnounce;

    @Option(names = "--allow-origin", paramLabel = "ORIGIN",
            description = "Also let pages from this origin (such as http://intranet:8000) post and read; "
                    + "repeatable; * allows any (default: only the room's own page).")
    private List<String> allowedOrigins = new ArrayList<>();

    @Option(names = "--allow-host", paramLabel = "NAME",
            description = "Also answer requests addressed to this name (a DNS name for this machine, or the name a "
                    + "reverse proxy forwards); repeatable (default: this machine's names and addresses only).")
    private List<String> allowedHosts = new ArrayList<>();

    @Option(names = "--max-posts-per-second", paramLabel = "N",
            description = "Messages per second from one address, sustained (default: ${DEFAULT-VALUE}).")
    private double postsPerSecond = LIMITS.postsPerSecond();

    @Option(names = "--post-burst", paramLabel = "N",
            description = "Messages one address may send at once (default: ${DEFAULT-VALUE}).")
    private int postBurst = LIMITS.postBurst();

    @Option(names = "--max-body-bytes", paramLabel = "BYTES",
            description = "The largest POST body (default: ${DEFAULT-VALUE}).")
    private int maxBodyBytes = LIMITS.maxBodyBytes();

    @Option(names = "--max-streams-per-address", paramLabel = "N",
            description = "Open event streams from one address (default: ${DEFAULT-VALUE}).")
    private int maxStreamsPerAddress = LIMITS.maxStreamsPerAddress();

    @Option(names = "--max-connections-per-address", paramLabel = "N",
            description = "Open TCP connections from one address (default: ${DEFAULT-VALUE}).")
    private int maxConnectionsPerAddress = LIMITS.maxConnectionsPerAddress();

    @Option(names = "--max-streams", paramLabel = "N",
            description = "Open event streams in all; past it a new one gets 503 (default: as many as the open-file "
                    + "limit allows, leaving room for posts and pages).")
    private int maxStreams = LIMITS.maxStreams();

    @Option(names = "--max-rooms", paramLabel = "N",
            description = "Rooms in all, General included; past it nobody creates one (default: ${DEFAULT-VALUE}).")
    private int maxRooms = LIMITS.maxRooms();

    @Option(names = "--max-stream-opens-per-second", paramLabel = "N",
            description = "New event streams per second from one address, sustained (default: ${DEFAULT-VALUE}).")
    private double streamOpensPerSecond = LIMITS.streamOpensPerSecond();

    @Option(names = "--stream-open-burst", paramLabel = "N",
            description = "New event streams one address may open at once (default: ${DEFAULT-VALUE}).")
    private int streamOpenBurst = LIMITS.streamOpenBurst();

    @Option(names = "--request-timeout-seconds", paramLabel = "S",
            description = "How long a connection may take to send a whole request, headers and body; an idle "
                    + "connection is closed after this long too (default: ${DEFAULT-VALUE}).")
    private int requestTimeoutSeconds = (int) LIMITS.requestTimeout().toSeconds();

    @Option(names = "--keep-messages", paramLabel = "N",
            description = "How many messages to keep; 0 keeps all (default: ${DEFAULT-VALUE}).")
    private int keepMessages = ServerConfig.DEFAULT_KEEP_MESSAGES;

    @Option(names = "--keep-alive-seconds", paramLabel = "S",
            description = "Seconds between keep-alive comments on every stream (default: ${DEFAULT-VALUE}).")
    private int keepAliveSeconds = (int) HUB.keepAlive().toSeconds();

    @Option(names = "--max-lag-bytes", paramLabel = "BYTES",
            description = "How far a client may fall behind before it is disconnected to catch up from history "
                    + "(default: ${DEFAULT-VALUE}).")
    private long maxLagBytes = HUB.maxLagBytes();

    @Option(names = "--max-file-size", paramLabel = "SIZE",
            description = "The largest file one may send, in bytes or with kB, MB or GB (default: 25MB).")
    private String maxFileSize = "25MB";

    @Option(names = "--max-files-total", paramLabel = "SIZE",
            description = "All files' bytes together; when full, files never sent in a message go first, then "
                    + "uploads are refused (default: 2GB).")
    private String maxFilesTotal = "2GB";

    @Option(names = "--uploads-per-minute", paramLabel = "N",
            description = "Files one address may upload per minute (default: ${DEFAULT-VALUE}).")
    private int uploadsPerMinute = FileLimits.DEFAULT_UPLOADS_PER_MINUTE;

    @Option(names = "--files-dir", paramLabel = "DIR",
            description = "Where uploaded files are kept (default: files/ in the data directory); several servers "
                    + "may share one.")
    private Path filesDir;

    @Option(names = "--store", paramLabel = "URI",
            description = "Keep history, names and rooms in a Redis that several servers share, such as "
                    + "redis://10.0.0.5:6379 (default: a SQLite file in the data directory; or " + STORE_VARIABLE
                    + ", where a password in it stays off the command line). Needs --files-dir, a directory every "
                    + "server shares.")
    private String store;

    @Option(names = "--trusted-proxy", paramLabel = "ADDRESS",
            description = "A load balancer in front of this server (such as nginx), by address or name; repeat for "
                    + "more. Its connections are not limited per address, and the client address it sends "
                    + "(X-Forwarded-For) is the one per-address limits count.")
    private List<String> trustedProxies = new ArrayList<>();

    @Option(names = "--invite-only", description = "Only people with the room's key (in the links this prints) may "
            + "come in; tutorial clients cannot. The room stays invite-only until its host opens it.")
    private boolean inviteOnly;

    @Override
    public Integer call() throws Exception {
        ServerConfig config = config();
        HubbubServer server;
        try {
            server = HubbubServer.start(config);
        } catch (PortInUseException e) {
            throw new CommandFailure(e.getMessage() + "; choose another with --port, or 0 for any free port");
        } catch (DataDirectory.InUseException e) {
            throw new CommandFailure(e.getMessage());
        } catch (dev.hubbub.server.store.StoreException e) {
            throw new CommandFailure(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping: ending " + server.hub().streamCount() + " streams...");
            out.flush();
            server.close();
            out.println("Stopped. Every accepted message is in " + (config.store() == null
                    ? config.dataDir().resolve(HubbubServer.DATABASE) : "Redis"));
            out.flush();
            stopped.countDown();
        }, "hubbub-shutdown"));
        // Only now, with the hook in place, may anyone act on "Press Ctrl-C to stop."
        printWelcome(out, server, config);
        stopped.await();
        return 0;
    }

    private ServerConfig config() {
        if ((keystore != null || keystorePasswordFile != null) && !tls) {
            throw new CommandFailure("--keystore and --keystore-password-file only make sense with --tls");
        }
        String keystorePassword = keystore == null ? null : keystorePassword();
        if (allowedOrigins.stream().anyMatch(o -> o.strip().equalsIgnoreCase("null"))) {
            throw new CommandFailure("--allow-origin null would let in every sandboxed frame and local file; name the"
                    + " site instead, such as --allow-origin http://intranet.example:8000");
        }
        if (keepAliveSeconds < 1) {
            throw new CommandFailure("--keep-alive-seconds must be at least 1");
        }
        if (maxRooms < 1) {
            throw new CommandFailure("--max-rooms must be at least 1 (General is a room)");
        }
        if (store == null) {
            // A Redis password belongs in the environment, not on a command line other users can read.
            store = System.getenv(STORE_VARIABLE);
        }
        if (store != null && filesDir == null) {
            throw new CommandFailure("--store needs --files-dir too: a directory every server sharing the store "
                    + "reaches (a file sent through one server is fetched through another)");
        }
        ServerConfig defaults = ServerConfig.defaults(dataDir == null ? ServerConfig.defaultDataDir() : dataDir);
        HubSettings room = defaults.hub();
        if (roomName != null) {
            room = HubSettings.defaults(roomName);
        }
        room = room.with(hub -> hub.keepAlive(Duration.ofSeconds(keepAliveSeconds)).maxLagBytes(maxLagBytes));
        try {
            dev.hubbub.server.http.TrustedProxies.of(trustedProxies);
            HubSettings hub = room;
            FileLimits files = FileLimits.defaults().withMaxFileBytes(size("--max-file-size", maxFileSize))
                    .withMaxTotalBytes(size("--max-files-total", maxFilesTotal))
                    .withUploadsPerMinute(uploadsPerMinute);
            return defaults.with(config -> config.host(host).port(port).hub(hub)
                    .tls(tls ? new ServerConfig.Tls(true, keystore, keystorePassword) : ServerConfig.Tls.OFF)
                    .limits(limits -> limits.allowedOrigins(allowedOrigins).allowedHosts(allowedHosts)
                            .maxStreams(maxStreams).streamOpenRate(streamOpensPerSecond, streamOpenBurst)
                            .requestTimeout(Duration.ofSeconds(requestTimeoutSeconds))
                            .postRate(postsPerSecond, postBurst).maxBodyBytes(maxBodyBytes)
                            .maxStreamsPerAddress(maxStreamsPerAddress)
                            .maxConnectionsPerAddress(maxConnectionsPerAddress)
                            .trustedProxies(trustedProxies).maxRooms(maxRooms))
                    .historyLimit(keepMessages)
                    .announce(!noAnnounce)
                    .files(files)
                    .filesDir(filesDir)
                    .inviteOnly(inviteOnly)
                    .store(store));
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage());
        }
    }

    /** "25MB", "2GB", "500kB", "1000" (bytes); units are powers of 1000, as file managers count. */
    static long size(String option, String value) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)\\s*(\\d+(?:\\.\\d+)?)\\s*(b|kb|mb|gb|tb)?\\s*")
                .matcher(value);
        if (!m.matches()) {
            throw new CommandFailure(option + " takes a size such as 25MB, 2GB or 500kB (got '" + value + "')");
        }
        double number = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(java.util.Locale.ROOT);
        double factor = switch (unit) {
            case "kb" -> 1e3;
            case "mb" -> 1e6;
            case "gb" -> 1e9;
            case "tb" -> 1e12;
            default -> 1;
        };
        long bytes = (long) (number * factor);
        if (bytes < 1) {
            throw new CommandFailure(option + " must be at least one byte");
        }
        return bytes;
    }

    /** From --keystore-password-file, else HUBBUB_KEYSTORE_PASSWORD: never from the command line. */
    private String keystorePassword() {
        if (keystorePasswordFile != null) {
            try {
                return Files.readString(keystorePasswordFile, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new CommandFailure("cannot read the keystore password from " + keystorePasswordFile + ": "
                        + e.getMessage());
            }
        }
        String fromEnvironment = System.getenv(KEYSTORE_PASSWORD_VARIABLE);
        if (fromEnvironment == null) {
            throw new CommandFailure("--keystore needs its password, in a file (--keystore-password-file) or in "
                    + KEYSTORE_PASSWORD_VARIABLE);
        }
        return fromEnvironment;
    }

    private static void printWelcome(PrintWriter out, HubbubServer server, ServerConfig config) {
        boolean invited = server.inviteKey().isPresent();
        out.println("Hubbub " + HubbubServer.version() + ": the room \"" + server.hub().name() + "\" is open"
                + (invited ? " to those with its link (invite-only)." : "."));
        List<URI> lan = server.lanUris();
        String key = server.inviteKey().map(k -> "?key=" + k).orElse("");
        if (lan.isEmpty()) {
            out.println("Only this machine can join, at " + server.localUri().resolve("/" + key));
        } else {
            out.println(invited ? "Give these links to those you invite (they carry the room's key):"
                    : "Join from any machine on the network at:");
            server.joinLinks().forEach(uri -> out.println("  " + uri));
            out.println("On this machine: " + server.localUri().resolve("/" + key));
        }
        out.println("You host this room. To keep order from a browser on this machine (remove messages, mute, …),");
        out.println("open this link once, then join (it is kept in " + config.dataDir().resolve(HubbubServer.HOST_TOKEN)
                + "; keep it to yourself):");
        out.println("  " + server.hostLink());
        server.certificateFingerprint().ifPresent(fingerprint -> {
            out.println("TLS certificate SHA-256 fingerprint (check it when a browser asks):");
            out.println("  " + fingerprint);
        });
        out.println(config.store() == null ? "Messages are kept in " + config.dataDir().resolve(HubbubServer.DATABASE)
                : "Messages, names and rooms are kept in Redis at "
                + dev.hubbub.server.store.RedisStore.redacted(config.store()) + ", shared with every server "
                + "started with the same --store");
        out.println("Files are kept in " + (config.filesDir() != null ? config.filesDir()
                : config.dataDir().resolve(HubbubServer.FILES)));
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }
}
