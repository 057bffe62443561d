package dev.hubbub.server.unicode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubbub.chat.InvalidMessageException;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** UTS #39 through ICU4J: what a name may carry, and which names pass for one another. */
class LookalikesTest {

    private static boolean lookAlike(String a, String b) {
        return !Collections.disjoint(Lookalikes.lookalikeKeys(a), Lookalikes.lookalikeKeys(b));
    }

    @Test
    void aNameWithInvisibleOrDirectionChangingCharactersIsRefusedWithAReason() {
        for (String name : new String[] {"An\u200bn", "\u202eAnn", "Ann\u200d", "Ann\u3164", "\u115fAnn", "An\u00adn",
                "Ann\u2066", "A\u00a0nn", "Ann\ufeff", "Ann\u2800", "Ann\u034f", "Ann\u180e"}) {
            assertThatThrownBy(() -> Lookalikes.checked("name", name)).as(name)
                    .isInstanceOf(InvalidMessageException.class)
                    .hasMessageContaining("could make it look like someone else's");
        }
        assertThatThrownBy(() -> Lookalikes.checked("name", "Ann: hi")).hasMessageContaining("':'");
        assertThatThrownBy(() -> Lookalikes.checked("name", "\u3164")).isInstanceOf(InvalidMessageException.class);
        assertThat(Lookalikes.checked("name", "  Zoë Ünal ")).isEqualTo("Zoë Ünal");
        assertThat(Lookalikes.checked("name", "李雷")).isEqualTo("李雷");
        assertThat(Lookalikes.checked("name", "Ann 🎉")).as("an emoji is no script of its own").isEqualTo("Ann 🎉");
    }

    @Test
    void variationSelectorsAndMarksThatShowNothingAreRefused() {
        for (String name : new String[] {"Ann\ufe0f", "Ann\ufe00", "Ann\udb40\udd00", "Ann\u180b", "Ann \u0301",
                "\u0301Ann", "Ann\u0308\u0308", "Ann\ue000"}) {
            assertThatThrownBy(() -> Lookalikes.checked("name", name)).as(name)
                    .isInstanceOf(InvalidMessageException.class)
                    .hasMessageContaining("could make it look like someone else's");
        }
    }

    @Test
    void aNameMixingScriptsIsRefusedUnlessALanguageWritesThatWay() {
        assertThatThrownBy(() -> Lookalikes.checked("name", "\u0410nn")).as("Cyrillic A among Latin letters")
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("mixes letters of several scripts");
        assertThatThrownBy(() -> Lookalikes.checked("name", "B\u03bfb")).as("Greek omicron")
                .hasMessageContaining("several scripts");
        assertThatThrownBy(() -> Lookalikes.checked("name", "x\u0661\u0032")).as("Arabic-Indic and ASCII digits")
                .hasMessageContaining("digits of several systems");
        assertThat(Lookalikes.checked("name", "Анна")).as("all Cyrillic").isEqualTo("Анна");
        assertThat(Lookalikes.checked("name", "Ann 2")).as("digits and spaces belong to no script").isEqualTo("Ann 2");
        assertThat(Lookalikes.checked("name", "田中さん")).as("Han with Hiragana").isEqualTo("田中さん");
        assertThat(Lookalikes.checked("name", "Kim 김")).as("Latin with Hangul").isEqualTo("Kim 김");
        assertThat(Lookalikes.checked("name", "Zoë")).as("a combining mark on a letter").isEqualTo("Zoë");
    }

    @Test
    void aNameHoldsOnlyTheRecommendedLettersMarksAndDigitsOfUts39sIdentifierProfile() {
        for (String name : new String[] {"Vera\ufffc", "Ver\u1d00", "\u1d20era", "Vera\u0332", "Vera\u0358",
                "Ve\u035cra", "Vic\u0323", "Vera\u0323\u0323", "\u0412era\u0301", "Vera\u2800", "Ann\u2062"}) {
            assertThatThrownBy(() -> Lookalikes.checked("name", name)).as(name)
                    .isInstanceOf(InvalidMessageException.class)
                    .hasMessageContaining("could make it look like someone else's");
        }
        assertThatThrownBy(() -> Lookalikes.checked("name", "Vera\ufffc")).hasMessageContaining("U+FFFC")
                .hasMessageContaining("not recommend in names");
        assertThatThrownBy(() -> Lookalikes.checked("name", "Vic\u0323"))
                .hasMessageContaining("makes no letter with the one before it");
        assertThat(Lookalikes.checked("name", "Zoe\u0308")).as("a mark that NFC makes one letter with its own")
                .isEqualTo("Zoe\u0308");
        assertThat(Lookalikes.checked("name", "Nguy\u1ec5n Th\u1ecb")).as("Vietnamese").isEqualTo("Nguyễn Thị");
        assertThat(Lookalikes.checked("name", "हिन्दी")).as("Devanagari vowel signs and virama").isEqualTo("हिन्दी");
        assertThat(Lookalikes.checked("name", "O'Brien-Smith (PM)")).isEqualTo("O'Brien-Smith (PM)");
        assertThat(Lookalikes.checked("name", "Ann 👍🏽 🇫🇷")).isEqualTo("Ann 👍🏽 🇫🇷");
    }

    @Test
    void freeTextHoldsAnythingButWhatHidesOrTurnsTheTextAroundIt() {
        for (String text : new String[] {"at lunch \u202eBUY", "back \u2067soon", "report\u200d.pdf", "\u200bhi",
                "a\ufffcb", "x\ufe0f", "note\u2028two", "pri\ue000vate", "under\u0332line", "\u0301start",
                "tags\udb40\udc41"}) {
            assertThatThrownBy(() -> FreeText.checked("a status's text", text)).as(text)
                    .isInstanceOf(InvalidMessageException.class)
                    .hasMessageContaining("could hide or turn the text around it");
        }
        for (String text : new String[] {"at the dentist 🦷 (back at 3)", "👩‍💻 coding", "❤️ café", "Zoë's",
                "مرحبا", "שלום", "2 × 3 = 6 ✓", "田中さん", "👨‍👩‍👧", "🏴󠁧󠁢󠁳󠁣󠁴󠁿"}) {
            assertThat(FreeText.checked("a status's text", text)).as(text).isEqualTo(text);
        }
    }

    @Test
    void namesThatPassForOneAnotherShareALookalikeKey() {
        assertThat(lookAlike("Ian", "lan")).as("capital I and small L").isTrue();
        assertThat(lookAlike("General", "Genera1")).isTrue();
        assertThat(lookAlike("ANN", "\u0391\u039d\u039d")).as("all-Greek capitals").isTrue();
        assertThat(lookAlike("Ann", "\u0391\u039d\u039d")).as("ANN is Ann, in capitals").isTrue();
        assertThat(lookAlike("rn", "m")).isTrue();
        assertThat(lookAlike("Ann", "Anne")).isFalse();
        assertThat(lookAlike("Ann", "Bob")).isFalse();
    }

    @Test
    void emojiAreUnicodesRecommendedOnes() {
        for (String emoji : new String[] {"👍", "🎉", "❤️", "👍🏽", "🇫🇷", "👨‍👩‍👧"}) {
            assertThat(Emoji.isOne(emoji)).as(emoji).isTrue();
        }
        for (String notOne : new String[] {"\u200b", "\ufe0f", "a", "👍👍", "", "\u2800", "❤\u200d"}) {
            assertThat(Emoji.isOne(notOne)).as(notOne).isFalse();
        }
    }
}
