package dev.hubbub.server;

import dev.hubbub.server.files.FileLimits;
import dev.hubbub.server.http.HttpLimits;
import dev.hubbub.server.hub.HubSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.function.Consumer;

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
                           HttpLimits limits, int historyLimit, boolean announce, FileLimits files,
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
                HttpLimits.defaults(), DEFAULT_KEEP_MESSAGES, true, FileLimits.defaults(), null, false, null);
    }

    /** This configuration with what {@code change} sets: {@code config.with(c -> c.port(0).announce(false))}. */
    public ServerConfig with(Consumer<Builder> change) {
        Builder builder = new Builder(this);
        change.accept(builder);
        return builder.build();
    }

    /** Sets what a server is told, one thing at a time; what it is not told stays as it was. */
    public static final class Builder {
        private String host;
        private int port;
        private Path dataDir;
        private HubSettings hub;
        private Tls tls;
        private HttpLimits limits;
        private int historyLimit;
        private boolean announce;
        private FileLimits files;
        private Path filesDir;
        private boolean inviteOnly;
        private String store;

        private Builder(ServerConfig from) {
            host = from.host;
            port = from.port;
            dataDir = from.dataDir;
            hub = from.hub;
            tls = from.tls;
            limits = from.limits;
            historyLimit = from.historyLimit;
            announce = from.announce;
            files = from.files;
            filesDir = from.filesDir;
            inviteOnly = from.inviteOnly;
            store = from.store;
        }

        public Builder host(String address) {
            host = address;
            return this;
        }

        public Builder port(int number) {
            port = number;
            return this;
        }

        public Builder hub(HubSettings settings) {
            hub = settings;
            return this;
        }

        /** Changes some of the hub's settings. */
        public Builder hub(Consumer<HubSettings.Builder> change) {
            hub = hub.with(change);
            return this;
        }

        public Builder tls(Tls how) {
            tls = how;
            return this;
        }

        public Builder limits(HttpLimits all) {
            limits = all;
            return this;
        }

        /** Changes some of the HTTP limits. */
        public Builder limits(Consumer<HttpLimits.Builder> change) {
            limits = limits.with(change);
            return this;
        }

        public Builder historyLimit(int messages) {
            historyLimit = messages;
            return this;
        }

        public Builder announce(boolean on) {
            announce = on;
            return this;
        }

        public Builder files(FileLimits limitsOfFiles) {
            files = limitsOfFiles;
            return this;
        }

        public Builder filesDir(Path dir) {
            filesDir = dir;
            return this;
        }

        public Builder inviteOnly(boolean only) {
            inviteOnly = only;
            return this;
        }

        /** @param uri {@code redis://HOST:PORT[/DB]}, or null for SQLite in the data directory */
        public Builder store(String uri) {
            if (uri != null && !uri.matches("rediss?://[^/\\s]+(/\\d+)?/?")) {
                throw new IllegalArgumentException("--store takes redis://HOST:PORT or redis://HOST:PORT/DB (got '"
                        + uri + "')");
            }
            store = uri;
            return this;
        }

        ServerConfig build() {
            return new ServerConfig(host, port, dataDir, hub, tls, limits, historyLimit, announce, files, filesDir,
                    inviteOnly, store);
        }
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
}
