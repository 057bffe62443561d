package dev.hubbub.server.http;

import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * How a device is named in its holder's list of devices: the program and the system from its {@code User-Agent}
 * ("Firefox · Android", "Hubbub app · Windows", "hubbub command line"). Only a label for people to recognise their
 * own devices by: a client may say anything, so nothing is decided by it.
 */
final class DeviceLabel {
    /** Programs, the first found wins (Edge and Opera say Chrome too, Chrome says Safari). */
    private static final List<Map.Entry<String, String>> PROGRAMS = List.of(
            Map.entry("Hubbub-Desktop/", "Hubbub app"), Map.entry("okhttp/", "Hubbub app"),
            Map.entry("Java-http-client/", "hubbub command line"), Map.entry("Edg/", "Edge"),
            Map.entry("OPR/", "Opera"), Map.entry("Firefox/", "Firefox"), Map.entry("Chrome/", "Chrome"),
            Map.entry("Chromium/", "Chromium"), Map.entry("Safari/", "Safari"), Map.entry("curl/", "curl"));
    private static final List<Map.Entry<String, String>> SYSTEMS = List.of(
            Map.entry("Android", "Android"), Map.entry("iPhone", "iPhone"), Map.entry("iPad", "iPad"),
            Map.entry("CrOS", "ChromeOS"), Map.entry("Windows", "Windows"), Map.entry("Mac OS", "macOS"),
            Map.entry("Macintosh", "macOS"), Map.entry("Linux", "Linux"));

    private DeviceLabel() {
    }

    static String of(Request request) {
        return of(request.getHeaders().get(HttpHeader.USER_AGENT));
    }

    static String of(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "";
        }
        String program = first(PROGRAMS, userAgent);
        String system = first(SYSTEMS, userAgent);
        return program == null && system == null ? ""
                : program == null ? system : system == null ? program : program + " · " + system;
    }

    private static String first(List<Map.Entry<String, String>> known, String userAgent) {
        for (Map.Entry<String, String> entry : known) {
            if (userAgent.contains(entry.getKey())) {
                return entry.getValue();
            }
        }
        return null;
    }
}
