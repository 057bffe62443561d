package dev.hubbub.sse;

import static dev.hubbub.sse.Collected.bytes;
import static dev.hubbub.sse.Collected.concat;
import static dev.hubbub.sse.Collected.event;
import static dev.hubbub.sse.Collected.parse;
import static dev.hubbub.sse.Collected.parseBytes;
import static dev.hubbub.sse.Collected.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each test names the rule of WHATWG HTML "Interpreting an event stream" that it checks. */
class EventStreamParserTest {

    @Nested
    class Decoding {
        @Test
        void decodesUtf8() throws Exception {
            assertThat(parse("data: héllo wörld ✓ 😀\n\n").events)
                    .containsExactly(event("message", "héllo wörld ✓ 😀", ""));
        }

        @Test
        void invalidUtf8BecomesOneReplacementCharacterPerMaximalSubpart() throws Exception {
            byte[] stream = concat(utf8("data: "), bytes(0xF0, 0x80, 0x80, 0x41, 0xE2, 0x82, 0x42, 0xFF),
                    utf8("\n\n"));
            assertThat(parseBytes(stream).events).containsExactly(event("message", "\uFFFD\uFFFD\uFFFDA\uFFFDB\uFFFD", ""));
        }

        @Test
        void anEncodedSurrogateIsThreeReplacementCharacters() throws Exception {
            byte[] stream = concat(utf8("data: "), bytes(0xED, 0xA0, 0x80), utf8("\n\n"));
            assertThat(parseBytes(stream).events).containsExactly(event("message", "\uFFFD\uFFFD\uFFFD", ""));
        }

        @Test
        void aSequenceCutByALineEndIsReplacedAndTheLineEndStillCounts() throws Exception {
            byte[] stream = concat(utf8("data: "), bytes(0xE2, 0x82), utf8("\ndata: x\n\n"));
            assertThat(parseBytes(stream).events).containsExactly(event("message", "\uFFFD\nx", ""));
        }

        @Test
        void aMultiByteCharacterSplitAcrossChunksDecodesWhole() throws Exception {
            byte[] stream = utf8("data: 😀\n\n");
            for (int cut = 1; cut < stream.length; cut++) {
                assertThat(parseBytes(stream, cut).events).containsExactly(event("message", "😀", ""));
            }
        }

        @Test
        void oneLeadingBomIsIgnored() throws Exception {
            byte[] stream = concat(bytes(0xEF, 0xBB, 0xBF), utf8("data: first\n\n"));
            assertThat(parseBytes(stream).events).containsExactly(event("message", "first", ""));
        }

        @Test
        void aLeadingBomSplitAcrossChunksIsIgnored() throws Exception {
            byte[] stream = concat(bytes(0xEF, 0xBB, 0xBF), utf8("data: first\n\n"));
            assertThat(parseBytes(stream, 1, 2).events).containsExactly(event("message", "first", ""));
        }

        @Test
        void aSecondBomIsPartOfTheFieldName() throws Exception {
            byte[] stream = concat(bytes(0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF), utf8("data: x\n\n"));
            // The second BOM makes the field "\uFEFFdata", an unknown field, so nothing is dispatched.
            assertThat(parseBytes(stream).events).isEmpty();
        }

        @Test
        void aBomInsideTheStreamIsData() throws Exception {
            byte[] stream = concat(utf8("data: "), bytes(0xEF, 0xBB, 0xBF), utf8("x\n\n"));
            assertThat(parseBytes(stream).events).containsExactly(event("message", "\uFEFFx", ""));
        }

        @Test
        void thePrefixOfABomFollowedByOtherBytesIsNotSkipped() throws Exception {
            byte[] stream = concat(bytes(0xEF, 0xBB), utf8("data: x\n\ndata: y\n\n"));
            // EF BB then 'd' is an invalid sequence: the first line's field is "\uFFFDdata", so only y dispatches.
            assertThat(parseBytes(stream, 1).events).containsExactly(event("message", "y", ""));
        }
    }

