package dev.hubbub.desktop.host;

import dev.hubbub.server.HubbubServer;
import dev.hubbub.server.PortInUseException;
import dev.hubbub.server.ServerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * A room hosted by the desktop app, in its own process: the same {@link HubbubServer} as {@code hubbub serve}, on
 * every interface, announced on the LAN.
 */
public final class HostedRoom implements AutoCloseable {
    private final HubbubServer server;

    private HostedRoom(HubbubServer server) {
        this.server = server;
    }

    /**
     * Starts the room.
     *
     * @throws PortInUseException when another program has the port: {@link #freePortNear} offers another
     */
    public static HostedRoom start(Path dataDir, int port) throws Exception {
        return new HostedRoom(HubbubServer.start(ServerConfig.defaults(dataDir).with(c -> c.port(port))));
    }

    /** The first port after {@code taken} that nothing listens on, if one of the next twenty is free. */
    public static OptionalInt freePortNear(int taken) {
        for (int port = taken + 1; port <= taken + 20 && port <= 65535; port++) {
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName("0.0.0.0"))) {
                return OptionalInt.of(probe.getLocalPort());
            } catch (IOException inUse) {
                // try the next one
            }
        }
        return OptionalInt.empty();
    }

    /** Where this app joins its own room. */
    public URI joinUri() {
        return URI.create((server.isSecure() ? "https" : "http") + "://127.0.0.1:" + server.port() + "/"
                + server.inviteKey().map(key -> "?key=" + key).orElse(""));
    }

    /** Where others join it. */
    public List<URI> lanUris() {
        return server.lanUris();
    }

    /** What makes the person who hosts (signed in) the room's host: {@code POST /host/claim}. */
    public String hostToken() {
        return server.hostToken();
    }

    /** The room's invite key; empty while anyone who reaches it may join. */
    public java.util.Optional<String> inviteKey() {
        return server.inviteKey();
    }

    /** The links that let people in (with the key when the room is invite-only). */
    public List<URI> joinLinks() {
        return server.joinLinks();
    }

    public String roomName() {
        return server.hub().name();
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
