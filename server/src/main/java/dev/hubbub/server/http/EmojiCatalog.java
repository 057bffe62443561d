package dev.hubbub.server.http;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.EmojiSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /emoji}: every emoji the picker offers ({@link EmojiSet}), for the page's picker and its
 * {@code :shortcode:} completion. The same for everyone and for the server's life, so it is encoded once (and
 * gzipped once, for browsers that take it), with an ETag; a browser asks again only when the server changed.
 */
final class EmojiCatalog {
    private final byte[] json;
    private final byte[] gzipped;
    private final String etag;

    EmojiCatalog() {
        EmojiSet set = EmojiSet.get();
        List<String> categories = set.categories();
        List<Map<String, Object>> emoji = set.all().stream().map(e -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("e", e.emoji());
            one.put("n", e.name());
            one.put("c", categories.indexOf(e.category()));
            one.put("s", e.shortcodes());
            if (!e.tones().isEmpty()) {
                one.put("t", e.tones());
            }
            return one;
        }).toList();
        json = ChatJson.write(Map.of("categories", categories, "emoji", emoji)).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 3);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        gzipped = out.toByteArray();
        try {
            etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json), 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean handle(Request request, Response response, Callback callback) {
        response.getHeaders().put(HttpHeader.ETAG, etag);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "private, max-age=86400");
        response.getHeaders().put(HttpHeader.VARY, "Accept-Encoding");
        if (etag.equals(request.getHeaders().get(HttpHeader.IF_NONE_MATCH))) {
            response.setStatus(HttpStatus.NOT_MODIFIED_304);
            callback.succeeded();
            return true;
        }
        String accepts = request.getHeaders().get(HttpHeader.ACCEPT_ENCODING);
        boolean gzip = accepts != null && accepts.contains("gzip");
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        if (gzip) {
            response.getHeaders().put(HttpHeader.CONTENT_ENCODING, "gzip");
        }
        byte[] body = gzip ? gzipped : json;
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, "HEAD".equals(request.getMethod()) ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body),
                callback);
        return true;
    }
}
