package dev.hubbub.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChunkedDecoderTest {

    @Test
    void decodesChunksSplitAtEveryPossiblePlace() throws Exception {
        byte[] wire = "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int cut = 0; cut <= wire.length; cut++) {
            ChunkedDecoder decoder = new ChunkedDecoder();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            byte[] first = java.util.Arrays.copyOfRange(wire, 0, cut);
            byte[] second = java.util.Arrays.copyOfRange(wire, cut, wire.length);
            body.write(first, 0, decoder.decode(first, 0, first.length));
            body.write(second, 0, decoder.decode(second, 0, second.length));
            assertThat(body.toString(StandardCharsets.US_ASCII)).as("cut at %d", cut).isEqualTo("hello, world");
            assertThat(decoder.isDone()).isTrue();
        }
    }
}
