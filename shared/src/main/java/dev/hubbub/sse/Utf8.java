package dev.hubbub.sse;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 decoding exactly as the WHATWG Encoding Standard's "UTF-8 decode" in replacement mode: each maximal
 * invalid subpart becomes one U+FFFD.
 *
 * <p>The JDK's decoder agrees with the standard on every valid input and on most invalid ones, but not all (it turns
 * an encoded surrogate such as {@code ED A0 80} into one U+FFFD where the standard asks for three). So valid input
 * takes the JDK's fast path, and only input whose JDK decoding contains U+FFFD is decoded again by the standard's
 * algorithm. Input that legitimately encodes U+FFFD takes the slow path and decodes to the same string.
 */
final class Utf8 {
    static final char REPLACEMENT = '\uFFFD';

    private Utf8() {
    }

    static String decode(byte[] bytes, int from, int to) {
        if (from == to) {
            return "";
        }
        String fast = new String(bytes, from, to - from, StandardCharsets.UTF_8);
        return fast.indexOf(REPLACEMENT) < 0 ? fast : decodeByStandard(bytes, from, to);
    }

    /** The Encoding Standard's UTF-8 decoder, step for step; package-private for tests. */
    static String decodeByStandard(byte[] bytes, int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        int codePoint = 0;
        int bytesSeen = 0;
        int bytesNeeded = 0;
        int lower = 0x80;
        int upper = 0xBF;
        int i = from;
        while (i < to) {
            int b = bytes[i] & 0xFF;
            if (bytesNeeded == 0) {
                i++;
                if (b <= 0x7F) {
                    out.append((char) b);
                } else if (b >= 0xC2 && b <= 0xDF) {
                    bytesNeeded = 1;
                    codePoint = b & 0x1F;
                } else if (b >= 0xE0 && b <= 0xEF) {
                    if (b == 0xE0) {
                        lower = 0xA0;
                    } else if (b == 0xED) {
                        upper = 0x9F;
                    }
                    bytesNeeded = 2;
                    codePoint = b & 0x0F;
                } else if (b >= 0xF0 && b <= 0xF4) {
                    if (b == 0xF0) {
                        lower = 0x90;
                    } else if (b == 0xF4) {
                        upper = 0x8F;
                    }
                    bytesNeeded = 3;
                    codePoint = b & 0x07;
                } else {
                    out.append(REPLACEMENT);
                }
                continue;
            }
            if (b < lower || b > upper) {
                // The byte is not consumed: it is "restored to the queue" and starts the next sequence.
                codePoint = 0;
                bytesNeeded = 0;
                bytesSeen = 0;
                lower = 0x80;
                upper = 0xBF;
                out.append(REPLACEMENT);
                continue;
            }
            i++;
            lower = 0x80;
            upper = 0xBF;
            codePoint = (codePoint << 6) | (b & 0x3F);
            bytesSeen++;
            if (bytesSeen == bytesNeeded) {
                out.appendCodePoint(codePoint);
                codePoint = 0;
                bytesNeeded = 0;
                bytesSeen = 0;
            }
        }
        if (bytesNeeded != 0) {
            out.append(REPLACEMENT);
        }
        return out.toString();
    }
}
