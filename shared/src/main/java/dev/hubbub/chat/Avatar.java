package dev.hubbub.chat;

import java.util.List;
import java.util.Locale;

/**
 * The picture a person has before they choose one: their initials on a colour derived from their name, the same in
 * every client (the server draws it for the page, {@code GET /avatars/{name}}; the app draws it from this). The
 * colour follows the name's key ({@link Names#key}), so "Ann" and "ANN" look alike; each colour carries white text
 * at WCAG AA contrast (4.5:1 or more).
 *
 * @param initials one or two letters: the first of the first word and of the second, upper case
 * @param colour a CSS hex colour, {@code #rrggbb}
 */
public record Avatar(String initials, String colour) {
    /** Dark enough for white text (each at least 5:1 against #ffffff). */
    static final List<String> PALETTE = List.of("#b42318", "#b54708", "#027a48", "#0e7090", "#175cd3",
            "#5925dc", "#9e165f", "#4e5ba6", "#6927da", "#475467");

    public static Avatar of(String name) {
        String[] words = name.strip().split("[\\s\\p{Punct}]+");
        StringBuilder initials = new StringBuilder();
        for (String word : words) {
            if (!word.isEmpty() && initials.length() < 4 && initials.codePointCount(0, initials.length()) < 2) {
                initials.appendCodePoint(word.codePointAt(0));
            }
        }
        if (initials.length() == 0 && !name.isBlank()) {
            initials.appendCodePoint(name.strip().codePointAt(0));
        }
        String key = Names.key(name);
        return new Avatar(initials.toString().toUpperCase(Locale.ROOT),
                PALETTE.get(Math.floorMod(key.hashCode(), PALETTE.size())));
    }

    /** The avatar as a small SVG picture: a circle of its colour with its initials in white. */
    public String svg() {
        String letters = initials.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"64\" viewBox=\"0 0 64 64\">"
                + "<circle cx=\"32\" cy=\"32\" r=\"32\" fill=\"" + colour + "\"/>"
                + "<text x=\"32\" y=\"32\" dy=\".35em\" text-anchor=\"middle\" fill=\"#ffffff\" "
                + "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\" font-size=\""
                + (initials.codePointCount(0, initials.length()) > 1 ? 26 : 30) + "\" font-weight=\"600\">"
                + letters + "</text></svg>";
    }
}
