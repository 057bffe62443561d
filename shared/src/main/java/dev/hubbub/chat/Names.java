package dev.hubbub.chat;

import java.lang.Character.UnicodeScript;
import java.text.Normalizer;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The rules for a person's name (and a room's), and the key two names are compared by: Unicode compatibility
 * normalization (NFKC), then lower case, with runs of spaces made one. So "Ann", "ANN" and "Ａｎｎ" (full-width) are
 * one name, and whoever holds it holds all its spellings.
 *
 * <p>A name may not carry characters that show nothing or change how text around them is shown (zero-width spaces
 * and joiners, direction overrides, Hangul and Braille fillers and other blank letters): with them "Ann" could be
 * claimed again as a lookalike. Nor letters of several scripts mixed (a Cyrillic "А" among Latin letters makes a
 * second "Аnn"), except the mixes a language writes with (UTS #39's "highly restrictive" level: Latin with Han and
 * Japanese kana, with Han and Bopomofo, or with Han and Hangul). A name wholly in another script that happens to
 * look like a Latin one is not caught. Nor a {@code :}, which ends the author in a tutorial client's
 * {@code name: text}.
 */
public final class Names {
    public static final int MAX_LENGTH = Draft.MAX_AUTHOR;

    private Names() {
    }

    /**
     * The name as given, trimmed, when it follows the rules.
     *
     * @param field what the reason calls it, such as {@code "name"}
     * @throws InvalidMessageException with a reason a person can read
     */
    public static String checked(String field, String name) {
        String trimmed = name == null ? null : name.strip();
        Rules.checkName(field, trimmed);
        trimmed.codePoints().forEach(c -> {
            String why = refusal(c);
            if (why != null) {
                throw new InvalidMessageException(field + " contains " + why + " (" + String.format("U+%04X", c)
                        + "), which could make it look like someone else's");
            }
        });
        String scripts = mixedScripts(trimmed);
        if (scripts != null) {
            throw new InvalidMessageException(field + " mixes letters of " + scripts
                    + ", which could make it look like someone else's; use letters of one script");
        }
        if (trimmed.indexOf(':') >= 0) {
            throw new InvalidMessageException(field + " contains ':', which ends a name in 'name: text'");
        }
        if (key(trimmed).isBlank()) {
            throw new InvalidMessageException(field + " is blank");
        }
        return trimmed;
    }

    /** What two names are compared by; defined for any string, checked or not. */
    public static String key(String name) {
        String folded = Normalizer.normalize(name.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(folded, Normalizer.Form.NFKC).replaceAll("\\s+", " ").strip();
    }

    private static final List<Set<UnicodeScript>> WRITTEN_TOGETHER = List.of(
            EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.HIRAGANA, UnicodeScript.KATAKANA),
            EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.BOPOMOFO),
            EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.HANGUL));

    /** The scripts a name mixes, as words ("Latin and Cyrillic"), or null when it keeps to one (or a usual mix). */
    static String mixedScripts(String name) {
        Set<UnicodeScript> scripts = EnumSet.noneOf(UnicodeScript.class);
        name.codePoints().forEach(c -> {
            UnicodeScript script = UnicodeScript.of(c);
            if (script != UnicodeScript.COMMON && script != UnicodeScript.INHERITED
                    && script != UnicodeScript.UNKNOWN) {
                scripts.add(script);
            }
        });
        if (scripts.size() <= 1 || WRITTEN_TOGETHER.stream().anyMatch(usual -> usual.containsAll(scripts))) {
            return null;
        }
        List<String> words = scripts.stream().map(s -> {
            String lower = s.name().toLowerCase(Locale.ROOT).replace('_', ' ');
            return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
        }).toList();
        return String.join(", ", words.subList(0, words.size() - 1)) + " and " + words.get(words.size() - 1);
    }

    private static String refusal(int c) {
        int type = Character.getType(c);
        if (type == Character.FORMAT) {
            return "an invisible or direction-changing character";
        }
        if (type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
            return "a line break";
        }
        if (Character.isWhitespace(c) && c != ' ' || c == 0x00A0 || c == 0x2007 || c == 0x202F) {
            return "a space other than the plain one";
        }
        return switch (c) {
            case 0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, 0x180E, 0x17B4, 0x17B5, 0x034F -> "a blank filler character";
            default -> null;
        };
    }
}
