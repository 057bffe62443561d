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

    /**
     * How a search or a filter of names (people's, rooms', a room's topic) compares: lower case without accents or
     * other marks, so "creme" finds "Crème". The server's room and people searches and the app's lists fold with it;
     * the page's lists fold the same way ({@code dom.js}).
     */
    public static String fold(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
    }

    /** The words of a search, folded ({@link #fold}); none for null or blank. */
    public static java.util.List<String> searchWords(String query) {
        return query == null ? java.util.List.of()
                : java.util.Arrays.stream(fold(query).split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }
}
