package dev.hubbub.server.unicode;

import dev.hubbub.chat.Sentence;
import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import com.ibm.icu.text.UnicodeSet;
import dev.hubbub.chat.Draft;
import dev.hubbub.chat.InvalidMessageException;
import dev.hubbub.chat.Names;
import java.util.List;
import java.util.Locale;

/**
 * What a name may be, a person's (claimed or not) or a room's, and when two names would pass for one: Unicode's
 * security mechanisms for identifiers (UTS #39) through ICU4J, rather than a list of bad characters kept by hand.
 *
 * <p>A name may not carry what shows nothing or changes how the text around it shows: default-ignorable code points
 * (zero-width spaces and joiners, direction controls, Hangul fillers, …), variation selectors, formatting, private-use
 * and unassigned characters, line breaks, spaces but the plain one, a combining mark that follows no letter, or
 * (ICU's {@code INVISIBLE} check) the same mark twice. Its letters, marks and digits are those of UTS #39's
 * identifier profile ({@link SpoofChecker#RECOMMENDED}: no small capitals, no U+0332 underline), and beside them it
 * may hold only the plain space, punctuation, mathematical and currency signs and emoji (not U+FFFC, which draws
 * nothing). A mark must make a letter with the letter before it ({@link #makesNoLetter}): beside a Latin, Greek or
 * Cyrillic letter, only as NFC composes the two into one ("e" and U+0301 are "é"). Nor letters of several scripts
 * mixed, beyond the mixes a language writes with: UTS #39's "highly restrictive" level (a Cyrillic "А" among Latin
 * letters makes a second "Аnn"; Latin with Han and kana, or with Hangul, is Japanese or Korean), nor digits of several
 * systems. Nor a {@code :}, which ends the author in a tutorial client's {@code name: text}. These judge a name when it
 * is new (claimed, made, given unsigned): one held already was judged by the rules of its day, and keeps working.
 *
 * <p>Two names are one when their keys ({@link Names#key}: same letters, any case) or any of their
 * {@linkplain #lookalikeKeys lookalike keys} are equal: the confusable skeleton of the name as written, in upper case
 * and in lower case ("Ian" and "lan"; an all-Greek "ΑΝΝ" and "ANN", which is Ann). A claimed name keeps others from
 * claiming, posting or showing as online under any lookalike of it; two rooms cannot have lookalike names.
 * Thread-safe.
 */
public final class Lookalikes {
    /**
     * What a name may hold: letters, marks and digits of the recommended set only; of the rest, the plain space,
     * punctuation, mathematical and currency signs, and what emoji are made of. Frozen.
     */
    private static final UnicodeSet NAME_CHARACTERS = new UnicodeSet(SpoofChecker.RECOMMENDED)
            .addAll(new UnicodeSet("[[\\u0020[:P:][:Sm:][:Sc:][:Extended_Pictographic:][:Emoji_Component:]]"
                    + "-[[:L:][:M:][:N:][:Default_Ignorable_Code_Point:]]]"))
            .freeze();
    /**
     * Highly restrictive (UTS #39 §5.2) within the names' characters, invisible sequences, mixed digit systems.
     * Immutable once built.
     */
    private static final SpoofChecker CHECKER = new SpoofChecker.Builder()
            .setRestrictionLevel(SpoofChecker.RestrictionLevel.HIGHLY_RESTRICTIVE)
            .setAllowedChars(NAME_CHARACTERS)
            .setChecks(SpoofChecker.RESTRICTION_LEVEL | SpoofChecker.INVISIBLE | SpoofChecker.MIXED_NUMBERS)
            .build();
    /** Scripts whose letters with marks are encoded whole ({@link #makesNoLetter}). */
    private static final java.util.Set<Integer> WRITTEN_WHOLE = java.util.Set.of(UScript.LATIN, UScript.GREEK,
            UScript.CYRILLIC);
    private static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();
    private static final Normalizer2 NFC = Normalizer2.getNFCInstance();

    private Lookalikes() {
    }

