package dev.hubbub.sse;

import static dev.hubbub.sse.Collected.event;
import static dev.hubbub.sse.Collected.parseBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameWriterTest {

    private static String text(Frame frame) {
        return new String(FrameWriter.encode(frame), StandardCharsets.UTF_8);
    }

    @Test
    void writesIdEventAndDataThenAnEmptyLine() {
        assertThat(text(Frame.event("chat", "Ann: hi").withId(7))).isEqualTo("id: 7\nevent: chat\ndata: Ann: hi\n\n");
    }

    @Test
    void dataWithLfCrAndCrlfBecomesSeveralDataLines() {
        assertThat(text(Frame.message("a\nb\rc\r\nd"))).isEqualTo("data: a\ndata: b\ndata: c\ndata: d\n\n");
    }

    @Test
    void dataWithLineBreaksParsesBackWithEachBreakAsLf() throws Exception {
        byte[] bytes = FrameWriter.encode(Frame.message("\r\nfirst\r\rthird\n"));
        assertThat(parseBytes(bytes).events).containsExactly(event("message", "\nfirst\n\nthird\n", ""));
    }

    @Test
    void emptyDataIsAnEventWithEmptyData() throws Exception {
        assertThat(parseBytes(FrameWriter.encode(Frame.message(""))).events).containsExactly(event("message", "", ""));
    }

    @Test
    void dataStartingWithASpaceKeepsIt() throws Exception {
        assertThat(parseBytes(FrameWriter.encode(Frame.message("  indented"))).events)
                .containsExactly(event("message", "  indented", ""));
    }

    @Test
    void dataThatLooksLikeFieldsCannotInjectAFrame() throws Exception {
        String attack = "hi\nevent: admin\nid: 999\nretry: 1\n\ndata: injected\r\n\r\nevent: x";
        Collected parsed = parseBytes(FrameWriter.encode(Frame.event("chat", attack).withId(5)));
        assertThat(parsed.events).containsExactly(
                event("chat", "hi\nevent: admin\nid: 999\nretry: 1\n\ndata: injected\n\nevent: x", "5"));
        assertThat(parsed.retries).isEmpty();
    }

    @Test
    void anEventTypeWithCrOrLfIsRejectedNamingTheField() {
        for (String bad : new String[] {"chat\nid: 1", "chat\r", "\r\nchat"}) {
            assertThatThrownBy(() -> Frame.event(bad, "x")).isInstanceOfSatisfying(InvalidFrameException.class,
                    e -> assertThat(e.field()).isEqualTo("event")).hasMessageContaining("'event'");
        }
    }

    @Test
    void anIdWithCrOrLfIsRejectedNamingTheField() {
        for (String bad : new String[] {"1\n", "1\rdata: x", "\r\n"}) {
            assertThatThrownBy(() -> Frame.message("x").withId(bad)).isInstanceOfSatisfying(
                    InvalidFrameException.class, e -> assertThat(e.field()).isEqualTo("id"));
        }
    }

    @Test
    void anIdWithNulIsRejectedNamingTheField() {
        assertThatThrownBy(() -> Frame.message("x").withId("1\0")).isInstanceOfSatisfying(
                InvalidFrameException.class, e -> assertThat(e.field()).isEqualTo("id")).hasMessageContaining("NUL");
    }

    @Test
    void aNegativeRetryIsRejected() {
        assertThatThrownBy(() -> Frame.retry(-1)).isInstanceOfSatisfying(InvalidFrameException.class,
                e -> assertThat(e.field()).isEqualTo("retry"));
    }

    @Test
    void retryIsWrittenAsDigitsAndDispatchesNothing() throws Exception {
        assertThat(text(Frame.retry(3000))).isEqualTo("retry: 3000\n");
        Collected parsed = parseBytes(FrameWriter.encode(Frame.retry(3000)));
        assertThat(parsed.retries).containsExactly(3000L);
        assertThat(parsed.events).isEmpty();
    }

    @Test
    void aCommentWithLineBreaksStaysAComment() throws Exception {
        assertThat(text(Frame.comment("keep\nalive"))).isEqualTo(": keep\n: alive\n");
        assertThat(text(Frame.comment(""))).isEqualTo(":\n");
        Collected parsed = parseBytes(FrameWriter.encode(Frame.comment("x\ndata: evil\n\n")));
        assertThat(parsed.events).isEmpty();
    }

    @Test
    void anIdOnlyFrameUpdatesTheLastEventIdWithoutAnEvent() throws Exception {
        Collected collected = new Collected();
        EventStreamParser parser = new EventStreamParser(collected);
        parser.feed(FrameWriter.encode(new Frame(null, null, "12", null, null)));
        assertThat(collected.events).isEmpty();
        assertThat(parser.lastEventId()).isEqualTo("12");
    }

    @Test
    void framesAppendedToOneBuilderParseAsSeparateEvents() throws Exception {
        StringBuilder out = new StringBuilder();
        FrameWriter.appendTo(out, Frame.retry(100));
        FrameWriter.appendTo(out, Frame.event("a", "1").withId(1));
        FrameWriter.appendTo(out, Frame.event("b", "2"));
        Collected parsed = parseBytes(out.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.events).containsExactly(event("a", "1", "1"), event("b", "2", "1"));
        assertThat(parsed.retries).containsExactly(100L);
    }
}
