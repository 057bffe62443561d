package dev.hubbub.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmojiSetTest {
    private final EmojiSet set = EmojiSet.get();

    @Test
    void everyEmojiOfTheDatasetByCategoryWithShortNamesAndSkinTones() {
        assertThat(set.all()).hasSizeGreaterThan(1800);
        assertThat(set.categories()).containsExactly("Smileys & Emotion", "People & Body", "Animals & Nature",
                "Food & Drink", "Travel & Places", "Activities", "Objects", "Symbols", "Flags");
        EmojiSet.Emoji first = set.all().get(0);
        assertThat(first.emoji()).isEqualTo("😀");
        assertThat(first.name()).isEqualTo("grinning face");
        EmojiSet.Emoji thumbs = set.all().stream().filter(e -> e.emoji().equals("👍")).findFirst().orElseThrow();
        assertThat(thumbs.shortcodes()).contains("+1", "thumbsup");
        assertThat(thumbs.tones()).containsExactly("👍🏻", "👍🏼", "👍🏽", "👍🏾", "👍🏿");
        EmojiSet.Emoji handshake = set.all().stream().filter(e -> e.shortcodes().contains("handshake"))
                .findFirst().orElseThrow();
        assertThat(handshake.tones()).as("two hands, one tone").hasSize(5)
                .allSatisfy(toned -> assertThat(toned).startsWith("🤝"));
        assertThat(set.all()).noneMatch(e -> e.emoji().equals("🏻")).as("skin tone swatches are not emoji");
    }

    @Test
    void shortcodesBecomeTheirEmojiAndUnknownOnesStay() {
        assertThat(set.byShortcode("tada")).contains("🎉");
        assertThat(set.replaceShortcodes("shipped :tada: :white_check_mark: but :nope: and 10:30:00"))
                .isEqualTo("shipped 🎉 ✅ but :nope: and 10:30:00");
        assertThat(set.replaceShortcodes("no colons")).isEqualTo("no colons");
    }

    @Test
    void findsWholeEmojiSequencesInText() {
        assertThat(set.emojiAt("👍🏽 ok", 0)).isEqualTo(4);
        assertThat(set.emojiAt("a👨‍👩‍👧", 1)).isEqualTo("👨‍👩‍👧".length());
        assertThat(set.emojiAt("🇩🇪!", 0)).isEqualTo(4);
        assertThat(set.emojiAt("1️⃣", 0)).isEqualTo(3);
        assertThat(set.emojiAt("❤️", 0)).isEqualTo(2);
        assertThat(set.emojiAt("123", 0)).as("a digit is no emoji").isZero();
        assertThat(set.emojiAt("© 2026", 0)).as("© without its selector stays text").isZero();
        assertThat(set.emojiAt("hello", 0)).isZero();
        assertThat(set.cellOf("🎉")).isNotNull();
        assertThat(set.cellOf("👍🏿")).isNotNull().isNotEqualTo(set.cellOf("👍"));
    }
}
