package dev.hubbub.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void namesCompareByCompatibilityFormCaseAndSpaces() {
        assertThat(Names.key("Ann")).isEqualTo("ann");
        assertThat(Names.key("ＡＮＮ")).as("full-width letters").isEqualTo("ann");
        assertThat(Names.key(" Ann  Lee ")).isEqualTo("ann lee");
        assertThat(Names.key("ﬁona")).as("a ligature").isEqualTo("fiona");
        assertThat(Names.key("Ann")).isNotEqualTo(Names.key("Anne"));
    }

    @Test
    void aNameWithInvisibleOrDirectionChangingCharactersIsRefusedWithAReason() {
        for (String name : new String[] {"An\u200bn", "\u202eAnn", "Ann\u200d", "Ann\u3164", "\u115fAnn", "An\u00adn",
                "Ann\u2066", "A\u00a0nn", "Ann\ufeff"}) {
            assertThatThrownBy(() -> Names.checked("name", name)).as(name)
                    .isInstanceOf(InvalidMessageException.class)
                    .hasMessageContaining("could make it look like someone else's");
        }
        assertThatThrownBy(() -> Names.checked("name", "Ann: hi")).hasMessageContaining("':'");
        assertThatThrownBy(() -> Names.checked("name", "\u3164")).isInstanceOf(InvalidMessageException.class);
        assertThat(Names.checked("name", "  Zoë Ünal ")).isEqualTo("Zoë Ünal");
        assertThat(Names.checked("name", "李雷")).isEqualTo("李雷");
    }

    @Test
    void aNameMixingScriptsIsRefusedUnlessALanguageWritesThatWay() {
        assertThatThrownBy(() -> Names.checked("name", "\u0410nn")).as("Cyrillic A among Latin letters")
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("mixes letters of Latin and Cyrillic");
        assertThatThrownBy(() -> Names.checked("name", "B\u03bfb")).as("Greek omicron")
                .hasMessageContaining("Latin and Greek");
        assertThat(Names.checked("name", "Анна")).as("all Cyrillic").isEqualTo("Анна");
        assertThat(Names.checked("name", "Ann 2")).as("digits and spaces belong to no script").isEqualTo("Ann 2");
        assertThat(Names.checked("name", "田中さん")).as("Han with Hiragana").isEqualTo("田中さん");
        assertThat(Names.checked("name", "Kim 김")).as("Latin with Hangul").isEqualTo("Kim 김");
        assertThat(Names.checked("name", "Zoë")).as("a combining mark is no script of its own").isEqualTo("Zoë");
    }
}
