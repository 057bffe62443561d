package dev.hubbub.sse;

import java.nio.charset.StandardCharsets;

/**
 * Encodes {@link Frame}s as UTF-8 {@code text/event-stream} bytes that parse back to exactly the frame's values.
 *
 * <p>Data and comments are split at every CR, LF and CRLF into one field line each, so no value can end a field early
 * or start one of its own; the id and event type were checked when the frame was built. Stateless and thread-safe.
 */
public final class FrameWriter {
    private FrameWriter() {
    }

    public static byte[] encode(Frame frame) {
        StringBuilder out = new StringBuilder(64 + (frame.data() == null ? 0 : frame.data().length()));
        appendTo(out, frame);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Appends the frame's text; several frames may share one builder and be encoded together. */
    public static void appendTo(StringBuilder out, Frame frame) {
        if (frame.comment() != null) {
            appendLines(out, "", frame.comment());
        }
        if (frame.retry() != null) {
            out.append("retry: ").append(frame.retry()).append('\n');
        }
        if (frame.id() != null) {
            out.append("id: ").append(frame.id()).append('\n');
        }
        if (frame.event() != null) {
            out.append("event: ").append(frame.event()).append('\n');
        }
        if (frame.data() != null) {
            appendLines(out, "data", frame.data());
        }
        if (frame.endsWithBlankLine()) {
            out.append('\n');
        }
    }

    /** Writes {@code name: line} for each line of {@code value}, where CR, LF and CRLF all end a line. */
    private static void appendLines(StringBuilder out, String name, String value) {
        int lineStart = 0;
        int length = value.length();
        for (int i = 0; i <= length; i++) {
            char c = i < length ? value.charAt(i) : '\n';
            if (c != '\n' && c != '\r') {
                continue;
            }
            out.append(name).append(':');
            if (i > lineStart) {
                out.append(' ').append(value, lineStart, i);
            }
            out.append('\n');
            if (c == '\r' && i + 1 < length && value.charAt(i + 1) == '\n') {
                i++;
            }
            lineStart = i + 1;
        }
    }
}
