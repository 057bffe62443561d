package dev.hubbub.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MentionsTest {
    private static final List<String> PEOPLE = List.of("Ann", "Ann Marie", "Bob", "Chloé");

    @Test
    void findsNamesAsNamesCompareAndTheLongestThatFits() {
        assertThat(Mentions.in("@ann and @Ann Marie, can @CHLOÉ look?", PEOPLE).names())
                .containsExactly("Ann", "Ann Marie", "Chloé");
        assertThat(Mentions.in("thanks @Bob!", PEOPLE).names()).containsExactly("Bob");
        assertThat(Mentions.in("@Bobby is not Bob", PEOPLE)).isEqualTo(Mentions.Found.NONE);
        assertThat(Mentions.in("mail ann@example.org", PEOPLE)).isEqualTo(Mentions.Found.NONE);
        assertThat(Mentions.in("no mention", PEOPLE)).isEqualTo(Mentions.Found.NONE);
    }

    @Test
    void roomHereAndEveryoneMentionEveryone() {
        assertThat(Mentions.in("@room standup in 5", PEOPLE).room()).isTrue();
        assertThat(Mentions.in("ping @here", PEOPLE).room()).isTrue();
        assertThat(Mentions.in("@Everyone: lunch", PEOPLE).room()).isTrue();
        assertThat(Mentions.in("@roomy", PEOPLE).room()).isFalse();
    }
}
