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
}
