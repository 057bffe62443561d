package dev.hubbub.server.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Load balancers in front of the server (nginx, HAProxy): a request that comes through one of them carries the
 * client's address in {@code X-Forwarded-For} (or {@code Forwarded}), and that is the address per-address limits
 * count; their own connections are not limited per address (they carry everyone's). Jetty's
 * {@link ForwardedRequestCustomizer} reads the headers; it believes whoever sends them, so it is applied only to
 * connections from the proxies named here: anyone else's forwarded headers are ignored, and cannot dodge a limit.
 */
public final class TrustedProxies implements HttpConfiguration.Customizer {
    public static final TrustedProxies NONE = new TrustedProxies(Set.of());

    private final Set<InetAddress> addresses;
    private final ForwardedRequestCustomizer forwarded = new ForwardedRequestCustomizer();

    private TrustedProxies(Set<InetAddress> addresses) {
        this.addresses = addresses;
    }

    /**
     * The proxies by address or name (each of a name's addresses).
     *
     * @throws IllegalArgumentException when a name does not resolve
     */
    public static TrustedProxies of(List<String> names) {
        Set<InetAddress> addresses = new HashSet<>();
        for (String name : names) {
            try {
                addresses.addAll(List.of(InetAddress.getAllByName(name.strip())));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("the trusted proxy '" + name + "' is no address this machine can "
                        + "resolve");
            }
        }
        return addresses.isEmpty() ? NONE : new TrustedProxies(Set.copyOf(addresses));
    }

    /** Whether connections from this address come through a trusted proxy. */
    public boolean trusts(SocketAddress remote) {
        return !addresses.isEmpty() && remote instanceof InetSocketAddress inet && addresses.contains(inet.getAddress());
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        return trusts(request.getConnectionMetaData().getRemoteSocketAddress())
                ? forwarded.customize(request, responseHeaders) : request;
    }
}