    @Nested
    class LineEnds {
        @Test
        void lfCrAndCrlfEachEndALine() throws Exception {
            assertThat(parse("data: a\n\n", "data: b\r\r", "data: c\r\n\r\n").events).containsExactly(
                    event("message", "a", ""), event("message", "b", ""), event("message", "c", ""));
        }

        @Test
        void crAtTheEndOfOneChunkAndLfAtTheStartOfTheNextAreOneLineEnd() throws Exception {
            assertThat(parse("data: a\r", "\ndata: b\r", "\n\r", "\n").events)
                    .containsExactly(event("message", "a\nb", ""));
        }

        @Test
        void crLfCrLfSplitEverywhereIsTwoLineEnds() throws Exception {
            byte[] stream = utf8("data: a\r\n\r\n");
            for (int cut = 1; cut < stream.length; cut++) {
                assertThat(parseBytes(stream, cut).events).as("cut at %d", cut)
                        .containsExactly(event("message", "a", ""));
            }
        }

        @Test
        void lfCrIsTwoLineEnds() throws Exception {
            assertThat(parse("data: a\n\r").events).containsExactly(event("message", "a", ""));
        }

        @Test
        void aStreamEndingInBareCrDispatchesTheEventBeforeIt() throws Exception {
            assertThat(parse("data: a\r\r").events).containsExactly(event("message", "a", ""));
        }
    }

    @Nested
    class Fields {
        @Test
        void aLineStartingWithColonIsAComment() throws Exception {
            assertThat(parse(": data: not me\ndata: me\n:\n\n").events).containsExactly(event("message", "me", ""));
        }

        @Test
        void aFieldNameWithoutColonHasTheEmptyStringAsValue() throws Exception {
            assertThat(parse("data\n\n").events).containsExactly(event("message", "", ""));
        }

        @Test
        void exactlyOneSpaceAfterTheColonIsRemoved() throws Exception {
            assertThat(parse("data:  two\n\ndata:none\n\ndata: one\n\n").events).containsExactly(
                    event("message", " two", ""), event("message", "none", ""), event("message", "one", ""));
        }

        @Test
        void aTabAfterTheColonIsKept() throws Exception {
            assertThat(parse("data:\tx\n\n").events).containsExactly(event("message", "\tx", ""));
        }

        @Test
        void unknownFieldsAreIgnored() throws Exception {
            assertThat(parse("foo: bar\nDATA: shout\ndata: x\nevent : spaced\n\n").events)
                    .containsExactly(event("message", "x", ""));
        }

        @Test
        void dataLinesAreJoinedWithLf() throws Exception {
            assertThat(parse("data: a\ndata:\ndata: c\n\n").events).containsExactly(event("message", "a\n\nc", ""));
        }

        @Test
        void onlyTheFirstColonSeparatesNameFromValue() throws Exception {
            assertThat(parse("data: a: b:c\n\n").events).containsExactly(event("message", "a: b:c", ""));
        }
    }

    @Nested
    class Dispatch {
        @Test
        void anEmptyDataBufferDispatchesNothing() throws Exception {
            assertThat(parse("event: ping\n\n\n\n").events).isEmpty();
        }

        @Test
        void theEventTypeIsMessageByDefault() throws Exception {
            assertThat(parse("data: x\n\n").events).containsExactly(event("message", "x", ""));
        }

        @Test
        void anEmptyEventTypeMeansMessage() throws Exception {
            assertThat(parse("event:\ndata: x\n\n").events).containsExactly(event("message", "x", ""));
        }

        @Test
        void theEventTypeIsResetAfterEachDispatch() throws Exception {
            assertThat(parse("event: chat\ndata: a\n\ndata: b\n\n").events)
                    .containsExactly(event("chat", "a", ""), event("message", "b", ""));
        }

        @Test
        void theEventTypeIsResetEvenWhenNothingIsDispatched() throws Exception {
            assertThat(parse("event: chat\n\ndata: b\n\n").events).containsExactly(event("message", "b", ""));
        }

        @Test
        void theLastEventTypeLineWins() throws Exception {
            assertThat(parse("event: a\nevent: b\ndata: x\n\n").events).containsExactly(event("b", "x", ""));
        }
    }

