package dev.hubbub.server.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * What per-address limits count by: an IPv4 address, or an IPv6 address's /64 prefix, since one host (one home or
 * office network) is usually given a whole /64 and could otherwise take 2^64 addresses' worth of streams and posts.
 */
final class AddressKey {
    private AddressKey() {
    }

    /** The key of a remote address as Jetty gives it ({@code 192.168.1.7}, {@code [2001:db8::1]} or without brackets). */
    static String of(String remoteAddress) {
        String text = remoteAddress.startsWith("[") && remoteAddress.endsWith("]")
                ? remoteAddress.substring(1, remoteAddress.length() - 1) : remoteAddress;
        if (!text.contains(":")) {
            return text;
        }
        int zone = text.indexOf('%');
        if (zone >= 0) {
            text = text.substring(0, zone);
        }
        try {
            InetAddress address = InetAddress.getByName(text);
            if (address instanceof Inet6Address) {
                byte[] bytes = address.getAddress();
                StringBuilder prefix = new StringBuilder();
                for (int i = 0; i < 8; i += 2) {
                    prefix.append(Integer.toHexString(((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF))).append(':');
                }
                return prefix.append(":/64").toString();
            }
            return address.getHostAddress();
        } catch (UnknownHostException e) {
            return text;
        }
    }
}
