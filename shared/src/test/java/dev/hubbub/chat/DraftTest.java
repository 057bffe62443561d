package dev.hubbub.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DraftTest {

    @Test
    void acceptsAnOrdinaryMessage() {
        Draft draft = Draft.of("Ann", "hello there");
        assertThat(draft.author()).isEqualTo("Ann");
        assertThat(draft.text()).isEqualTo("hello there");
        assertThat(draft.displayLine()).isEqualTo("Ann: hello there");
    }

    @Test
    void trimsTheAuthorAndTrailingWhiteSpaceOfTheText() {
        Draft draft = Draft.of("  Ann \t", "\n\n  indented\ttab\nsecond line  \n\n");
        assertThat(draft.author()).isEqualTo("Ann");
        assertThat(draft.text()).isEqualTo("  indented\ttab\nsecond line");
    }

    @Test
    void normalizesCrlfAndCrToLf() {
        assertThat(Draft.of("Ann", "a\r\nb\rc").text()).isEqualTo("a\nb\nc");
    }

    @Test
    void refusesAnEmptyOrBlankAuthor() {
        assertThatThrownBy(() -> Draft.of("", "hi")).hasMessage("author is empty");
        assertThat(Draft.of(null, "hi").author()).as("a signed-in post names no author").isNull();
        assertThatThrownBy(() -> Draft.of("   ", "hi")).hasMessage("author is empty");
        assertThatThrownBy(() -> new Draft("\u2003", "hi", null, null, null, null)).hasMessage("author is blank");
    }

    @Test
    void countsAuthorLengthInCharactersNotUtf16Units() {
        assertThat(Draft.of("😀".repeat(40), "hi").author()).hasSize(80);
        assertThatThrownBy(() -> Draft.of("😀".repeat(41), "hi"))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessage("author is longer than 40 characters (41)");
    }

    @Test
    void refusesControlCharactersInTheAuthor() {
        assertThatThrownBy(() -> Draft.of("An\nn", "hi")).hasMessage("author contains a control character (U+000A)");
        assertThatThrownBy(() -> Draft.of("An\tn", "hi")).hasMessage("author contains a control character (U+0009)");
    }

    @Test
    void refusesEmptyAndBlankText() {
        assertThatThrownBy(() -> Draft.of("Ann", "")).hasMessage("text is empty");
        assertThatThrownBy(() -> Draft.of("Ann", " \n\t ")).hasMessage("text is empty");
        assertThatThrownBy(() -> Draft.of("Ann", null)).hasMessage("text is empty");
    }

    @Test
    void acceptsTextOfExactly4000CharactersAndRefusesOneMore() {
        assertThat(Draft.of("Ann", "x".repeat(4000)).text()).hasSize(4000);
        assertThatThrownBy(() -> Draft.of("Ann", "x".repeat(4001)))
                .hasMessage("text is longer than 4000 characters (4001)");
    }

    @Test
    void refusesControlCharactersInTextExceptNewlineAndTab() {
        assertThat(Draft.of("Ann", "a\tb\nc").text()).isEqualTo("a\tb\nc");
        assertThatThrownBy(() -> Draft.of("Ann", "bell\u0007")).hasMessage("text contains a control character (U+0007)");
        assertThatThrownBy(() -> Draft.of("Ann", "nul\0x")).hasMessage("text contains a control character (U+0000)");
        assertThatThrownBy(() -> Draft.of("Ann", "c1\u0085x")).hasMessage("text contains a control character (U+0085)");
        assertThatThrownBy(() -> new Draft("Ann", "cr\rx", null, null, null, null)).hasMessage("text contains a control character (U+000D)");
    }

    @Test
    void refusesUnpairedSurrogates() {
        assertThatThrownBy(() -> Draft.of("Ann", "broken \uD800 pair"))
                .hasMessage("text is not valid Unicode (an unpaired surrogate)");
    }

    @Test
    void checksTheClientId() {
        assertThat(Draft.of("Ann", "hi", "a1-b2_c3.d4:e5").clientId()).isEqualTo("a1-b2_c3.d4:e5");
        assertThatThrownBy(() -> Draft.of("Ann", "hi", "has space")).hasMessageStartingWith("clientId must be");
        assertThatThrownBy(() -> Draft.of("Ann", "hi", "x".repeat(65))).hasMessageStartingWith("clientId must be");
    }
}
