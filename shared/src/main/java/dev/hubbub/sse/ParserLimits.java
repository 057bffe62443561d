package dev.hubbub.sse;

/**
 * How much an {@link EventStreamParser} holds before it gives up on a peer.
 *
 * @param maxLineBytes the longest line, in bytes without its line end
 * @param maxEventBytes the most data one event may collect, in bytes, counting the LF after each data line
 */
public record ParserLimits(int maxLineBytes, int maxEventBytes) {
    /** 4 MiB lines, 16 MiB events: far above any chat message, far below an OutOfMemoryError. */
    public static final ParserLimits DEFAULT = new ParserLimits(4 << 20, 16 << 20);

    public ParserLimits {
        if (maxLineBytes < 1 || maxEventBytes < 1) {
            throw new IllegalArgumentException("limits must be positive: " + maxLineBytes + ", " + maxEventBytes);
        }
    }
}
