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
 * client's address in {@code X-Forwarded-For}, and that is the address per-address limits count; their own
 * connections are not limited per address (they carry everyone's). Jetty's {@link ForwardedRequestCustomizer} reads
 * the headers; it believes whoever sends them, so it is applied only to connections from the proxies named here.
 *
 * <p>From a trusted proxy it reads exactly the two headers the documented setup sets, {@code X-Forwarded-For} (the
 * client's address) and {@code X-Forwarded-Proto} (the scheme the browser used), and nothing else: a proxy passes on
 * whatever else a client sent, so a client's own {@code Forwarded: for=…} would otherwise become its address, and its
 * {@code X-Forwarded-Host} would replace the {@code Host} that {@link HostGuard} checks (DNS rebinding through the
 * proxy). The proxy must set both headers, overwriting what the client sent ({@code docs/nginx-hubbub.conf}).
 */
public final class TrustedProxies implements HttpConfiguration.Customizer {
    public static final TrustedProxies NONE = new TrustedProxies(Set.of());

    private final Set<InetAddress> addresses;
    private final ForwardedRequestCustomizer forwarded = onlyAddressAndScheme();

    private TrustedProxies(Set<InetAddress> addresses) {
        this.addresses = addresses;
    }

    /** Jetty's customizer with every header but the client's address and the scheme switched off (a null name). */
    private static ForwardedRequestCustomizer onlyAddressAndScheme() {
        ForwardedRequestCustomizer customizer = new ForwardedRequestCustomizer();
        customizer.setForwardedHeader(null);
        customizer.setForwardedHostHeader(null);
        customizer.setForwardedServerHeader(null);
        customizer.setForwardedPortHeader(null);
        customizer.setForwardedHttpsHeader(null);
        customizer.setForwardedSslSessionIdHeader(null);
        customizer.setForwardedCipherSuiteHeader(null);
        customizer.setProxyAsAuthority(false);
        customizer.setSslIsSecure(false);
        return customizer;
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
