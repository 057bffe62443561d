package dev.hubbub.sse;

import java.util.Arrays;

/** A growable byte array that refuses to grow past a limit. Not thread-safe. */
final class Bytes {
    private byte[] array;
    private int size;

    Bytes(int initialCapacity) {
        array = new byte[initialCapacity];
    }

    int size() {
        return size;
    }

    byte[] array() {
        return array;
    }

    void clear() {
        size = 0;
    }

    void append(byte b) {
        ensureCapacity(size + 1);
        array[size++] = b;
    }

    void append(byte[] source, int from, int to) {
        int length = to - from;
        ensureCapacity(size + length);
        System.arraycopy(source, from, array, size, length);
        size += length;
    }

    private void ensureCapacity(int needed) {
        if (needed > array.length) {
            array = Arrays.copyOf(array, Math.max(needed, array.length * 2));
        }
    }
}