    @Nested
    class LastEventId {
        @Test
        void anIdIsTheLastEventIdOfItsEvent() throws Exception {
            assertThat(parse("id: 7\ndata: x\n\n").events).containsExactly(event("message", "x", "7"));
        }

        @Test
        void theLastEventIdPersistsAcrossEvents() throws Exception {
            assertThat(parse("id: 7\ndata: a\n\ndata: b\n\n").events)
                    .containsExactly(event("message", "a", "7"), event("message", "b", "7"));
        }

        @Test
        void anEmptyIdResetsTheLastEventId() throws Exception {
            assertThat(parse("id: 7\ndata: a\n\nid\ndata: b\n\n").events)
                    .containsExactly(event("message", "a", "7"), event("message", "b", ""));
        }

        @Test
        void anIdContainingNulIsIgnored() throws Exception {
            assertThat(parse("id: 7\ndata: a\n\nid: 8\0\ndata: b\n\n").events)
                    .containsExactly(event("message", "a", "7"), event("message", "b", "7"));
        }

        @Test
        void theLastEventIdIsUpdatedEvenWhenNothingIsDispatched() throws Exception {
            Collected collected = new Collected();
            EventStreamParser parser = new EventStreamParser(collected);
            parser.feed(utf8("id: 41\n\n"));
            assertThat(collected.events).isEmpty();
            assertThat(parser.lastEventId()).isEqualTo("41");
        }

        @Test
        void anIdTakesEffectOnlyWhenItsBlockEnds() throws Exception {
            Collected collected = new Collected();
            EventStreamParser parser = new EventStreamParser(collected);
            parser.feed(utf8("id: 1\n\nid: 2\n"));
            assertThat(parser.lastEventId()).isEqualTo("1");
        }

        @Test
        void aReconnectedStreamKeepsTheEventSourcesLastEventIdUntilANewOne() throws Exception {
            Collected collected = new Collected();
            EventStreamParser parser = new EventStreamParser(collected, ParserLimits.DEFAULT, "40");
            parser.feed(utf8("data: a\n\nid: 41\ndata: b\n\n"));
            assertThat(collected.events).containsExactly(event("message", "a", "40"), event("message", "b", "41"));
        }
    }

    @Nested
    class Retry {
        @Test
        void aRetryOfAsciiDigitsSetsTheReconnectionTime() throws Exception {
            assertThat(parse("retry: 2500\n").retries).containsExactly(2500L);
        }

        @Test
        void aRetryWithAnythingButDigitsIsIgnored() throws Exception {
            assertThat(parse("retry: 25s\nretry: -1\nretry: 1.5\nretry:  10\nretry:\nretry: ٣\n").retries).isEmpty();
        }

        @Test
        void aRetryTooLargeForALongIsIgnored() throws Exception {
            assertThat(parse("retry: 99999999999999999999999\n").retries).isEmpty();
        }

        @Test
        void retryNeedsNoEmptyLineAndDispatchesNothing() throws Exception {
            Collected collected = parse("retry: 10\n");
            assertThat(collected.retries).containsExactly(10L);
            assertThat(collected.events).isEmpty();
        }
    }

    @Nested
    class EndOfStream {
        @Test
        void anUnterminatedFinalEventIsDiscarded() throws Exception {
            assertThat(parse("data: a\n\ndata: b\n").events).containsExactly(event("message", "a", ""));
        }

        @Test
        void aFinalLineWithoutLineEndIsDiscarded() throws Exception {
            assertThat(parse("data: a\n\ndata: b").events).containsExactly(event("message", "a", ""));
        }

        @Test
        void feedingAfterTheEndIsAnError() throws Exception {
            EventStreamParser parser = new EventStreamParser(new Collected());
            parser.finish();
            assertThatThrownBy(() -> parser.feed(utf8("data: x\n\n"))).isInstanceOf(IllegalStateException.class);
        }
    }

