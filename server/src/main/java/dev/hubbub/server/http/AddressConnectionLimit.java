package dev.hubbub.server.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;

/**
 * At most {@code max} TCP connections from one client address (an IPv6 /64 counts as one, see {@link AddressKey});
 * one more is closed as soon as it opens. Counts
 * network end points, not protocol connections, so a connection upgraded to TLS, HTTP/2 or h2c counts once.
 * Connections from a trusted proxy are not counted: they carry many people's (each person's streams are still
 * limited per address, by the address the proxy forwards). Thread-safe; Jetty calls it on its own threads.
 */
public final class AddressConnectionLimit implements Connection.Listener {
    private final int max;
    private final TrustedProxies proxies;
    /** Each counted end point and its address (a closed socket no longer knows its address). */
    private final ConcurrentHashMap<EndPoint, String> counted = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> perAddress = new ConcurrentHashMap<>();

    public AddressConnectionLimit(int max, TrustedProxies proxies) {
        this.max = max;
        this.proxies = proxies;
    }

    @Override
    public void onOpened(Connection connection) {
        EndPoint endPoint = connection.getEndPoint();
        if (!(endPoint instanceof SocketChannelEndPoint) || counted.containsKey(endPoint)) {
            return;
        }
        SocketAddress remote = endPoint.getRemoteSocketAddress();
        if (!(remote instanceof InetSocketAddress inet) || proxies.trusts(remote)) {
            return;
        }
        String address = AddressKey.of(inet.getAddress().getHostAddress());
        boolean[] admitted = {false};
        perAddress.compute(address, (a, count) -> {
            int current = count == null ? 0 : count;
            if (current >= max) {
                return count;
            }
            admitted[0] = true;
            return current + 1;
        });
        if (admitted[0]) {
            counted.put(endPoint, address);
        } else {
            endPoint.close();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        EndPoint endPoint = connection.getEndPoint();
        if (endPoint.isOpen()) {
            return; // upgraded to another protocol on the same socket: still one connection
        }
        String address = counted.remove(endPoint);
        if (address != null) {
            perAddress.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
        }
    }
}
