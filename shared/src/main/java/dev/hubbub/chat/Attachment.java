package dev.hubbub.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * A file a message carries, as the structured stream and history pages describe it: enough to draw a card or a
 * thumbnail without asking the server anything else.
 *
 * @param id the file's id ({@code POST /files} gave it): long and random, so it cannot be guessed
 * @param name the file's name as the uploader gave it
 * @param type its media type: for a PNG, JPEG, GIF or WebP image, the type its bytes proved; otherwise the type the
 *     uploader declared ({@code application/octet-stream} when none)
 * @param size its length in bytes
 * @param width an image's width in pixels, when the server could read it; else null
 * @param height an image's height in pixels, when the server could read it; else null
 * @param url where to download it ({@code /files/ID}, relative to the server)
 * @param thumbnail where a small image of it is ({@code /files/ID/thumbnail}), for images; else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Attachment(String id, String name, String type, long size, Integer width, Integer height, String url,
                         String thumbnail) {
    public Attachment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(url, "url");
    }

    /** Whether clients show it as an image (the server serves it inline). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isImage() {
        return thumbnail != null;
    }

    /** "plan.pdf (1.2 MB)". */
    public String describe() {
        return name + " (" + humanSize(size) + ")";
    }

    /** A byte count as people read it: 900 B, 12.5 kB, 3.4 MB, 1.2 GB (powers of 1000, as file managers show). */
    public static String humanSize(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return (value >= 100 ? String.format(java.util.Locale.ROOT, "%.0f", value)
                : String.format(java.util.Locale.ROOT, "%.1f", value)) + " " + units[unit];
    }
}
