package dev.hubbub.sse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds the next CR or LF in a byte array eight bytes at a time, the parser's hot loop.
 *
 * <p>Each eight bytes are read as one little-endian long. XOR with a long of all-LF bytes turns every LF byte into
 * zero (likewise for CR), and the classic "has a zero byte" expression {@code (x - 0x01..) & ~x & 0x80..} marks the
 * zero bytes. A borrow can also mark a byte above a true zero, never one below it, so the lowest mark, found with
 * {@link Long#numberOfTrailingZeros}, is always the first line end.
 */
final class LineEnds {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LFS = ONES * '\n';
    private static final long CRS = ONES * '\r';

    private LineEnds() {
    }

    /** The index of the first CR or LF in {@code bytes[from .. to)}, or -1 when there is none. */
    static int indexOf(byte[] bytes, int from, int to) {
        int i = from;
        for (int last = to - Long.BYTES; i <= last; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i);
            long lf = word ^ LFS;
            long cr = word ^ CRS;
            long marks = ((lf - ONES) & ~lf | (cr - ONES) & ~cr) & HIGHS;
            if (marks != 0) {
                return i + (Long.numberOfTrailingZeros(marks) >>> 3);
            }
        }
        for (; i < to; i++) {
            byte b = bytes[i];
            if (b == '\n' || b == '\r') {
                return i;
            }
        }
        return -1;
    }
}
