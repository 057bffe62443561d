package dev.hubbub.server.http;

import dev.hubbub.server.LanAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The names and addresses this server may be reached at: {@code localhost} and the loopback addresses, this
 * machine's host name (short, full and {@code .local}), every address of its network interfaces and the mDNS name
 * announced for each ({@code hubbub-192-168-1-20.local}), the address it listens on, and what the host added with
 * {@code --allow-host}. A request naming anything else in its {@code Host} is refused: that is how a page whose
 * name an attacker pointed at this machine (DNS rebinding) is kept out.
 *
 * <p>Interface addresses change (DHCP, Wi-Fi): an unknown address is checked against the interfaces again, at most
 * once every few seconds. Thread-safe.
 */
public final class AllowedHosts {
    private static final long RESCAN_NANOS = 5_000_000_000L;

    private final Set<String> fixed;
    private final Supplier<List<InetAddress>> interfaces;
    private final LongSupplier nanoClock;
    private final AtomicLong lastScan = new AtomicLong(Long.MIN_VALUE / 2);
    private volatile Set<String> scanned = Set.of();

    AllowedHosts(Set<String> fixed, Supplier<List<InetAddress>> interfaces, LongSupplier nanoClock) {
        this.fixed = Set.copyOf(fixed);
        this.interfaces = interfaces;
        this.nanoClock = nanoClock;
        rescan(nanoClock.getAsLong());
    }

    /**
     * @param listenHost the address the server listens on, or null for every interface
     * @param extra names added with {@code --allow-host}
     */
    public static AllowedHosts of(String listenHost, List<String> extra) {
        Set<String> names = new HashSet<>(List.of("localhost", "127.0.0.1", "::1", "localhost.localdomain"));
        try {
            InetAddress local = InetAddress.getLocalHost();
            String name = local.getHostName();
            names.add(name);
            names.add(local.getCanonicalHostName());
            String shortName = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
            names.add(shortName);
            names.add(shortName + ".local");
        } catch (UnknownHostException e) {
            // no host name: addresses and localhost still work
        }
        if (listenHost != null) {
            names.add(listenHost);
        }
        extra.forEach(names::add);
        Set<String> normalized = new HashSet<>();
        names.forEach(n -> normalized.add(normalize(n)));
        return new AllowedHosts(normalized, LanAddresses::all, System::nanoTime);
    }

    /** Whether a request whose {@code Host} names {@code host} (no port; IPv6 with or without brackets) is ours. */
    public boolean allows(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String name = normalize(host);
        if (fixed.contains(name) || scanned.contains(name)) {
            return true;
        }
        long now = nanoClock.getAsLong();
        long last = lastScan.get();
        if (now - last >= RESCAN_NANOS && lastScan.compareAndSet(last, now)) {
            rescan(now);
            return scanned.contains(name);
        }
        return false;
    }

    private void rescan(long now) {
        Set<String> found = new HashSet<>();
        for (InetAddress address : interfaces.get()) {
            found.add(normalize(address.getHostAddress()));
            found.add(normalize(LanAddresses.forUrl(address)));
            if (address instanceof Inet4Address) {
                found.add("hubbub-" + address.getHostAddress().replace('.', '-') + ".local");
            }
        }
        scanned = Set.copyOf(found);
        lastScan.set(now);
    }

    /** Lower case, without brackets, an IPv6 zone or a trailing dot. */
    static String normalize(String host) {
        String name = host.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        int zone = name.indexOf('%');
        if (zone >= 0) {
            name = name.substring(0, zone);
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.contains(":") && name.matches("[0-9a-f:.]+")) {
            try {
                // One spelling for each IPv6 address: 0:0:0:0:0:0:0:1 and ::1 are the same host. A literal of
                // these characters only is parsed, never looked up.
                name = LanAddresses.forUrl(InetAddress.getByName(name)).replace("[", "").replace("]", "");
            } catch (UnknownHostException e) {
                return name;
            }
        }
        return name;
    }
}
