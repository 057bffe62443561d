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
        Set<String> found = new LinkedHashSet<>();
        boolean[] room = {false};
        scan(text, names.get(), true, span -> {
            if (span.everyone()) {
                room[0] = true;
            } else {
                found.add(span.name());
            }
        });
        return found.isEmpty() && !room[0] ? Found.NONE : new Found(List.copyOf(found), room[0]);
    }

    /**
     * Where a mention stands in a text: {@code text.substring(start, end)} is the {@code @} and the word, which
     * names {@code name} (as they spell it), or everyone.
     */
    public record Span(int start, int end, String name, boolean everyone) {
    }

    /**
     * The mentions of {@code found} in a text, where they stand, by the same rule that found them: so a client is
     * shown exactly what was found, and nothing that was not.
     */
    public static List<Span> spans(String text, Found found) {
        if (text == null || text.indexOf('@') < 0 || found.names().isEmpty() && !found.room()) {
            return List.of();
        }
        List<Span> spans = new java.util.ArrayList<>();
        scan(text, found.names(), found.room(), spans::add);
        return spans;
    }

    private static void scan(String text, Collection<String> names, boolean everyone,
                             java.util.function.Consumer<Span> found) {
        // Each name by its key, and the lengths names have, longest first: at each '@' the text is looked up once
        // per length (a name is at most Names.MAX_LENGTH characters), so the work follows the text, not the number
        // of '@' times the number of names.
        Map<String, String> byKey = new HashMap<>();
        java.util.TreeSet<Integer> lengths = new java.util.TreeSet<>(Comparator.reverseOrder());
        for (String name : names) {
            byKey.putIfAbsent(Names.key(name), name);
            lengths.add(name.length());
        }
        for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
            if (at > 0 && Character.isLetterOrDigit(text.codePointBefore(at))) {
                continue; // an e-mail address, not a mention
            }
            int start = at + 1;
            Span span = null;
            for (int length : lengths) {
                int end = start + length;
                if (end <= text.length() && endsWord(text, end)) {
                    String matched = byKey.get(Names.key(text.substring(start, end)));
                    if (matched != null) {
                        span = new Span(at, end, matched, false);
                        break;
                    }
                }
            }
            for (String word : everyone && span == null ? EVERYONE : Set.<String>of()) {
                int end = start + word.length();
                if (end <= text.length() && endsWord(text, end)
                        && text.substring(start, end).toLowerCase(Locale.ROOT).equals(word)) {
                    span = new Span(at, end, null, true);
                }
            }
            if (span != null) {
                found.accept(span);
                at = span.end() - 1;
            }
        }
    }

    private static boolean endsWord(String text, int end) {
        return end == text.length() || !Character.isLetterOrDigit(text.codePointAt(end));
    }
}
