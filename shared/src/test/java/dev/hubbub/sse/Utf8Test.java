package dev.hubbub.sse;

import static dev.hubbub.sse.Collected.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** The WHATWG Encoding Standard's UTF-8 decoder, replacement mode. */
class Utf8Test {

    private static String decode(int... values) {
        byte[] b = bytes(values);
        return Utf8.decode(b, 0, b.length);
    }

    @Test
    void overlongFormsAreOneReplacementPerByte() {
        assertThat(decode(0xC0, 0xAF)).isEqualTo("\uFFFD\uFFFD");
        assertThat(decode(0xE0, 0x80, 0xAF)).isEqualTo("\uFFFD\uFFFD\uFFFD");
        assertThat(decode(0xF0, 0x80, 0x80, 0xAF)).isEqualTo("\uFFFD\uFFFD\uFFFD\uFFFD");
    }

    @Test
    void encodedSurrogatesAreOneReplacementPerByte() {
        assertThat(decode(0xED, 0xA0, 0x80)).isEqualTo("\uFFFD\uFFFD\uFFFD");
        assertThat(decode(0xED, 0xBF, 0xBF)).isEqualTo("\uFFFD\uFFFD\uFFFD");
    }

    @Test
    void codePointsAboveU10FFFFAreRejected() {
        assertThat(decode(0xF4, 0x90, 0x80, 0x80)).isEqualTo("\uFFFD\uFFFD\uFFFD\uFFFD");
        assertThat(decode(0xF5, 0x80)).isEqualTo("\uFFFD\uFFFD");
    }

    @Test
    void aTruncatedSequenceIsOneReplacement() {
        assertThat(decode(0xF0, 0x9F, 0x98)).isEqualTo("\uFFFD");
        assertThat(decode(0xE2, 0x82, 0x41)).isEqualTo("\uFFFDA");
        assertThat(decode(0xF0, 0x9F, 0x98, 0xF0, 0x9F, 0x98, 0x80)).isEqualTo("\uFFFD😀");
    }

    @Test
    void loneContinuationBytesAreOneReplacementEach() {
        assertThat(decode(0x80, 0xBF, 0x41)).isEqualTo("\uFFFD\uFFFDA");
    }

    @Test
    void anEncodedReplacementCharacterDecodesToItself() {
        assertThat(decode(0xEF, 0xBF, 0xBD, 0x41)).isEqualTo("\uFFFDA");
    }

    @Test
    void validUtf8DecodesToTheEncodedString() {
        qt().withExamples(1000).forAll(strings().allPossible().ofLengthBetween(0, 40)).checkAssert(text -> {
            String wellFormed = text.codePoints().filter(cp -> cp < 0xD800 || cp > 0xDFFF)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
            byte[] utf8 = wellFormed.getBytes(StandardCharsets.UTF_8);
            assertThat(Utf8.decode(utf8, 0, utf8.length)).isEqualTo(wellFormed);
            assertThat(Utf8.decodeByStandard(utf8, 0, utf8.length)).isEqualTo(wellFormed);
        });
    }

    @Test
    void theFastPathAgreesWithTheStandardOnAnyBytes() {
        Gen<byte[]> anyBytes = Generate.byteArrays(Generate.range(0, 24), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
        qt().withExamples(5000).forAll(anyBytes).checkAssert(bytes -> {
            String jdk = new String(bytes, StandardCharsets.UTF_8);
            if (jdk.indexOf('\uFFFD') < 0) {
                assertThat(Utf8.decodeByStandard(bytes, 0, bytes.length)).isEqualTo(jdk);
            }
            assertThat(Utf8.decode(bytes, 0, bytes.length)).isEqualTo(Utf8.decodeByStandard(bytes, 0, bytes.length));
        });
    }
}
