package dev.hubbub.chat;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The rules for a person's name (and a room's), and the key two names are compared by: Unicode compatibility
 * normalization (NFKC), then lower case, with runs of spaces made one. So "Ann", "ANN" and "Ａｎｎ" (full-width) are
 * one name, and whoever holds it holds all its spellings.
 *
 * <p>A name may not carry characters that show nothing or change how text around them is shown (zero-width spaces
 * and joiners, direction overrides, Hangul and Braille fillers and other blank letters): with them "Ann" could be
 * claimed again as a lookalike. Nor a {@code :}, which ends the author in a tutorial client's {@code name: text}.
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
