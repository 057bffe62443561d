package dev.hubbub.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AvatarTest {
    @Test
    void initialsAreTheFirstLettersOfTheFirstTwoWords() {
        assertThat(Avatar.of("Ann").initials()).isEqualTo("A");
        assertThat(Avatar.of("ann lee").initials()).isEqualTo("AL");
        assertThat(Avatar.of("Jean-Luc Picard").initials()).isEqualTo("JL");
        assertThat(Avatar.of("Zoë Ölund Smith").initials()).isEqualTo("ZÖ");
        assertThat(Avatar.of("محمد علي").initials()).isEqualTo("مع");
        assertThat(Avatar.of("😀 fan").initials()).isEqualTo("😀F");
        assertThat(Avatar.of("--").initials()).isEqualTo("-");
    }

    @Test
    void theColourFollowsTheNamesKeyAndCarriesWhiteTextAtAaContrast() {
        assertThat(Avatar.of("Ann").colour()).isEqualTo(Avatar.of("ANN").colour())
                .isEqualTo(Avatar.of("Ａｎｎ").colour());
        assertThat(java.util.stream.Stream.of("Ann", "Bob", "Cy", "Dana", "Eve", "Finn", "Gus", "Hal")
                .map(name -> Avatar.of(name).colour()).distinct().count()).as("names spread over colours")
                .isGreaterThan(3);
        for (String colour : Avatar.PALETTE) {
            assertThat(contrastWithWhite(colour)).as(colour).isGreaterThanOrEqualTo(4.5);
        }
    }

    @Test
    void theSvgEscapesWhatItDraws() {
        String svg = new Avatar("<&", "#475467").svg();
        assertThat(svg).contains("&lt;&amp;").doesNotContain("<&");
    }

    private static double contrastWithWhite(String hex) {
        double r = channel(Integer.parseInt(hex.substring(1, 3), 16));
        double g = channel(Integer.parseInt(hex.substring(3, 5), 16));
        double b = channel(Integer.parseInt(hex.substring(5, 7), 16));
        double luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        return 1.05 / (luminance + 0.05);
    }

    private static double channel(int value) {
        double c = value / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
