package dev.hubbub.desktop.net;

import static dev.hubbub.desktop.ui.Words.t;

import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * Where a room is, from what a person types: {@code 192.168.1.20}, {@code chat-box:9000} or a full
 * {@code http(s)://} URL. Without a scheme it is http; without a port, Hubbub's 8080. An invite link's key
 * ({@code ?key=…}) is kept: an invite-only room lets a new name in only with it.
 *
 * @param key the room's invite key from the link; null when none was given
 */
public record ServerAddress(HttpUrl base, String key) {

    public ServerAddress(HttpUrl base) {
        this(base, null);
    }

    public static final int DEFAULT_PORT = dev.hubbub.server.ServerConfig.DEFAULT_PORT;

    /** @throws IllegalArgumentException with a sentence a person can act on */
    public static ServerAddress parse(String typed) {
        String text = typed == null ? "" : typed.strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException(t("app.address.empty"));
        }
        String lower = text.toLowerCase(Locale.ROOT);
        boolean hasScheme = lower.startsWith("http://") || lower.startsWith("https://");
        if (!hasScheme && lower.contains("://")) {
            throw new IllegalArgumentException(t("app.address.scheme", "text", text));
        }
        HttpUrl url = HttpUrl.parse(hasScheme ? text : "http://" + text);
        if (url == null || url.host().isEmpty()) {
            throw new IllegalArgumentException(t("app.address.bad", "text", text));
        }
        if (!hasScheme && !hasExplicitPort(text)) {
            url = url.newBuilder().port(DEFAULT_PORT).build();
        }
        if (!url.encodedPath().endsWith("/")) {
            url = url.newBuilder().addPathSegment("").build();
        }
        String key = url.queryParameter("key");
        return new ServerAddress(url.newBuilder().query(null).fragment(null).build(),
                key == null || key.isBlank() ? null : key);
    }

    private static boolean hasExplicitPort(String text) {
        String hostPart = text.split("/", 2)[0];
        if (hostPart.startsWith("[")) {
            return hostPart.contains("]:");
        }
        return hostPart.indexOf(':') >= 0 && hostPart.indexOf(':') == hostPart.lastIndexOf(':');
    }

    /** {@code /chat} of this room. */
    public HttpUrl chat() {
        return base.resolve("chat");
    }

    /** {@code /chat/history} of this room. */
    public HttpUrl history() {
        return base.resolve("chat/history");
    }

    /** host:port, for status lines. */
    public String hostAndPort() {
        return (base.host().contains(":") ? "[" + base.host() + "]" : base.host()) + ":" + base.port();
    }

    /** The address as a link again, with its key: what to remember to come back. */
    @Override
    public String toString() {
        return key == null ? base.toString() : base.newBuilder().addQueryParameter("key", key).build().toString();
    }
}
