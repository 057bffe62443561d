package dev.hubbub.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Whatever frames are written, and however their bytes are cut into chunks, parsing gives back the same events. */
class FrameRoundTripTest {

    @Test
    void writtenFramesParseBackIdenticallyUnderAnyLineEndsAndChunking() {
        qt().withExamples(500).withShrinkCycles(200)
                .forAll(frames(12), lists().of(Generate.range(0, 2)).ofSizeBetween(0, 200),
                        lists().of(Generate.range(0, 1000)).ofSizeBetween(0, 20))
                .checkAssert((frames, lineEnds, cutsPerMille) -> {
                    Expected expected = expectedFrom(frames);
                    byte[] bytes = withLineEnds(encode(frames), lineEnds);
                    int[] cuts = cutsPerMille.stream().mapToInt(m -> m * bytes.length / 1000).sorted().toArray();

                    Collected parsed = parse(bytes, cuts);

                    assertThat(parsed.events).isEqualTo(expected.events);
                    assertThat(parsed.retries).isEqualTo(expected.retries);
                });
    }

    @Test
    void oneByteAtATimeEqualsAllAtOnce() {
        qt().withExamples(200).forAll(frames(6), lists().of(Generate.range(0, 2)).ofSizeBetween(0, 100))
                .checkAssert((frames, lineEnds) -> {
            byte[] bytes = withLineEnds(encode(frames), lineEnds);

            Collected whole = parse(bytes);
            Collected byteWise = parse(bytes, IntStream.range(1, bytes.length).toArray());

            assertThat(byteWise.events).isEqualTo(whole.events).isEqualTo(expectedFrom(frames).events);
            assertThat(byteWise.retries).isEqualTo(whole.retries);
        });
    }

    private record Expected(List<ServerSentEvent> events, List<Long> retries) {
    }

    /** What a conforming parser must dispatch for these frames: SSE carries every line break as LF. */
    private static Expected expectedFrom(List<Frame> frames) {
        List<ServerSentEvent> events = new ArrayList<>();
        List<Long> retries = new ArrayList<>();
        String lastEventId = "";
        for (Frame frame : frames) {
            if (frame.retry() != null) {
                retries.add(frame.retry());
            }
            if (frame.id() != null) {
                lastEventId = frame.id();
            }
            if (frame.data() != null) {
                String type = frame.event() == null || frame.event().isEmpty() ? "message" : frame.event();
                String data = frame.data().replace("\r\n", "\n").replace('\r', '\n');
                events.add(new ServerSentEvent(type, data, lastEventId));
            }
        }
        return new Expected(events, retries);
    }

    private static byte[] encode(List<Frame> frames) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        frames.forEach(frame -> stream.writeBytes(FrameWriter.encode(frame)));
        return stream.toByteArray();
    }

    /**
     * The writer ends every line with LF and never writes CR, so each LF may be swapped for CR or CRLF: the stream
     * stays the same stream. {@code choices} picks LF (0), CR (1) or CRLF (2) for the first lines, LF for the rest.
     * A CR right before an LF would join two line ends into one, so there CRLF stands in for CR.
     */
    private static byte[] withLineEnds(byte[] stream, List<Integer> choices) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(stream.length * 2);
        int line = 0;
        for (int i = 0; i < stream.length; i++) {
            byte b = stream[i];
            if (b != '\n') {
                out.write(b);
                continue;
            }
            int choice = line < choices.size() ? choices.get(line) : 0;
            line++;
            if (choice == 1 && i + 1 < stream.length && stream[i + 1] == '\n') {
                choice = 2;
            }
            if (choice != 0) {
                out.write('\r');
            }
            if (choice != 1) {
                out.write('\n');
            }
        }
        return out.toByteArray();
    }

    private static Collected parse(byte[] bytes, int... cuts) {
        try {
            return Collected.parseBytes(bytes, cuts);
        } catch (EventStreamException e) {
            throw new AssertionError(e);
        }
    }

    private static Gen<List<Frame>> frames(int maxFrames) {
        Gen<String> comment = nullable(text(true), 85);
        Gen<Long> retry = nullable(Generate.longRange(0, Long.MAX_VALUE), 85);
        Gen<String> id = nullable(text(false).map(s -> s.replace('\0', '0')), 50);
        Gen<String> type = nullable(text(false), 40).map(s -> s == null || s.isEmpty() ? null : s);
        Gen<String> data = nullable(text(true), 15);
        Gen<Frame> frame = comment.zip(retry, id, type, data, Frame::new);
        return lists().of(frame).ofSizeBetween(0, maxFrames);
    }

    private static <T> Gen<T> nullable(Gen<T> gen, int percentNull) {
        return gen.toOptionals(percentNull).map(optional -> optional.orElse(null));
    }

    /**
     * Any Unicode scalar values, NUL, BOM and U+FFFD among them; with {@code lineBreaks}, also CR, LF and CRLF.
     * Unwanted values are mapped to others rather than filtered, because QuickTheories rejects a whole example when
     * any part of it fails an assumption.
     */
    private static Gen<String> text(boolean lineBreaks) {
        Gen<Integer> printableAscii = Generate.range(0x20, 0x7E);
        Gen<Integer> anyScalar = Generate.range(0, 0x10FFFF).map(cp -> cp >= 0xD800 && cp <= 0xDFFF ? cp + 0x800 : cp);
        Gen<Integer> tricky = Generate.pick(List.of(0, 0xFEFF, 0xFFFD, 0x1F600, (int) ':', (int) ' '));
        Gen<String> scalar = Generate.frequency(List.of(Pair.of(6, printableAscii), Pair.of(2, anyScalar),
                        Pair.of(1, tricky)))
                .map(cp -> !lineBreaks && (cp == '\n' || cp == '\r') ? 'x' : cp)
                .map(Character::toString);
        Gen<String> piece = lineBreaks
                ? Generate.frequency(List.of(Pair.of(8, scalar), Pair.of(1, Generate.pick(List.of("\r", "\n", "\r\n")))))
                : scalar;
        return lists().of(piece).ofSizeBetween(0, 30).map(pieces -> String.join("", pieces));
    }
}