    @Nested
    class Chunking {
        private final byte[] stream = concat(bytes(0xEF, 0xBB, 0xBF),
                utf8("retry: 300\r\n: comment\rid: 1\nevent: chat\r\ndata: Ann: hi 😀\r\ndata\r\r"
                        + "data:  two\n\nid: 2\0\rid\n\ndata: é\r\n\r\nid: 9\n\ndata: tail\n"));

        @Test
        void oneByteAtATimeYieldsTheSameEvents() throws Exception {
            Collected whole = parseBytes(stream);
            Collected collected = new Collected();
            EventStreamParser parser = new EventStreamParser(collected);
            for (byte b : stream) {
                parser.feed(new byte[] {b});
            }
            parser.finish();
            assertThat(whole.events).containsExactly(
                    event("chat", "Ann: hi 😀\n", "1"), event("message", " two", "1"), event("message", "é", ""));
            assertThat(collected.events).isEqualTo(whole.events);
            assertThat(collected.retries).isEqualTo(whole.retries).containsExactly(300L);
        }

        @Test
        void everyCutIntoTwoOrThreeChunksYieldsTheSameEvents() throws Exception {
            Collected whole = parseBytes(stream);
            for (int a = 1; a < stream.length; a++) {
                for (int b = a; b < stream.length; b += 7) {
                    Collected cut = parseBytes(stream, a, b);
                    assertThat(cut.events).as("cuts at %d and %d", a, b).isEqualTo(whole.events);
                    assertThat(cut.retries).isEqualTo(whole.retries);
                }
            }
        }

        @Test
        void emptyChunksChangeNothing() throws Exception {
            Collected collected = new Collected();
            EventStreamParser parser = new EventStreamParser(collected);
            parser.feed(utf8("data: a\r"));
            parser.feed(new byte[0]);
            parser.feed(utf8("\ndata: b\n\n"));
            assertThat(collected.events).containsExactly(event("message", "a\nb", ""));
        }
    }

    @Nested
    class Limits {
        @Test
        void aPeerThatNeverSendsALineEndIsStoppedAtTheLineLimit() throws Exception {
            EventStreamParser parser = new EventStreamParser(new Collected(), new ParserLimits(1024, 4096), "");
            byte[] chunk = new byte[100];
            Arrays.fill(chunk, (byte) 'a');
            int fed = 0;
            try {
                while (fed < 1_000_000) {
                    parser.feed(chunk);
                    fed += chunk.length;
                }
            } catch (EventStreamException e) {
                assertThat(e).hasMessageContaining("longer than 1024 bytes");
            }
            assertThat(fed).isLessThanOrEqualTo(1024);
        }

        @Test
        void aLineOverTheLimitInOneChunkIsRefusedToo() {
            EventStreamParser parser = new EventStreamParser(new Collected(), new ParserLimits(8, 4096), "");
            assertThatThrownBy(() -> parser.feed(utf8("data: 123456789\n\n")))
                    .isInstanceOf(EventStreamException.class).hasMessageContaining("longer than 8 bytes");
        }

        @Test
        void anEventOverTheEventLimitIsRefused() {
            EventStreamParser parser = new EventStreamParser(new Collected(), new ParserLimits(64, 20), "");
            assertThatThrownBy(() -> parser.feed(utf8("data: 12345\ndata: 12345\ndata: 12345\ndata: 12345\n\n")))
                    .isInstanceOf(EventStreamException.class).hasMessageContaining("more than 20 bytes of data");
        }

        @Test
        void aLineExactlyAtTheLimitIsAccepted() throws Exception {
            Collected collected = new Collected();
            EventStreamParser parser = new EventStreamParser(collected, new ParserLimits(8, 4096), "");
            parser.feed(utf8("data: 12\n\n"));
            assertThat(collected.events).containsExactly(event("message", "12", ""));
        }

        @Test
        void aParserThatFailedKeepsFailing() {
            EventStreamParser parser = new EventStreamParser(new Collected(), new ParserLimits(8, 4096), "");
            assertThatThrownBy(() -> parser.feed(utf8("data: 123456789\n"))).isInstanceOf(EventStreamException.class);
            assertThatThrownBy(() -> parser.feed(utf8("\n"))).isInstanceOf(EventStreamException.class);
        }
    }
}
