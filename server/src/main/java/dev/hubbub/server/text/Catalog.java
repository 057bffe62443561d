package dev.hubbub.server.text;

import com.ibm.icu.text.PluralRules;
import com.ibm.icu.util.ULocale;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.Set;

/**
 * The words of one language for Java: the app's, the server's sentences and notices, the {@code hubbub} command's.
 * They come from the same catalogs as the page's (one JSON file per language, {@code web/i18n/en.json}, {@code de.json}
 * …, served to browsers as they are), read as a {@link ResourceBundle} whose parent is English: a word shared by the
 * page and the app is translated once, and reads the same in both. Keys only the app uses start with {@code app.},
 * the server's sentences with {@code server.}, the command's with {@code cli.}.
 *
 * <p>The same model as the page's (i18n.js): {@code {name}} is replaced by a value; a key with a count has one entry per
 * plural category the language uses ({@code key.one}, {@code key.other}; Arabic also zero, two, few, many), chosen by
 * CLDR's rules through ICU4J, as the browser's Intl.PluralRules chooses them for the page. A key a language lacks
 * falls back to English (a test keeps every catalog complete); a key English lacks is shown as itself.
 *
 * <p>{@link #PSEUDO} ("en-XA") is English accented and a third longer, in ⟦ ⟧: a test sees both a word that does not
 * come from a catalog and a label cut off when words are longer.
 */
public final class Catalog {
    /** The languages Hubbub speaks, English first. */
    public static final List<String> LANGUAGES = List.of("en", "de", "fr", "es", "ar");
    /** The pseudo-language for tests. */
    public static final Locale PSEUDO = Locale.forLanguageTag("en-XA");
    private static final Set<String> RIGHT_TO_LEFT = Set.of("ar");

    private final ResourceBundle bundle;
    private final Locale locale;
    private final boolean pseudo;
    private final PluralRules plurals;
    private final NumberFormat numbers;
    /** Numbers in sentences: no grouping (a port, a limit in bytes, an id read as they are written to be typed). */
    private final NumberFormat plainNumbers;

    private Catalog(ResourceBundle bundle, Locale locale, boolean pseudo) {
        this.bundle = bundle;
        this.locale = locale;
        this.pseudo = pseudo;
        this.plurals = pluralRules(locale);
        this.numbers = NumberFormat.getIntegerInstance(locale);
        this.plainNumbers = NumberFormat.getIntegerInstance(locale);
        this.plainNumbers.setGroupingUsed(false);
    }

    private static final java.util.concurrent.ConcurrentMap<Locale, Catalog> LOADED =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Hubbub's words in the language it has that is nearest to {@code wanted}: that language, else English. */
    public static Catalog of(Locale wanted) {
        boolean pseudo = wanted != null && PSEUDO.toLanguageTag().equalsIgnoreCase(wanted.toLanguageTag());
        Locale locale = pseudo ? PSEUDO : supported(wanted);
        return LOADED.computeIfAbsent(locale, l -> new Catalog(ResourceBundle.getBundle(BUNDLE,
                pseudo ? Locale.ENGLISH : l, Catalog.class.getClassLoader(), JsonCatalogs.CONTROL),
                pseudo ? Locale.ENGLISH : l, pseudo));
    }

    /** Where the catalogs are: in the shared module, beside the chat model ({@link dev.hubbub.chat.Sentence}). */
    static final String BUNDLE = dev.hubbub.chat.Sentence.CATALOGS;

    /** The language Hubbub has for {@code wanted}: the same language, else English. */
    public static Locale supported(Locale wanted) {
        String language = wanted == null ? "" : wanted.getLanguage();
        return LANGUAGES.contains(language) ? Locale.forLanguageTag(language) : Locale.ENGLISH;
    }

