package dev.hubbub.server.unicode;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.text.SpoofChecker;
import com.ibm.icu.text.UnicodeSet;
import dev.hubbub.chat.InvalidMessageException;
import dev.hubbub.chat.Sentence;

/**
 * What a few words of one's own that others see beside a name may hold (a status's text, a file's name): any letters,
 * spaces, punctuation and emoji, but nothing that hides or changes how the text around it shows, which would let it
 * pass for something else. Refused: direction controls (after a right-to-left override, {@code report}, the override
 * and {@code fdp.exe} show as {@code reportexe.pdf}), every other invisible or formatting character (zero-width spaces and joiners, variation selectors,
 * tags) but inside one of Unicode's recommended emoji, where a joiner makes 👩‍💻 of 👩 and 💻; U+FFFC and the other
 * specials; private-use and unassigned characters; line breaks; and combining marks outside UTS #39's recommended set
 * (U+0332 underlines a word, U+0358 and U+035C sit beside it), or on no letter. Names follow stricter rules
 * ({@link Lookalikes}). Thread-safe.
 */
public final class FreeText {
    private static final UnicodeSet RGI_EMOJI = new UnicodeSet("[:RGI_Emoji:]").freeze();

    private FreeText() {
    }

    /**
     * The text as given, when it follows the rules.
     *
     * @param field what the sentence calls it, such as {@code "a status's text"} or {@code "the file's name"}
     * @throws InvalidMessageException with a sentence naming the character, for a person to read
     */
    public static String checked(String field, String text) {
        int previous = ' ';
        for (int i = 0; i < text.length(); ) {
            int emojiEnd = RGI_EMOJI.span(text, i, UnicodeSet.SpanCondition.SIMPLE);
            if (emojiEnd > i) {
                previous = text.codePointBefore(emojiEnd);
                i = emojiEnd;
                continue;
            }
            int c = text.codePointAt(i);
            Sentence why = refusal(c, previous);
            if (why != null) {
                throw new InvalidMessageException(Sentence.of("server.containsWhichHidesText", "field",
                        Sentence.word(field), "why", why, "code", String.format("U+%04X", c)));
            }
            previous = c;
            i += Character.charCount(c);
        }
        return text;
    }

    private static Sentence refusal(int c, int previous) {
        Sentence hidden = Lookalikes.hiding(c, previous);
        if (hidden != null) {
            return hidden;
        }
        if (UCharacter.UnicodeBlock.of(c) == UCharacter.UnicodeBlock.SPECIALS) {
            return Sentence.of("server.char.noLook"); // U+FFFC and the like (a name refuses them as not recommended)
        }
        if (Lookalikes.isMark(c) && !SpoofChecker.RECOMMENDED.contains(c)) {
            return Sentence.of("server.char.markNotRecommended");
        }
        return null;
    }
}
