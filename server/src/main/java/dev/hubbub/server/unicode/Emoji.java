package dev.hubbub.server.unicode;

import com.ibm.icu.text.UnicodeSet;

/**
 * Which strings are emoji: Unicode's recommended-for-general-interchange emoji (the {@code RGI_Emoji} property of
 * strings, from ICU4J's copy of the Unicode emoji data), so a reaction is something every emoji font draws, never an
 * invisible character or a letter dressed up as one.
 */
public final class Emoji {
    private static final UnicodeSet RGI = new UnicodeSet("[:RGI_Emoji:]").freeze();

    private Emoji() {
    }

    /** Whether {@code text} is exactly one emoji (a sequence such as 👍🏽 or 🇫🇷 counts as one). */
    public static boolean isOne(String text) {
        return text != null && RGI.contains(text);
    }
}
