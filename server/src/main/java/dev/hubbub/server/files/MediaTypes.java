package dev.hubbub.server.files;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which files are images the server shows: PNG, JPEG, GIF and WebP, recognized by their first bytes (never by the
 * type a client declares, nor by the name). Every other file, SVG and HTML included, is only ever a download.
 */
public final class MediaTypes {
    public static final String OCTET_STREAM = "application/octet-stream";
    /** The raster types shown inline, each proven by its signature. */
    public static final Set<String> RASTER = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");
    /** How many first bytes {@link #sniff} needs. */
    public static final int SIGNATURE_BYTES = 12;
    private static final Pattern TOKEN = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}");

    private MediaTypes() {
    }

    /** The raster image type the first bytes of a file prove, or null. */
    public static String sniff(byte[] head, int length) {
        if (startsWith(head, length, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "image/png";
        }
        if (startsWith(head, length, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (startsWith(head, length, 'G', 'I', 'F', '8') && length >= 6 && (head[4] == '7' || head[4] == '9')
                && head[5] == 'a') {
            return "image/gif";
        }
        if (startsWith(head, length, 'R', 'I', 'F', 'F') && length >= 12 && head[8] == 'W' && head[9] == 'E'
                && head[10] == 'B' && head[11] == 'P') {
            return "image/webp";
        }
        return null;
    }

    /**
     * The declared type without its parameters, in lower case ({@code image/jpg} as {@code image/jpeg}); the generic
     * type when none or no valid one was declared.
     */
    public static String declared(String contentType) {
        if (contentType == null) {
            return OCTET_STREAM;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (type.equals("image/jpg") || type.equals("image/pjpeg")) {
            return "image/jpeg";
        }
        // What an HTML form or curl sends for a body it knows nothing about says nothing about the file.
        if (type.equals("application/x-www-form-urlencoded") || !TOKEN.matcher(type).matches()) {
            return OCTET_STREAM;
        }
        return type;
    }

    private static boolean startsWith(byte[] head, int length, int... signature) {
        if (length < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((head[i] & 0xFF) != signature[i]) {
                return false;
            }
        }
        return true;
    }

    /** "a PNG image", for refusals. */
    static String describe(String rasterType) {
        return switch (rasterType) {
            case "image/png" -> "a PNG image";
            case "image/jpeg" -> "a JPEG image";
            case "image/gif" -> "a GIF image";
            case "image/webp" -> "a WebP image";
            default -> rasterType;
        };
    }
}
