package dev.hubbub.server.cli;

import dev.hubbub.chat.Sentence;
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
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false)
final class ServeCommand implements Callable<Integer> {
    /** Every option's default is the server's own: one home for each (the help text shows them). */
    private static final HttpLimits LIMITS = HttpLimits.defaults();
    private static final HubSettings HUB = HubSettings.defaults("-");
    static final String KEYSTORE_PASSWORD_VARIABLE = "HUBBUB_KEYSTORE_PASSWORD";
    static final String STORE_VARIABLE = "HUBBUB_STORE";

    @Spec
    private CommandSpec spec;

    @Option(names = "--host", paramLabel = "ADDRESS")
    private String host;

    @Option(names = "--port", paramLabel = "PORT")
    private int port = ServerConfig.DEFAULT_PORT;

    @Option(names = "--data-dir", paramLabel = "DIR")
    private Path dataDir;

    @Option(names = "--room", paramLabel = "NAME")
    private String roomName;

    @Option(names = "--tls")
    private boolean tls;

    @Option(names = "--keystore", paramLabel = "FILE")
    private Path keystore;

    @Option(names = "--keystore-password-file", paramLabel = "FILE")
    private Path keystorePasswordFile;

    @Option(names = "--no-announce")
    private boolean noAnnounce;

    @Option(names = "--allow-origin", paramLabel = "ORIGIN")
    private List<String> allowedOrigins = new ArrayList<>();

    @Option(names = "--allow-host", paramLabel = "NAME")
    private List<String> allowedHosts = new ArrayList<>();

    @Option(names = "--max-posts-per-second", paramLabel = "N")
    private double postsPerSecond = LIMITS.postsPerSecond();

    @Option(names = "--post-burst", paramLabel = "N")
    private int postBurst = LIMITS.postBurst();

    @Option(names = "--max-body-bytes", paramLabel = "BYTES")
    private int maxBodyBytes = LIMITS.maxBodyBytes();

    @Option(names = "--max-streams-per-address", paramLabel = "N")
    private int maxStreamsPerAddress = LIMITS.maxStreamsPerAddress();

    @Option(names = "--max-connections-per-address", paramLabel = "N")
    private int maxConnectionsPerAddress = LIMITS.maxConnectionsPerAddress();

    @Option(names = "--max-streams", paramLabel = "N")
    private int maxStreams = LIMITS.maxStreams();

    @Option(names = "--max-rooms", paramLabel = "N")
    private int maxRooms = LIMITS.maxRooms();

    @Option(names = "--max-stream-opens-per-second", paramLabel = "N")
    private double streamOpensPerSecond = LIMITS.streamOpensPerSecond();

    @Option(names = "--stream-open-burst", paramLabel = "N")
    private int streamOpenBurst = LIMITS.streamOpenBurst();

    @Option(names = "--request-timeout-seconds", paramLabel = "S")
    private int requestTimeoutSeconds = (int) LIMITS.requestTimeout().toSeconds();

    @Option(names = "--keep-messages", paramLabel = "N")
    private int keepMessages = ServerConfig.DEFAULT_KEEP_MESSAGES;

    @Option(names = "--keep-alive-seconds", paramLabel = "S")
    private int keepAliveSeconds = (int) HUB.keepAlive().toSeconds();

    @Option(names = "--max-lag-bytes", paramLabel = "BYTES")
    private long maxLagBytes = HUB.maxLagBytes();

    @Option(names = "--max-file-size", paramLabel = "SIZE")
    private String maxFileSize = "25MB";

    @Option(names = "--max-files-total", paramLabel = "SIZE")
    private String maxFilesTotal = "2GB";

    @Option(names = "--uploads-per-minute", paramLabel = "N")
    private int uploadsPerMinute = FileLimits.DEFAULT_UPLOADS_PER_MINUTE;

    @Option(names = "--files-dir", paramLabel = "DIR")
    private Path filesDir;

    @Option(names = "--store", paramLabel = "URI")
    private String store;

    @Option(names = "--trusted-proxy", paramLabel = "ADDRESS")
    private List<String> trustedProxies = new ArrayList<>();

    @Option(names = "--invite-only")
    private boolean inviteOnly;

    @Option(names = "--backup-every", paramLabel = "TIME")
    private String backupEvery;

    @Option(names = "--backup-dir", paramLabel = "DIR")
    private Path backupDir;

    @Option(names = "--backup-keep", paramLabel = "N")
    private int backupKeep = 7;

