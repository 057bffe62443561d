package dev.hubbub.server;

import dev.hubbub.server.files.FileLimits;
import dev.hubbub.server.http.ChatRoutes;
import dev.hubbub.server.hub.HubSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * Everything a Hubbub server is told, in one place; {@code hubbub serve} builds it from its options and documents
 * each default there.
 *
 * @param host the address to listen on; null for every interface
 * @param port the port; 0 picks a free one
 * @param dataDir where the message database (and a generated TLS certificate) live
 * @param hub how the hub behaves (the server's name, replays, keep-alives, lag)
 * @param tls whether and how to serve HTTPS with HTTP/2
 * @param limits what the HTTP layer refuses
 * @param historyLimit how many messages the database keeps; 0 keeps all
 * @param announce whether to advertise the room on the LAN (DNS-SD over mDNS), so apps can find it
 * @param files how much the server takes in files
 * @param filesDir where uploaded files are kept; null for {@code files/} in the data directory
 * @param inviteOnly whether only people with the room's key (in the join links) may come in; a room made
 *     invite-only stays so (its key is kept) until the host opens it again
 * @param store where history, names and rooms are kept: null for a SQLite file in the data directory (one server),
 *     or {@code redis://HOST:PORT[/DB]} for a Redis that several servers share
 */
public record ServerConfig(String host, int port, Path dataDir, HubSettings hub, Tls tls,
                           ChatRoutes.Limits limits, int historyLimit, boolean announce, FileLimits files,
                           Path filesDir, boolean inviteOnly, String store) {

    public static final int DEFAULT_PORT = 8080;
    /** Events kept in the database by default; 0 would keep all. */
    public static final int DEFAULT_KEEP_MESSAGES = 100_000;

    /**
     * @param enabled serve HTTPS (with HTTP/2 by ALPN) instead of plain HTTP
     * @param keystore a PKCS#12 or JKS keystore to use; null to generate a self-signed certificate in the data
     *     directory on first run
     * @param password the keystore's password; null with a generated keystore
     */
    public record Tls(boolean enabled, Path keystore, String password) {
        public static final Tls OFF = new Tls(false, null, null);
    }

    /** The defaults of {@code hubbub serve}, for a room in {@code dataDir}. */
    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig(null, DEFAULT_PORT, dataDir, HubSettings.defaults(defaultRoomName()), Tls.OFF,
                ChatRoutes.Limits.defaults(), DEFAULT_KEEP_MESSAGES, true, FileLimits.defaults(), null, false, null);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, dataDir, hub, tls, limits, historyLimit, announce, files, filesDir,
                inviteOnly, store);
    }

    public ServerConfig withHost(String newHost) {
        return new ServerConfig(newHost, port, dataDir, hub, tls, limits, historyLimit, announce, files, filesDir,
                inviteOnly, store);
    }

    public ServerConfig withHub(HubSettings settings) {
        return new ServerConfig(host, port, dataDir, settings, tls, limits, historyLimit, announce, files, filesDir,
                inviteOnly, store);
    }

    public ServerConfig withTls(Tls newTls) {
        return new ServerConfig(host, port, dataDir, hub, newTls, limits, historyLimit, announce, files, filesDir,
                inviteOnly, store);
    }

    public ServerConfig withLimits(ChatRoutes.Limits newLimits) {
        return new ServerConfig(host, port, dataDir, hub, tls, newLimits, historyLimit, announce, files, filesDir,
                inviteOnly, store);
    }

    public ServerConfig withHistoryLimit(int messages) {
        return new ServerConfig(host, port, dataDir, hub, tls, limits, messages, announce, files, filesDir,
                inviteOnly, store);
    }

    public ServerConfig withAnnounce(boolean on) {
        return new ServerConfig(host, port, dataDir, hub, tls, limits, historyLimit, on, files, filesDir,
                inviteOnly, store);
    }

    public ServerConfig withFiles(FileLimits limits) {
        return new ServerConfig(host, port, dataDir, hub, tls, this.limits, historyLimit, announce, limits, filesDir,
                inviteOnly, store);
    }

    public ServerConfig withFilesDir(Path dir) {
        return new ServerConfig(host, port, dataDir, hub, tls, limits, historyLimit, announce, files, dir,
                inviteOnly, store);
    }

    /** "Hubbub on HOSTNAME". */
    public static String defaultRoomName() {
        try {
            String host = InetAddress.getLocalHost().getHostName();
            int dot = host.indexOf('.');
            return "Hubbub on " + (dot > 0 ? host.substring(0, dot) : host);
        } catch (UnknownHostException e) {
            return "Hubbub";
        }
    }

    /** The per-user data directory; see {@link UserDirectories#data()}. */
    public static Path defaultDataDir() {
        return UserDirectories.data();
    }

    public ServerConfig withInviteOnly(boolean only) {
        return new ServerConfig(host, port, dataDir, hub, tls, limits, historyLimit, announce, files, filesDir,
                only, store);
    }

    /** @param uri {@code redis://HOST:PORT[/DB]}, or null for SQLite in the data directory */
    public ServerConfig withStore(String uri) {
        if (uri != null && !uri.matches("rediss?://[^/\\s]+(/\\d+)?/?")) {
            throw new IllegalArgumentException("--store takes redis://HOST:PORT or redis://HOST:PORT/DB (got '"
                    + uri + "')");
        }
        return new ServerConfig(host, port, dataDir, hub, tls, limits, historyLimit, announce, files, filesDir,
                inviteOnly, uri);
    }
}
