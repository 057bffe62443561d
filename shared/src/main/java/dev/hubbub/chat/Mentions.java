package dev.hubbub.chat;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who a text mentions: {@code @Name} for any of the names given (compared as names are, {@link Names#key}; the
 * longest name that fits wins, so "@Ann Marie" is Ann Marie when both Ann and Ann Marie exist), and
 * {@code @room} (or {@code @here}, {@code @everyone}) for everyone in the conversation. A mention starts at the text's
 * start or after a character that is not a letter or digit, and ends before one that is not a letter or digit.
 */
public final class Mentions {
    /** The words that mention everyone in the conversation. */
    public static final Set<String> EVERYONE = Set.of("room", "here", "everyone");

    /**
     * @param names the people who may be mentioned, as each spells their name
     * @param room whether everyone in the conversation is mentioned
     */
    public record Found(List<String> names, boolean room) {
        public static final Found NONE = new Found(List.of(), false);
    }

    private Mentions() {
    }

    public static Found in(String text, Collection<String> names) {
        return in(text, () -> names);
    }

    /** The same, asking for the names only when the text has an {@code @} at all (most texts have none). */
    public static Found in(String text, java.util.function.Supplier<? extends Collection<String>> names) {
        if (text == null || text.indexOf('@') < 0) {
            return Found.NONE;
        }
        // Each name by its key, and the lengths names have, longest first: at each '@' the text is looked up once
        // per length (a name is at most Names.MAX_LENGTH characters), so the work follows the text, not the number
        // of '@' times the number of names.
        Map<String, String> byKey = new HashMap<>();
        java.util.TreeSet<Integer> lengths = new java.util.TreeSet<>(Comparator.reverseOrder());
        for (String name : names.get()) {
            byKey.putIfAbsent(Names.key(name), name);
            lengths.add(name.length());
        }
        Set<String> found = new LinkedHashSet<>();
        boolean room = false;
        for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
            if (at > 0 && Character.isLetterOrDigit(text.codePointBefore(at))) {
                continue; // an e-mail address, not a mention
            }
            int start = at + 1;
            String matched = null;
            for (int length : lengths) {
                int end = start + length;
                if (end <= text.length() && endsWord(text, end)) {
                    matched = byKey.get(Names.key(text.substring(start, end)));
                    if (matched != null) {
                        break;
                    }
                }
            }
            if (matched != null) {
                found.add(matched);
                continue;
            }
            for (String word : EVERYONE) {
                int end = start + word.length();
                if (end <= text.length() && endsWord(text, end)
                        && text.substring(start, end).toLowerCase(Locale.ROOT).equals(word)) {
                    room = true;
                }
            }
        }
        return found.isEmpty() && !room ? Found.NONE : new Found(List.copyOf(found), room);
    }

    private static boolean endsWord(String text, int end) {
        return end == text.length() || !Character.isLetterOrDigit(text.codePointAt(end));
    }
}