    /**
     * The name as given, trimmed, when it follows the rules.
     *
     * @param field what the reason calls it, such as {@code "name"} or {@code "room name"}
     * @throws InvalidMessageException with a reason a person can read
     */
    public static String checked(String field, String name) {
        String trimmed = Draft.checkedName(field, name);
        String composed = NFC.normalize(trimmed);
        int previous = ' ';
        int letter = ' ';
        for (int i = 0; i < composed.length(); ) {
            int c = composed.codePointAt(i);
            Sentence why = refusal(c, previous);
            if (why == null && !NAME_CHARACTERS.contains(c)) {
                why = Sentence.of("server.char.notForNames");
            }
            if (why == null && isMark(c) && makesNoLetter(c, letter)) {
                why = Sentence.of("server.char.markMakesNoLetter");
            }
            if (why != null) {
                throw new InvalidMessageException(Sentence.of("server.containsWhichCouldMakeIt", "field", Sentence.word(field), "why", why, "code", String.format("U+%04X", c)));
            }
            previous = c;
            letter = isMark(c) ? letter : c;
            i += Character.charCount(c);
        }
        SpoofChecker.CheckResult result = new SpoofChecker.CheckResult();
        if (CHECKER.failsChecks(trimmed, result)) {
            if ((result.checks & SpoofChecker.MIXED_NUMBERS) != 0) {
                throw new InvalidMessageException(Sentence.of("server.mixesDigitsOfSeveralSystems", "field", Sentence.word(field)));
            }
            if ((result.checks & SpoofChecker.RESTRICTION_LEVEL) != 0) {
                throw new InvalidMessageException(Sentence.of("server.mixesLettersOfSeveralScripts", "field", Sentence.word(field)));
            }
            throw new InvalidMessageException(Sentence.of("server.repeatsAMarkThatShows", "field", Sentence.word(field)));
        }
        if (trimmed.indexOf(':') >= 0) {
            throw new InvalidMessageException(Sentence.of("server.containsWhichEndsAName", "field", Sentence.word(field)));
        }
        if (Names.key(trimmed).isBlank()) {
            throw new InvalidMessageException(Sentence.of("server.isBlank", "field", Sentence.word(field)));
        }
        return trimmed;
    }

    private static Sentence refusal(int c, int previous) {
        Sentence hidden = hiding(c, previous);
        if (hidden != null) {
            return hidden;
        }
        if (UCharacter.hasBinaryProperty(c, UProperty.WHITE_SPACE) && c != ' '
                || UCharacter.getType(c) == UCharacter.SPACE_SEPARATOR && c != ' ') {
            return Sentence.of("server.char.space");
        }
        return null;
    }

    /**
     * Why {@code c} (after {@code previous}) may be in no text a person writes, a name or free text ({@link FreeText}):
     * it changes how other text looks without a look of its own, or has none; null when it may be there.
     */
    static Sentence hiding(int c, int previous) {
        int type = UCharacter.getType(c);
        if (UCharacter.hasBinaryProperty(c, UProperty.VARIATION_SELECTOR)) {
            return Sentence.of("server.char.variationSelector");
        }
        if (UCharacter.hasBinaryProperty(c, UProperty.BIDI_CONTROL)
                || UCharacter.hasBinaryProperty(c, UProperty.DEFAULT_IGNORABLE_CODE_POINT)
                || type == UCharacter.FORMAT) {
            return Sentence.of("server.char.invisible");
        }
        if (type == UCharacter.LINE_SEPARATOR || type == UCharacter.PARAGRAPH_SEPARATOR) {
            return Sentence.of("server.char.lineBreak");
        }
        if (type == UCharacter.PRIVATE_USE || type == UCharacter.UNASSIGNED || type == UCharacter.SURROGATE) {
            return Sentence.of("server.char.noLook");
        }
        if (isMark(c) && !(UCharacter.isLetter(previous) || isMark(previous))) {
            return Sentence.of("server.char.loneMark");
        }
        return null;
    }

    /**
     * Whether a mark that NFC left beside {@code letter} makes no letter of a name with it. Latin, Greek and Cyrillic
     * letters that carry a mark in use are encoded whole, so NFC leaves a mark beside one of them only when the two
     * make no recommended letter (an underline, a dot below a "c"); in other scripts a mark belongs to its letter when
     * Unicode counts it as of the letter's script (a Devanagari vowel sign, an Arabic vowel mark).
     */
    private static boolean makesNoLetter(int mark, int letter) {
        int script = UScript.getScript(letter);
        return WRITTEN_WHOLE.contains(script) || !UScript.hasScript(mark, script);
    }

    static boolean isMark(int c) {
        int type = UCharacter.getType(c);
        return type == UCharacter.NON_SPACING_MARK || type == UCharacter.ENCLOSING_MARK
                || type == UCharacter.COMBINING_SPACING_MARK;
    }

    /**
     * The keys two lookalike names share at least one of: UTS #39 confusable skeletons of the name (after NFKC) as
     * written, in upper case and in lower case, each marked with which it is.
     */
    public static List<String> lookalikeKeys(String name) {
        String normalized = NFKC.normalize(name.strip()).replaceAll("\\s+", " ");
        return List.of("as-is " + CHECKER.getSkeleton(normalized),
                "upper " + CHECKER.getSkeleton(UCharacter.toUpperCase(Locale.ROOT, normalized)),
                "lower " + CHECKER.getSkeleton(UCharacter.toLowerCase(Locale.ROOT, normalized)));
    }
}
