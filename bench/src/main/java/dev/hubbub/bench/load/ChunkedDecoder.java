package dev.hubbub.bench.load;

import java.io.IOException;

/**
 * Undoes HTTP/1.1 chunked transfer coding incrementally: feed it what the socket gave, get the body bytes out in
 * place. Enough of RFC 9112 section 7.1 for a load client: sizes in hex, extensions ignored, no trailers expected.
 */
final class ChunkedDecoder {
    private enum State { SIZE, SIZE_LF, DATA, DATA_CR, DATA_LF, DONE }

    private State state = State.SIZE;
    private long remaining;
    private boolean inExtension;

    boolean isDone() {
        return state == State.DONE;
    }

    /** Decodes {@code bytes[from..to)} and compacts the body bytes to the front of the range; returns their count. */
    int decode(byte[] bytes, int from, int to) throws IOException {
        int out = from;
        int i = from;
        while (i < to) {
            byte b = bytes[i];
            switch (state) {
                case SIZE -> {
                    i++;
                    if (b == '\r') {
                        state = State.SIZE_LF;
                    } else if (b == ';') {
                        inExtension = true;
                    } else if (!inExtension) {
                        remaining = remaining * 16 + hex(b);
                    }
                }
                case SIZE_LF -> {
                    i++;
                    expect(b, '\n');
                    inExtension = false;
                    state = remaining == 0 ? State.DONE : State.DATA;
                }
                case DATA -> {
                    int n = (int) Math.min(remaining, to - i);
                    System.arraycopy(bytes, i, bytes, out, n);
                    out += n;
                    i += n;
                    remaining -= n;
                    if (remaining == 0) {
                        state = State.DATA_CR;
                    }
                }
                case DATA_CR -> {
                    i++;
                    expect(b, '\r');
                    state = State.DATA_LF;
                }
                case DATA_LF -> {
                    i++;
                    expect(b, '\n');
                    state = State.SIZE;
                }
                case DONE -> i = to;
            }
        }
        return out - from;
    }

    private static int hex(byte b) throws IOException {
        int digit = Character.digit(b, 16);
        if (digit < 0) {
            throw new IOException("bad chunk size byte " + b);
        }
        return digit;
    }

    private static void expect(byte actual, char wanted) throws IOException {
        if (actual != wanted) {
            throw new IOException("bad chunk framing: expected " + (int) wanted + ", got " + actual);
        }
    }
}
