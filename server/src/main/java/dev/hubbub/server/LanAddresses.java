package dev.hubbub.server;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/** The addresses other machines on the LAN can reach this one at: IPv4 first, then global IPv6. */
public final class LanAddresses {
    private LanAddresses() {
    }

    public static List<InetAddress> list() {
        List<InetAddress> found = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address.isLoopbackAddress() || address.isLinkLocalAddress()
                            || address.isAnyLocalAddress() || address.isMulticastAddress()) {
                        continue;
                    }
                    found.add(address);
                }
            }
        } catch (SocketException e) {
            return List.of();
        }
        found.sort(Comparator.comparing((InetAddress a) -> a instanceof Inet4Address ? 0 : 1)
                .thenComparing(InetAddress::getHostAddress));
        return found;
    }

    /** Every address of every interface that is up, loopback and link-local included: what this host answers to. */
    public static List<InetAddress> all() {
        List<InetAddress> found = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp()) {
                    found.addAll(Collections.list(nic.getInetAddresses()));
                }
            }
        } catch (SocketException e) {
            return List.of();
        }
        return found;
    }

    /** The address as it goes into a URL: IPv6 in brackets, shortened (RFC 5952), without a zone. */
    public static String forUrl(InetAddress address) {
        if (address instanceof Inet6Address) {
            return "[" + shortIpv6(address.getAddress()) + "]";
        }
        return address.getHostAddress();
    }

    /** RFC 5952 text: lower-case hex groups without leading zeros, the longest run of two or more zero groups as ::. */
    static String shortIpv6(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xFF) << 8) | (bytes[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