    /** The first of {@code ranges} (an Accept-Language header, say) that Hubbub speaks; English when none is. */
    public static Locale firstSupported(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return Locale.ENGLISH;
        }
        try {
            List<Locale.LanguageRange> ranges = Locale.LanguageRange.parse(acceptLanguage);
            for (Locale.LanguageRange range : ranges) {
                String language = range.getRange().split("-")[0].toLowerCase(Locale.ROOT);
                if (LANGUAGES.contains(language)) {
                    return Locale.forLanguageTag(language);
                }
            }
        } catch (IllegalArgumentException malformed) {
            // a header no browser sends: English
        }
        return Locale.ENGLISH;
    }

    private static PluralRules pluralRules(Locale locale) {
        try {
            return PluralRules.forLocale(ULocale.forLocale(locale));
        } catch (RuntimeException | Error missingData) {
            // An ICU4J without its plural data (a trimmed installer): English's rule, which is right for English
            // and says "other" for most counts elsewhere.
            return PluralRules.createRules("one: n is 1");
        }
    }

    public Locale locale() {
        return pseudo ? PSEUDO : locale;
    }

    /** Whether this language is written right to left (its layout mirrors). */
    public boolean rightToLeft() {
        return RIGHT_TO_LEFT.contains(locale.getLanguage());
    }

    /** The words as a resource bundle (English for a key this language lacks), for what reads bundles (picocli). */
    public ResourceBundle bundle() {
        return bundle;
    }

    /** Whether the catalog has {@code key} (in this language or in English). */
    public boolean has(String key) {
        return bundle.containsKey(key);
    }

    /** The words for {@code key}, with {@code {name}}s filled from pairs of name and value; the key when it has none. */
    public String t(String key, Object... namesAndValues) {
        String said = words(dev.hubbub.chat.Sentence.of(key, namesAndValues), numbers);
        return said == null ? key : said;
    }

    /** The words for {@code key} with a count: the plural form this language uses for {@code count}. */
    public String tn(String key, long count, Object... namesAndValues) {
        Object[] withCount = new Object[namesAndValues.length + 2];
        withCount[0] = "count";
        withCount[1] = count;
        System.arraycopy(namesAndValues, 0, withCount, 2, namesAndValues.length);
        String said = words(dev.hubbub.chat.Sentence.of(key, withCount), numbers);
        return said == null ? key : said;
    }

    /** A sentence of the catalogs in this language; its values that are sentences too; its English when it has none. */
    public String say(dev.hubbub.chat.Sentence sentence) {
        String said = words(sentence, plainNumbers);
        return said == null ? sentence.english() : said;
    }

    /**
     * What {@code sentence} says here, its numbers written by {@code format} (and its values that are sentences said
     * the same way), or null when the catalogs lack its key. A key with a count and no words of its own is said in the
     * plural form this language uses for the count.
     */
    private String words(dev.hubbub.chat.Sentence sentence, NumberFormat format) {
        String key = sentence.key();
        if (!bundle.containsKey(key) && bundle.containsKey(key + ".other")) {
            Object count = sentence.value("count");
            String form = count instanceof Number n ? plurals.select(n.doubleValue()) : "other";
            key = bundle.containsKey(key + "." + form) ? key + "." + form : key + ".other";
        }
        String template;
        try {
            template = bundle.getString(key);
        } catch (MissingResourceException missing) {
            return null;
        }
        return sentence.fill(pseudo ? pseudo(template) : template, (name, value) ->
                value instanceof dev.hubbub.chat.Sentence inner ? say(inner)
                        : value instanceof Number n && !(value instanceof Double || value instanceof Float)
                        ? format.format(n.longValue()) : String.valueOf(value));
    }

    /** A number as this language writes it. */
    public String number(long n) {
        return numbers.format(n);
    }

    private static final String PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String ACCENTED = "áƀçðéƒĝĥíĵķļɱñóþǫŕšţúṽŵẋýžÁƁÇÐÉƑĜĤÍĴĶĻṀÑÓÞǪŔŠŢÚṼŴẊÝŽ";

    /** English accented and a third longer, placeholders kept: the page's pseudo-language (i18n.js), for the app. */
    public static String pseudo(String text) {
        StringBuilder out = new StringBuilder(text.length() * 2).append('⟦');
        int letters = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                int end = text.indexOf('}', i);
                if (end > i) {
                    out.append(text, i, end + 1);
                    i = end;
                    continue;
                }
            }
            int at = PLAIN.indexOf(c);
            if (at >= 0) {
                letters++;
                out.appendCodePoint(ACCENTED.codePointAt(ACCENTED.offsetByCodePoints(0, at)));
            } else {
                out.append(c);
            }
        }
        if (letters == 0) {
            return text;
        }
        return out.append(' ').append("~".repeat((letters + 2) / 3)).append('⟧').toString();
    }
}
