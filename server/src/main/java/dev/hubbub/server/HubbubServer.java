package dev.hubbub.server;

import dev.hubbub.chat.Sentence;
import dev.hubbub.server.http.AddressConnectionLimit;
import dev.hubbub.server.http.AllowedHosts;
import dev.hubbub.server.http.ChatRoutes;
import dev.hubbub.server.http.HostGuard;
import dev.hubbub.server.http.RequestDeadlines;
import dev.hubbub.server.http.SecurityHeaders;
import dev.hubbub.server.http.TrustedProxies;
import dev.hubbub.server.lan.Announcer;
import dev.hubbub.server.hub.Hub;
import dev.hubbub.server.importing.Rollback;
import dev.hubbub.server.store.RedisStore;
import dev.hubbub.server.store.SqliteStore;
import dev.hubbub.server.store.Store;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import dev.hubbub.server.files.FileStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Hubbub: the hub, its store, and Jetty serving them. What {@code hubbub serve} runs, and what the
 * desktop app runs in its own process when it hosts a room.
 */
public final class HubbubServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HubbubServer.class);

    /** The message database's file name in the data directory. */
    public static final String DATABASE = "hubbub.db";
    /** With a shared store (Redis): this server's own search index, in its data directory. */
    public static final String SEARCH_INDEX = "search.db";
    /** Where Hubbub's keys live in a Redis it shares (they all start with this). */
    public static final String REDIS_PREFIX = "hubbub:";
    /** The file in the data directory that keeps the host token. */
    public static final String HOST_TOKEN = "host-token";
    /** Uploaded files, in the data directory unless told otherwise. */
    public static final String FILES = "files";
    /** How much of a request a connection reads at once. */
    static final int INPUT_BUFFER_BYTES = 64 * 1024;

    private final ServerConfig config;
    private final DataDirectory data;
    private final Capacity capacity;
    private final FileStore files;
    private final Store store;
    private final Hub hub;
    private final Server jetty;
    private final ServerConnector connector;
    private final TlsCertificate certificate;
    private final Announcer announcer;
    private final String hostToken;
    private final dev.hubbub.server.store.RoomRetention retention;

    private HubbubServer(ServerConfig config, DataDirectory data, Store store, Hub hub, Server jetty,
                         ServerConnector connector, TlsCertificate certificate, Capacity capacity, FileStore files,
                         String hostToken) {
        this.config = config;
        this.hostToken = hostToken;
        this.files = files;
        this.data = data;
        this.capacity = capacity;
        this.store = store;
        this.hub = hub;
        this.jetty = jetty;
        this.connector = connector;
        this.certificate = certificate;
        this.announcer = announce();
        this.retention = dev.hubbub.server.store.RoomRetention.start(store.directory(), store.events(),
                Clock.systemUTC());
    }

    /** Applies every room's own retention now (it runs once a minute by itself); how many events went. Blocks. */
    public long applyRetention() {
        return retention.applyNow();
    }

    /** Advertises the room on the LAN, unless told not to or listening on loopback only. */
    private Announcer announce() {
        if (!config.announce()) {
            return null;
        }
        if (config.host() == null || config.host().equals("0.0.0.0") || config.host().equals("::")) {
            return Announcer.start(hub.name(), port(), isSecure(), version());
        }
        try {
            InetAddress address = InetAddress.getByName(config.host());
            return address.isLoopbackAddress() ? null
                    : Announcer.on(List.of(address), hub.name(), port(), isSecure(), version());
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * Takes the data directory, opens the history, starts the room and listens; returns when the server accepts
     * connections.
     *
     * @throws DataDirectory.InUseException when another server is using the data directory
     * @throws PortInUseException when the port is taken
     */
    public static HubbubServer start(ServerConfig config) throws Exception {
        DataDirectory data = DataDirectory.open(config.dataDir());
        Store store = null;
        Hub hub = null;
        FileStore fileStore = null;
        try {
            // An import killed midway left its copy of the directory as it was before: put that back first.
            if (Rollback.undoUnfinished(data.path().resolve(DATABASE))) {
                LOG.warn(Sentence.of("cli.import.undone", "dir", data.path().toString()).english());
            }
            TlsCertificate certificate = !config.tls().enabled() ? null
                    : config.tls().keystore() != null
                            ? TlsCertificate.provided(config.tls().keystore(), config.tls().password())
                            : TlsCertificate.selfSigned(data);
            store = openStore(config, data);
            Path filesDir = config.filesDir() != null ? config.filesDir() : data.path().resolve(FILES);
            fileStore = FileStore.open(filesDir, store.files(), config.files(), Clock.systemUTC());
            hub = new Hub(config.hub(), store.events(), store.directory().rooms(), "hubbub " + version(),
                    store.presence());
            QueuedThreadPool threads = new QueuedThreadPool(200, 4);
            threads.setName("hubbub-http");
            Server jetty = new Server(threads);
            ServerConnector connector = connector(jetty, config, certificate);
            connector.addEventListener(new AddressConnectionLimit(config.limits().maxConnectionsPerAddress(),
                    TrustedProxies.of(config.limits().trustedProxies())));
            Capacity capacity = Capacity.ofThisProcess(config.limits().maxStreams());
            // Past this many connections Jetty stops accepting (they wait in the kernel's queue) instead of
            // failing accept() with "too many open files" in a loop.
            jetty.addBean(new NetworkConnectionLimit(capacity.connections(), jetty));
            jetty.addConnector(connector);
            String hostToken = hostToken(data, store);
            if (config.inviteOnly() && store.directory().inviteKey().isEmpty()) {
                store.directory().newInviteKey(false);
            }
            List<URI> joinUris = new java.util.concurrent.CopyOnWriteArrayList<>();
            ChatRoutes routes = new ChatRoutes(hub, store.directory(), store.search(), store.reading(), fileStore, config.limits(),
                    capacity.streams(), threads, Clock.systemUTC(), assets(jetty), hostToken, () -> joinUris,
                    store::health);
            Handler guarded = new HostGuard(AllowedHosts.of(config.host(), config.limits().allowedHosts()),
                    new SecurityHeaders(routes));
            RequestDeadlines deadlines = new RequestDeadlines(config.limits().requestTimeout(), guarded);
            connector.addEventListener(deadlines);
            // On stop, requests in progress get up to 5 s to finish; idle keep-alive connections close at once.
            GracefulHandler graceful = new GracefulHandler(deadlines);
            graceful.setShutdownIdleTimeout(200);
            connector.setShutdownIdleTimeout(200);
            jetty.setHandler(graceful);
            jetty.setErrorHandler(new SecurityHeaders.ErrorPages());
            jetty.setStopTimeout(5_000);
            jetty.start();
            data.recordHolder(connector.getLocalPort());
            HubbubServer server = new HubbubServer(config, data, store, hub, jetty, connector, certificate,
                    capacity, fileStore, hostToken);
            joinUris.addAll(server.lanUris().isEmpty() ? List.of(server.localUri()) : server.lanUris());
            return server;
        } catch (Exception e) {
            if (hub != null) {
                hub.close();
            }
            if (fileStore != null) {
                fileStore.close();
            }
            if (store != null) {
                store.close();
            }
            data.close();
            if (e instanceof IOException && e.getMessage() != null && e.getMessage().contains("bind")) {
                throw new PortInUseException(config.port(), e);
            }
            throw e;
        }
    }

    /** SQLite in the data directory, or the Redis the config names (with this server's search index here). */
    private static Store openStore(ServerConfig config, DataDirectory data) throws IOException {
        if (config.store() != null) {
            return RedisStore.open(config.store(), REDIS_PREFIX, data.privateFile(SEARCH_INDEX),
                    config.historyLimit());
        }
        SqliteStore store = SqliteStore.open(data.privateFile(DATABASE), config.historyLimit());
        for (String companion : new String[] {DATABASE + "-wal", DATABASE + "-shm"}) {
            if (java.nio.file.Files.exists(data.path().resolve(companion))) {
                data.privateFile(companion);
            }
        }
        return store;
    }

    /**
     * Connections the kernel may hold for Jetty to accept. Linux caps it at {@code net.core.somaxconn} (4096 on
     * current kernels, 128 on old ones); asking for more takes whatever the host allows.
     */
    static final int ACCEPT_QUEUE = 65_535;

    private static ServerConnector connector(Server jetty, ServerConfig config, TlsCertificate certificate) {
        HttpConfiguration http = new HttpConfiguration();
        http.addCustomizer(TrustedProxies.of(config.limits().trustedProxies()));
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector;
        if (certificate == null) {
            HttpConnectionFactory http11 = new HttpConnectionFactory(http);
            // Uploads arrive in chunks of this size: Jetty's 8 KiB default held a 200 MB upload to 230 MB/s, 64 KiB
            // lets it pass 300 MB/s. A connection holds the buffer only while it reads (an open stream does not).
            http11.setInputBufferSize(INPUT_BUFFER_BYTES);
            connector = new ServerConnector(jetty, http11, new HTTP2CServerConnectionFactory(http));
        } else {
            // LAN clients reach the room by IP address, which TLS does not send as SNI: do not insist on it.
            http.addCustomizer(new SecureRequestCustomizer(false));
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(certificate.keystore().toString());
            ssl.setKeyStorePassword(certificate.password());
            ssl.setSniRequired(false);
            HttpConnectionFactory http11 = new HttpConnectionFactory(http);
            http11.setInputBufferSize(INPUT_BUFFER_BYTES);
            ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
            alpn.setDefaultProtocol(http11.getProtocol());
            connector = new ServerConnector(jetty, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn,
                    new HTTP2ServerConnectionFactory(http), http11);
        }
        connector.setHost(config.host());
        connector.setPort(config.port());
        // After a restart every client reconnects at once: let the kernel queue them instead of dropping SYNs (a
        // dropped SYN costs its client a second, a second dropped one three).
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        return connector;
    }

    private static ResourceHandler assets(Server jetty) {
        ResourceHandler assets = new ResourceHandler();
        // The page's files, and beside them its catalogs (/i18n/de.json…), which live in the shared module because
        // the app and the server read them too.
        ResourceFactory resources = ResourceFactory.of(jetty);
        assets.setBaseResource(ResourceFactory.combine(resources.newClassLoaderResource("web/"),
                resources.newClassLoaderResource("hubbub-i18n/")));
        assets.setWelcomeFiles(List.of("index.html"));
        assets.setDirAllowed(false);
        assets.setCacheControl("no-cache");
        return assets;
    }

    /**
     * The host token: given to {@code POST /host/claim} by a signed-in person, it makes them a host. Kept in the data
     * directory ({@value #HOST_TOKEN}, readable only by its owner), made on the first start.
     */
    public String hostToken() {
        return hostToken;
    }

    /** The room's invite key; empty while it is open to everyone who reaches it. */
    public java.util.Optional<String> inviteKey() {
        return store.directory().inviteKey();
    }

    /** The links that let people in: the LAN addresses (or, without one, this machine's), with the key if needed. */
    public List<URI> joinLinks() {
        List<URI> base = lanUris().isEmpty() ? List.of(localUri()) : lanUris();
        return inviteKey().map(key -> base.stream().map(u -> u.resolve("/?key=" + key)).toList()).orElse(base);
    }

    /**
     * The link that makes the browser opening it (once signed in) the host, on this machine; with the key too while
     * the room is invite-only, so it lets the host in.
     */
    public URI hostLink() {
        return localUri().resolve("/?" + inviteKey().map(key -> "key=" + key + "&").orElse("") + "host=" + hostToken);
    }

    /**
     * The store's host token (every server sharing the store has the same), made on the first start; also written to
     * the data directory for whoever runs the server to read.
     */
    private static String hostToken(DataDirectory data, Store store) throws IOException {
        Path file = data.privateFile(HOST_TOKEN);
        String inFile = java.nio.file.Files.readString(file).strip();
        String proposed = inFile;
        if (proposed.isEmpty()) {
            byte[] bytes = new byte[24];
            new java.security.SecureRandom().nextBytes(bytes);
            proposed = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
        String token = store.directory().hostToken(proposed);
        if (!token.equals(inFile)) {
            java.nio.file.Files.writeString(file, token + "\n");
        }
        return token;
    }

    public FileStore files() {
        return files;
    }

    public Hub hub() {
        return hub;
    }

    /** The HTTP surface: its table says which paths and methods the server answers. */
    public ChatRoutes routes() {
        return jetty.getDescendant(ChatRoutes.class);
    }

    public int port() {
        return connector.getLocalPort();
    }

    public boolean isSecure() {
        return certificate != null;
    }

    /** The SHA-256 fingerprint of the certificate served, when serving HTTPS. */
    public Optional<String> certificateFingerprint() {
        return Optional.ofNullable(certificate).map(TlsCertificate::sha256Fingerprint);
    }

    /** This machine's own address for the room, such as {@code http://localhost:8080/}. */
    public URI localUri() {
        String host = config.host() == null || config.host().equals("0.0.0.0") || config.host().equals("::")
                ? "localhost" : config.host();
        return URI.create(scheme() + "://" + host + ":" + port() + "/");
    }

    /**
     * The addresses others on the LAN can join at: one per network address, or the one the server listens on; none
     * when it listens on loopback only.
     */
    public List<URI> lanUris() {
        List<URI> uris = new ArrayList<>();
        if (config.host() != null && !config.host().equals("0.0.0.0") && !config.host().equals("::")) {
            if (!isLoopback(config.host())) {
                uris.add(localUri());
            }
            return uris;
        }
        LanAddresses.list().forEach(a -> uris.add(
                URI.create(scheme() + "://" + LanAddresses.forUrl(a) + ":" + port() + "/")));
        return uris;
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private String scheme() {
        return certificate == null ? "http" : "https";
    }

    public static String version() {
        String version = HubbubServer.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /**
     * Stops cleanly: every stream ends, requests in progress finish (a message being stored is stored), Jetty stops,
     * the file store's background hashing stops (what it did not hash is hashed at the next start), and the
     * database closes. Blocks.
     */
    @Override
    public void close() {
        retention.close();
        if (announcer != null) {
            announcer.close();
        }
        hub.close();
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("Jetty did not stop cleanly: {}", e.toString());
        }
        files.close();
        store.close();
        data.close();
    }

    /** How many connections and streams this server holds at most. */
    public Capacity capacity() {
        return capacity;
    }
}
