package dev.hubbub.chat;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The key two names (of people, or of rooms) are compared by: Unicode compatibility normalization (NFKC), then lower
 * case, with runs of spaces made one. So "Ann", "ANN" and "Ａｎｎ" (full-width) are one name, and whoever holds it
 * holds all its spellings. Both clients fold names with it, as the server does; what a name may contain, and which
 * names pass for one another, the server alone decides (its {@code Lookalikes}, by Unicode's UTS #39).
 */
public final class Names {
    public static final int MAX_LENGTH = Draft.MAX_AUTHOR;

    private Names() {
    }

    /** What two names are compared by; defined for any string, checked or not. */
    public static String key(String name) {
        String folded = Normalizer.normalize(name.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(folded, Normalizer.Form.NFKC).replaceAll("\\s+", " ").strip();
    }
}
