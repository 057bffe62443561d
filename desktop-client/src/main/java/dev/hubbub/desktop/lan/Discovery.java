package dev.hubbub.desktop.lan;

import static dev.hubbub.desktop.ui.Words.t;

import dev.hubbub.server.LanAddresses;
import dev.hubbub.server.lan.Announcer;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.jmdns.JmDNS;
import okhttp3.HttpUrl;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;

/**
 * Finds Hubbub rooms on the LAN as they appear and disappear (DNS-SD over mDNS, {@value Announcer#SERVICE_TYPE}).
 * Where multicast cannot be used it reports itself unavailable, and the app says discovery is off.
 *
 * <p>Threads: the listener is called on JmDNS's threads.
 */
public final class Discovery implements AutoCloseable {

    /** A room found on the LAN: its name and its address, with a key (the mDNS instance) to match a later loss. */
    public record Room(String key, String name, String url) {
    }

    public interface Listener {
        void found(Room room);

        void lost(String key);

        /** Discovery could not start on any address; {@code why} says why, for the start screen. */
        void unavailable(String why);
    }

    private final List<JmDNS> browsers = new ArrayList<>();
    private final CompletableFuture<Void> started;
    private volatile boolean closed;

    private Discovery(List<InetAddress> addresses, Listener listener) {
        started = CompletableFuture.runAsync(() -> {
            if (addresses.isEmpty()) {
                listener.unavailable(t("app.discovery.noAddress"));
                return;
            }
            String lastProblem = null;
            for (InetAddress address : addresses) {
                try {
                    JmDNS browser = JmDNS.create(address, "hubbub-desktop-" + ProcessHandle.current().pid());
                    synchronized (browsers) {
                        if (closed) {
                            browser.close();
                            return;
                        }
                        browsers.add(browser);
                    }
                    browser.addServiceListener(Announcer.SERVICE_TYPE, new Resolver(browser, listener));
                } catch (IOException e) {
                    lastProblem = e.getMessage();
                }
            }
            synchronized (browsers) {
                if (browsers.isEmpty()) {
                    listener.unavailable(t("app.discovery.noMulticast", "reason", lastProblem));
                }
            }
        });
    }

    /** Starts looking on every IPv4 LAN address of this computer. */
    public static Discovery start(Listener listener) {
        return on(LanAddresses.list().stream().filter(a -> a instanceof Inet4Address).toList(), listener);
    }

    public static Discovery on(List<InetAddress> addresses, Listener listener) {
        return new Discovery(addresses, listener);
    }

    private record Resolver(JmDNS browser, Listener listener) implements ServiceListener {
        @Override
        public void serviceAdded(ServiceEvent event) {
            browser.requestServiceInfo(event.getType(), event.getName(), 1000);
        }

        @Override
        public void serviceRemoved(ServiceEvent event) {
            listener.lost(event.getName());
        }

        @Override
        public void serviceResolved(ServiceEvent event) {
            ServiceInfo info = event.getInfo();
            if (info.getInet4Addresses().length == 0) {
                return;
            }
            String url = urlOf("1".equals(info.getPropertyString("tls")), info.getInet4Addresses()[0],
                    info.getPort(), info.getPropertyString("path"));
            if (url != null) {
                listener.found(new Room(event.getName(), event.getName(), url));
            }
        }
    }

    /**
     * The room's URL, built piece by piece from what a record says, never pasted together: a record is anyone's on
     * the LAN, and a {@code path} such as {@code @evil.example/} must not change which host the URL names. Null for
     * a port no room can have.
     */
    static String urlOf(boolean tls, InetAddress address, int port, String path) {
        if (port < 1 || port > 65535) {
            return null;
        }
        HttpUrl.Builder url = new HttpUrl.Builder().scheme(tls ? "https" : "http").host(address.getHostAddress())
                .port(port);
        String segments = path == null ? "" : path.startsWith("/") ? path.substring(1) : path;
        if (!segments.isEmpty()) {
            url.addPathSegments(segments);
        }
        return url.build().toString();
    }

    @Override
    public void close() {
        List<JmDNS> toClose;
        synchronized (browsers) {
            closed = true;
            toClose = List.copyOf(browsers);
            browsers.clear();
        }
        toClose.forEach(b -> CompletableFuture.runAsync(() -> {
            try {
                b.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }));
    }
}
