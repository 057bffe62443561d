package dev.hubbub.server.hub;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Encoded events, appended once and read by every subscriber of one view: everything public, in the structured view;
 * one room's messages, in a room's tutorial view.
 *
 * <p>A position is a byte offset from the start of the room's life; a subscriber is only a position in this log. The
 * bytes live in fixed-size chunks; {@link #slice} hands out read-only views of them, so the same bytes are written to
 * every subscriber without copying, and a write can carry everything a subscriber has not yet been sent (up to a
 * chunk boundary) in one go. Chunks below the slowest live subscriber are dropped by {@link #trimBelow}; a write
 * still in flight keeps its chunk alive through its buffer, and chunks are never reused, so a slice never changes.
 *
 * <p>Threads: one writer at a time (the hub appends under its lock); any number of concurrent readers. A reader
 * that reads {@link #end()} sees every byte below it.
 */
final class RoomLog {
    static final int CHUNK_BYTES = 64 * 1024;

    /** The retained chunks; chunk {@code firstChunk + i} holds positions {@code [(firstChunk+i)*CHUNK, ...)}. */
    private record Chunks(long firstChunk, byte[][] arrays) {
        byte[] chunkAt(long position) {
            long index = position / CHUNK_BYTES - firstChunk;
            return index < 0 || index >= arrays.length ? null : arrays[(int) index];
        }
    }

    private volatile Chunks chunks = new Chunks(0, new byte[][] {new byte[CHUNK_BYTES]});
    private volatile long end;

    /** The position after the last appended byte. */
    long end() {
        return end;
    }

    /** The lowest position still readable. */
    long start() {
        return chunks.firstChunk * CHUNK_BYTES;
    }

    /** Appends one encoded frame (or several) and returns the new end. Writer thread only. */
    long append(byte[] bytes) {
        long position = end;
        int offset = 0;
        while (offset < bytes.length) {
            Chunks current = chunks;
            byte[] chunk = current.chunkAt(position);
            if (chunk == null) {
                chunk = new byte[CHUNK_BYTES];
                byte[][] grown = Arrays.copyOf(current.arrays, current.arrays.length + 1);
                grown[grown.length - 1] = chunk;
                chunks = new Chunks(current.firstChunk, grown);
            }
            int at = (int) (position % CHUNK_BYTES);
            int n = Math.min(bytes.length - offset, CHUNK_BYTES - at);
            System.arraycopy(bytes, offset, chunk, at, n);
            offset += n;
            position += n;
        }
        end = position;
        return position;
    }

    /**
     * The bytes from {@code from} up to the end of the log or of {@code from}'s chunk, whichever comes first, as a
     * buffer over the chunk itself (positioned at them, not copied; nobody writes through it); empty when
     * {@code from} is the end.
     *
     * @throws IllegalStateException when {@code from} was trimmed away
     */
    ByteBuffer slice(long from) {
        return slice(from, end);
    }

    /** As {@link #slice(long)}, but stopping at {@code upTo} too. */
    ByteBuffer slice(long from, long upTo) {
        long limit = Math.min(end, upTo);
        Chunks current = chunks;
        byte[] chunk = current.chunkAt(from);
        if (from > limit || (chunk == null && from < limit) || from < current.firstChunk * CHUNK_BYTES) {
            throw new IllegalStateException("position " + from + " is outside the log [" + start() + ", " + limit + ")");
        }
        if (from == limit) {
            return ByteBuffer.allocate(0);
        }
        int at = (int) (from % CHUNK_BYTES);
        int length = (int) Math.min(limit - from, CHUNK_BYTES - at);
        return ByteBuffer.wrap(chunk, at, length);
    }

    /** Drops every chunk that lies wholly below {@code position}. Writer thread only. */
    void trimBelow(long position) {
        Chunks current = chunks;
        long keepFrom = Math.min(position, end) / CHUNK_BYTES;
        int drop = (int) Math.min(keepFrom - current.firstChunk, current.arrays.length - 1L);
        if (drop > 0) {
            chunks = new Chunks(current.firstChunk + drop,
                    Arrays.copyOfRange(current.arrays, drop, current.arrays.length));
        }
    }

    /** How many bytes the log holds in memory, for metrics and tests. */
    long retainedBytes() {
        return (long) chunks.arrays.length * CHUNK_BYTES;
    }
}