    @Override
    public Integer call() throws Exception {
        ServerConfig config = config();
        Duration every = backupInterval(config);
        HubbubServer server;
        try {
            server = HubbubServer.start(config);
        } catch (PortInUseException e) {
            throw new CommandFailure(Sentence.of("cli.failure.chooseAnotherWithPortOr", "message", e.getMessage()));
        } catch (DataDirectory.InUseException e) {
            throw new CommandFailure(e.getMessage());
        } catch (dev.hubbub.server.store.StoreException e) {
            throw new CommandFailure(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        dev.hubbub.server.backup.BackupSchedule backups = every == null ? null
                : dev.hubbub.server.backup.BackupSchedule.start(config.dataDir(), server.files().root(), every,
                        backupDir, backupKeep, result -> {
                            out.println(Hubbub.words().say(Sentence.of("cli.backup.done", "dir",
                                    result.directory().toString(), "events", result.events(), "files", result.files(),
                                    "bytes", result.bytes())));
                            out.flush();
                        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (backups != null) {
                backups.close();
            }
            out.println(Hubbub.words().t("cli.serve.stopping", "streams", server.hub().streamCount()));
            out.flush();
            server.close();
            out.println(Hubbub.words().t("cli.serve.stopped", "where", config.store() == null
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
            throw new CommandFailure(Sentence.of("cli.failure.keystoreAndKeystorePasswordFile"));
        }
        String keystorePassword = keystore == null ? null : keystorePassword();
        if (allowedOrigins.stream().anyMatch(o -> o.strip().equalsIgnoreCase("null"))) {
            throw new CommandFailure(Sentence.of("cli.failure.allowOriginNullWouldLet"));
        }
        if (keepAliveSeconds < 1) {
            throw new CommandFailure(Sentence.of("cli.failure.keepAliveSecondsMustBe"));
        }
        if (maxRooms < 1) {
            throw new CommandFailure(Sentence.of("cli.failure.maxRoomsMustBeAt"));
        }
        if (store == null) {
            // A Redis password belongs in the environment, not on a command line other users can read.
            store = System.getenv(STORE_VARIABLE);
        }
        if (store != null && filesDir == null) {
            throw new CommandFailure(Sentence.of("cli.failure.storeNeedsFilesDirToo"));
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

    /** {@code --backup-every}'s interval, checked with its companions; null when no backups are scheduled. */
    private Duration backupInterval(ServerConfig config) {
        if (backupEvery == null) {
            if (backupDir != null) {
                throw new CommandFailure(Sentence.of("cli.failure.backupDirNeedsEvery"));
            }
            return null;
        }
        if (config.store() != null) {
            throw new CommandFailure(dev.hubbub.server.backup.Backup.redisRefusal(config.filesDir()));
        }
        if (backupDir == null) {
            throw new CommandFailure(Sentence.of("cli.failure.backupEveryNeedsDir"));
        }
        if (backupKeep < 1) {
            throw new CommandFailure(Sentence.of("cli.failure.backupKeepAtLeastOne"));
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*(\\d+)\\s*([smhd])\\s*").matcher(backupEvery);
        if (!m.matches() || Long.parseLong(m.group(1)) < 1) {
            throw new CommandFailure(Sentence.of("cli.failure.backupEveryTakes", "value", backupEvery));
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** "25MB", "2GB", "500kB", "1000" (bytes); units are powers of 1000, as file managers count. */
    static long size(String option, String value) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)\\s*(\\d+(?:\\.\\d+)?)\\s*(b|kb|mb|gb|tb)?\\s*")
                .matcher(value);
        if (!m.matches()) {
            throw new CommandFailure(Sentence.of("cli.failure.takesASizeSuchAs", "option", option, "value", value));
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
            throw new CommandFailure(Sentence.of("cli.failure.mustBeAtLeastOne", "option", option));
        }
        return bytes;
    }

    /** From --keystore-password-file, else HUBBUB_KEYSTORE_PASSWORD: never from the command line. */
    private String keystorePassword() {
        if (keystorePasswordFile != null) {
            try {
                return Files.readString(keystorePasswordFile, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new CommandFailure(Sentence.of("cli.failure.cannotReadTheKeystorePassword", "keystorePasswordFile", keystorePasswordFile, "message", e.getMessage()));
            }
        }
        String fromEnvironment = System.getenv(KEYSTORE_PASSWORD_VARIABLE);
        if (fromEnvironment == null) {
            throw new CommandFailure(Sentence.of("cli.failure.keystoreNeedsItsPasswordIn", "variable", KEYSTORE_PASSWORD_VARIABLE));
        }
        return fromEnvironment;
    }

    private static void printWelcome(PrintWriter out, HubbubServer server, ServerConfig config) {
        boolean invited = server.inviteKey().isPresent();
        dev.hubbub.server.text.Catalog words = Hubbub.words();
        out.println(invited ? words.t("cli.serve.openInvited", "version", HubbubServer.version(),
                "room", server.hub().name())
                : words.t("cli.serve.open", "version", HubbubServer.version(), "room", server.hub().name()));
        List<URI> lan = server.lanUris();
        String key = server.inviteKey().map(k -> "?key=" + k).orElse("");
        if (lan.isEmpty()) {
            out.println(words.t("cli.serve.onlyHere", "address", server.localUri().resolve("/" + key)));
        } else {
            out.println(invited ? words.t("cli.serve.giveLinks") : words.t("cli.serve.joinAt"));
            server.joinLinks().forEach(uri -> out.println("  " + uri));
            out.println(words.t("cli.serve.onThisMachine", "address", server.localUri().resolve("/" + key)));
        }
        out.println(words.t("cli.serve.youHost"));
        out.println(words.t("cli.serve.hostLink", "file", config.dataDir().resolve(HubbubServer.HOST_TOKEN)));
        out.println("  " + server.hostLink());
        server.certificateFingerprint().ifPresent(fingerprint -> {
            out.println(words.t("cli.serve.fingerprint"));
            out.println("  " + fingerprint);
        });
        out.println(config.store() == null
                ? words.t("cli.serve.keptIn", "where", config.dataDir().resolve(HubbubServer.DATABASE))
                : words.t("cli.serve.keptInRedis", "where", dev.hubbub.server.store.RedisStore.redacted(config.store())));
        out.println(words.t("cli.serve.filesIn", "where", config.filesDir() != null ? config.filesDir()
                : config.dataDir().resolve(HubbubServer.FILES)));
        out.println(words.t("cli.serve.ctrlC"));
        out.flush();
    }
}
