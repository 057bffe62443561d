package dev.hubbub.server.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.Content;
import dev.hubbub.chat.Mentions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class FormattingTest {
    private static final Function<String, String> ROOMS = Map.of("design", "design", "general", "general")::get;

    private static String json(String text) {
        return json(text, Mentions.Found.NONE);
    }

    private static String json(String text, Mentions.Found mentions) {
        return write(Formatting.of(text, mentions, ROOMS));
    }

    /** As JSON, each part with its kind (as inside a message, where the list's type is declared). */
    private static String write(List<Content.Block> blocks) {
        return ChatJson.write(blocks.toArray(new Content.Block[0]));
    }

    @Test
    void plainTextMeansItselfAndCarriesNoContent() {
        assertThat(Formatting.of("hello there", Mentions.Found.NONE, ROOMS)).isEmpty();
        assertThat(Formatting.of("two\nlines as typed", Mentions.Found.NONE, ROOMS)).isEmpty();
        assertThat(Formatting.of("3 * 4 = 12, and 2*3", Mentions.Found.NONE, ROOMS)).isEmpty();
        assertThat(Formatting.of("", Mentions.Found.NONE, ROOMS)).isEmpty();
    }

    @Test
    void theMarkdownChatUsersType() {
        assertThat(json("**bold** _it_ *it* ~gone~ ~~gone~~ `x < y`")).isEqualTo("[{\"t\":\"p\",\"c\":["
                + "{\"t\":\"b\",\"c\":[{\"t\":\"text\",\"text\":\"bold\"}]},{\"t\":\"text\",\"text\":\" \"},"
                + "{\"t\":\"i\",\"c\":[{\"t\":\"text\",\"text\":\"it\"}]},{\"t\":\"text\",\"text\":\" \"},"
                + "{\"t\":\"i\",\"c\":[{\"t\":\"text\",\"text\":\"it\"}]},{\"t\":\"text\",\"text\":\" \"},"
                + "{\"t\":\"s\",\"c\":[{\"t\":\"text\",\"text\":\"gone\"}]},{\"t\":\"text\",\"text\":\" \"},"
                + "{\"t\":\"s\",\"c\":[{\"t\":\"text\",\"text\":\"gone\"}]},{\"t\":\"text\",\"text\":\" \"},"
                + "{\"t\":\"code\",\"text\":\"x < y\"}]}]");
        assertThat(Formatting.of("```js\nlet a  =  1;\n  indented\n```", Mentions.Found.NONE, ROOMS))
                .containsExactly(new Content.CodeBlock("let a  =  1;\n  indented", "js"));
        assertThat(Formatting.of("> quoted\n> still\n\nafter", Mentions.Found.NONE, ROOMS)).containsExactly(
                new Content.Quote(List.of(new Content.Paragraph(List.of(new Content.Text("quoted"),
                        new Content.Break(), new Content.Text("still"))))),
                new Content.Paragraph(List.of(new Content.Text("after"))));
        assertThat(Formatting.of("- one\n- two", Mentions.Found.NONE, ROOMS)).containsExactly(new Content.BulletList(
                List.of(List.of(new Content.Paragraph(List.of(new Content.Text("one")))),
                        List.of(new Content.Paragraph(List.of(new Content.Text("two")))))));
        assertThat(Formatting.of("3. three\n4. four", Mentions.Found.NONE, ROOMS).get(0))
                .isInstanceOf(Content.NumberedList.class)
                .extracting(b -> ((Content.NumberedList) b).start()).isEqualTo(3);
    }

    @Test
    void headingsRulesAndIndentedCodeAreJustLines() {
        assertThat(Formatting.of("# not a heading", Mentions.Found.NONE, ROOMS)).isEmpty();
        assertThat(Formatting.of("title\n---", Mentions.Found.NONE, ROOMS)).isEmpty();
        assertThat(Formatting.of("    four spaces", Mentions.Found.NONE, ROOMS)).containsExactly(
                new Content.Paragraph(List.of(new Content.Text("four spaces"))));
    }

    @Test
    void linksAreHttpHttpsOrMailtoAndBareUrlsAreLinks() {
        assertThat(Formatting.of("see https://example.org/a?b=1.", Mentions.Found.NONE, ROOMS)).containsExactly(
                new Content.Paragraph(List.of(new Content.Text("see "), new Content.Link("https://example.org/a?b=1",
                        List.of(new Content.Text("https://example.org/a?b=1"))), new Content.Text("."))));
        assertThat(Formatting.of("[docs](https://example.org)", Mentions.Found.NONE, ROOMS)).containsExactly(
                new Content.Paragraph(List.of(new Content.Link("https://example.org",
                        List.of(new Content.Text("docs"))))));
        assertThat(json("[click](javascript:alert(1)) [x](data:text/html,hi) ![p](javascript:x)"))
                .doesNotContain("javascript:").doesNotContain("data:").doesNotContain("\"link\"");
    }

    @Test
    void whatTheQuickScanCallsPlainTheParserAgreesMeansOnlyItself() {
        // Random texts over letters, digits, spaces, line breaks, every ASCII mark and some other scripts: whenever
        // the scan skips the parser, the parser must have found nothing either.
        String alphabet = "abcXYZ 019\n\n  .,;'\"()?/=+-%$^{}*_~`[]<>#:@&\\!|\téàß中文🎉";
        java.util.Random random = new java.util.Random(24);
        int plain = 0;
        for (int round = 0; round < 200_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int n = 1 + random.nextInt(12); n > 0; n--) {
                text.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0,
                        random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
            }
            String typed = text.toString();
            if (Formatting.plainForSure(typed)) {
                plain++;
                assertThat(Formatting.parsed(typed, Mentions.Found.NONE, ROOMS)).as("%s", typed.replace("\n", "⏎"))
                        .isEmpty();
            }
        }
        assertThat(plain).as("the scan does skip the parser for plain texts").isGreaterThan(1000);
        assertThat(Formatting.plainForSure("an ordinary line, with punctuation; and a second line.\nok?")).isTrue();
        assertThat(Formatting.plainForSure("2 people are coming\n10 minutes")).as("a count is not a numbered item")
                .isTrue();
        for (String marked : List.of("**b**", "a\n\nb", "  indented", "- item", "1. one", "12) twelve", "ok\n3. three", "123456789. x", "x &amp; y", "see www.x.org",
                "a.b WWW.x.org", "@Ann", "#design", ":tada:", "trailing ", "a\\*b")) {
            assertThat(Formatting.plainForSure(marked)).as(marked).isFalse();
        }
    }

    @Test
    void shortcodesAreTheirEmojiOutsideCode() {
        assertThat(Formatting.of("shipped :tada: :white_check_mark: :not_a_code:", Mentions.Found.NONE, ROOMS))
                .containsExactly(new Content.Paragraph(List.of(new Content.Text("shipped 🎉 ✅ :not_a_code:"))));
        assertThat(Formatting.of("**:tada:** `:tada:`", Mentions.Found.NONE, ROOMS)).containsExactly(
                new Content.Paragraph(List.of(new Content.Bold(List.of(new Content.Text("🎉"))),
                        new Content.Text(" "), new Content.Code(":tada:"))));
        assertThat(Formatting.of("at 10:30:00 :smile", Mentions.Found.NONE, ROOMS)).isEmpty();
    }

    @Test
    void htmlIsText() {
        assertThat(Formatting.of("<b>hi</b> <script>alert(1)</script>", Mentions.Found.NONE, ROOMS)).isEmpty();
        assertThat(Formatting.of("<div>\nblock\n</div>", Mentions.Found.NONE, ROOMS)).isEmpty();
        assertThat(json("**<img src=x onerror=alert(1)>**")).contains(
                "{\"t\":\"b\",\"c\":[{\"t\":\"text\",\"text\":\"<img src=x onerror=alert(1)>\"}]}");
    }

    @Test
    void mentionsAndRoomLinksAreMarkedInFormattingButNeverInCode() {
        Mentions.Found found = new Mentions.Found(List.of("Ann"), true);
        assertThat(Formatting.of("**@ann** see #design and #nowhere, `@Ann #design` @here", found, ROOMS))
                .containsExactly(new Content.Paragraph(List.of(
                        new Content.Bold(List.of(new Content.Mention("@ann", "Ann", false))),
                        new Content.Text(" see "), new Content.RoomLink("#design", "design"),
                        new Content.Text(" and #nowhere, "), new Content.Code("@Ann #design"),
                        new Content.Text(" "), new Content.Mention("@here", null, true))));
        assertThat(json("hi @Ann", found)).isEqualTo("[{\"t\":\"p\",\"c\":[{\"t\":\"text\",\"text\":\"hi \"},"
                + "{\"t\":\"mention\",\"text\":\"@Ann\",\"name\":\"Ann\"}]}]");
        assertThat(Formatting.outsideCode("hi `@Bob` and\n```\n@Cy\n```\n@Dee")).doesNotContain("@Bob", "@Cy")
                .contains("@Dee");
    }

    @Test
    @Timeout(10)
    void hostileInputsAreBoundedAndNeverThrow() {
        String quotes = ">".repeat(10_000) + " deep";
        List<Content.Block> deep = Formatting.of(quotes, Mentions.Found.NONE, ROOMS);
        assertThat(depth(deep)).isLessThanOrEqualTo(Formatting.MAX_DEPTH + 1);
        assertThat(write(deep)).contains("deep");

        String stars = "*".repeat(64 * 1024);
        assertThat(write(Formatting.of(stars, Mentions.Found.NONE, ROOMS))).hasSizeLessThan(200 * 1024);
        String nested = "*a **b ".repeat(5_000) + "c" + "** a*".repeat(5_000);
        long started = System.nanoTime();
        assertThat(write(Formatting.of(nested, Mentions.Found.NONE, ROOMS))).contains("c");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(write(Formatting.of("```\nnever closed\n<script>", Mentions.Found.NONE, ROOMS)))
                .contains("never closed\\n<script>");
        assertThat(Formatting.of("- ".repeat(10_000) + "x", Mentions.Found.NONE, ROOMS)).isNotEmpty();
        assertThat(Formatting.of("[".repeat(10_000) + "](".repeat(10_000), Mentions.Found.NONE, ROOMS)).isNotNull();
    }

    @Test
    void contentReadsBackFromJsonAsTheSameParts() {
        List<Content.Block> blocks = Formatting.of("> **a** [b](https://x.org)\n\n1. `c`\n\n```\nd\n```",
                new Mentions.Found(List.of(), true), ROOMS);
        Content.Block[] back = ChatJson.read(write(blocks), Content.Block[].class);
        assertThat(List.of(back)).isEqualTo(blocks);
    }

    private static int depth(List<Content.Block> blocks) {
        int deepest = 0;
        for (Content.Block block : blocks) {
            int d = 1;
            if (block instanceof Content.Quote q) {
                d += depth(q.c());
            } else if (block instanceof Content.BulletList l) {
                d += l.items().stream().mapToInt(FormattingTest::depth).max().orElse(0);
            } else if (block instanceof Content.NumberedList l) {
                d += l.items().stream().mapToInt(FormattingTest::depth).max().orElse(0);
            }
            deepest = Math.max(deepest, d);
        }
        return deepest;
    }
}
