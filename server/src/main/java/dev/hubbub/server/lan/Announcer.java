package dev.hubbub.server.lan;

import dev.hubbub.server.LanAddresses;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the LAN that a room is here: DNS-SD over mDNS (JmDNS), service type {@value #SERVICE_TYPE}, the room's name
 * as the instance name, and TXT records {@code path}, {@code tls} and {@code version}. One responder per IPv4 LAN
 * address. Announcing happens in the background (mDNS probing takes about a second), so the server is ready first.
 */
public final class Announcer implements AutoCloseable {
    public static final String SERVICE_TYPE = "_hubbub._tcp.local.";
    private static final Logger LOG = LoggerFactory.getLogger(Announcer.class);

    private final List<JmDNS> responders = new ArrayList<>();
    private final CompletableFuture<Void> started;

    private Announcer(String room, int port, boolean secure, String version, List<InetAddress> addresses) {
        started = CompletableFuture.runAsync(() -> {
            for (InetAddress address : addresses) {
                try {
                    JmDNS responder = JmDNS.create(address, "hubbub-" + address.getHostAddress().replace('.', '-'));
                    synchronized (responders) {
                        responders.add(responder);
                    }
                    responder.registerService(ServiceInfo.create(SERVICE_TYPE, room, port, 0, 0,
                            Map.of("path", "/", "tls", secure ? "1" : "0", "version", version)));
                } catch (IOException e) {
                    LOG.info("not announcing the room on {}: {}", address.getHostAddress(), e.toString());
                }
            }
        });
    }

    /** Announces on every IPv4 LAN address of this machine. */
    public static Announcer start(String room, int port, boolean secure, String version) {
        return on(LanAddresses.list().stream().filter(a -> a instanceof Inet4Address).toList(), room, port, secure,
                version);
    }

    /** Announces on the given addresses only. */
    public static Announcer on(List<InetAddress> addresses, String room, int port, boolean secure, String version) {
        return new Announcer(room, port, secure, version, addresses);
    }

    /** Completes once every responder has announced (or failed to). */
    public CompletableFuture<Void> started() {
        return started;
    }

    /** Says goodbye on the LAN and stops, within a few seconds at most. */
    @Override
    public void close() {
        try {
            started.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("announcing had not finished: {}", e.toString());
        }
        List<JmDNS> toClose;
        synchronized (responders) {
            toClose = List.copyOf(responders);
            responders.clear();
        }
        CompletableFuture<?>[] closing = toClose.stream().map(r -> CompletableFuture.runAsync(() -> {
            try {
                r.unregisterAllServices();
                r.close();
            } catch (IOException e) {
                LOG.debug("mDNS responder did not close cleanly: {}", e.toString());
            }
        })).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(closing).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("mDNS responders still closing: {}", e.toString());
        }
    }
}
