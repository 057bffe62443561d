package dev.hubbub.chat;

import static org.assertj.core.api.Assertions.assertThat;

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
}
