package dev.hubbub.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

class LineEndsTest {

    private static int naiveIndexOf(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n' || bytes[i] == '\r') {
                return i;
            }
        }
        return -1;
    }

    @Test
    void findsTheFirstLineEndAtEveryPositionOfAWord() {
        for (int length = 0; length < 40; length++) {
            for (int at = 0; at < length; at++) {
                for (byte end : new byte[] {'\n', '\r'}) {
                    byte[] bytes = new byte[length];
                    java.util.Arrays.fill(bytes, (byte) 'a');
                    bytes[at] = end;
                    assertThat(LineEnds.indexOf(bytes, 0, length)).isEqualTo(at);
                }
            }
        }
    }

    @Test
    void agreesWithAByteByByteSearchOnAnyBytes() {
        // Bytes near LF and CR (0x09, 0x0B, 0x0C, 0x0E, 0x00, 0x8A...) are where a word-wise trick could go wrong.
        var interesting = Generate.pick(java.util.List.of((byte) 0, (byte) 9, (byte) 10, (byte) 11, (byte) 12,
                (byte) 13, (byte) 14, (byte) 0x8A, (byte) 0x8D, (byte) 0xFF, (byte) 'a'));
        var anyByte = Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0).mix(interesting, 60);
        qt().withExamples(5000).forAll(Generate.byteArrays(Generate.range(0, 40), anyByte), Generate.range(0, 40),
                Generate.range(0, 40)).checkAssert((bytes, a, b) -> {
                    int from = Math.min(Math.min(a, b), bytes.length);
                    int to = Math.min(Math.max(a, b), bytes.length);
                    assertThat(LineEnds.indexOf(bytes, from, to)).isEqualTo(naiveIndexOf(bytes, from, to));
                });
    }
}
