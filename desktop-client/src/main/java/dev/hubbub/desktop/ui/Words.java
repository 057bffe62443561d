package dev.hubbub.desktop.ui;

import dev.hubbub.server.text.Catalog;
import java.util.Locale;
import javafx.geometry.NodeOrientation;

/**
 * The app's words in the language it speaks: the one chosen in the app (kept in its settings), else the system's if
 * Hubbub has it, else English. They come from Hubbub's catalogs (the page's, {@link Catalog}), so the app and the page
 * say the same thing the same way. Chosen once, at start: a new choice is taken the next time the app opens.
 */
public final class Words {
    private static volatile Catalog catalog = Catalog.of(Locale.getDefault());
    /** The time and date formats of the language, made once per choice: every message cell drawn asks for them. */
    private static volatile java.time.format.DateTimeFormatter time = timeFormat(locale());
    private static volatile java.time.format.DateTimeFormatter day = dayFormat(locale());

    private Words() {
    }

    /** Speaks {@code language} from now on (views made after this). */
    public static void use(Locale language) {
        catalog = Catalog.of(language);
        time = timeFormat(locale());
        day = dayFormat(locale());
    }

    public static Catalog catalog() {
        return catalog;
    }

    /** The words for {@code key}, with {@code {name}}s filled from pairs of name and value. */
    public static String t(String key, Object... namesAndValues) {
        return catalog.t(key, namesAndValues);
    }

    /** The words for {@code key} with a count, in the plural form the language uses for it. */
    public static String tn(String key, long count, Object... namesAndValues) {
        return catalog.tn(key, count, namesAndValues);
    }

    /** The locale dates and numbers are written in. */
    public static Locale locale() {
        Locale locale = catalog.locale();
        return Catalog.PSEUDO.equals(locale) ? Locale.ENGLISH : locale;
    }

    /** A short time of day ("14:05", "2:05 PM"), in the app's language and the system's time zone. */
    public static java.time.format.DateTimeFormatter time() {
        return time;
    }

    /** A whole date ("Thursday, 3 December 2026"), in the app's language. */
    public static java.time.format.DateTimeFormatter day() {
        return day;
    }

    private static java.time.format.DateTimeFormatter timeFormat(Locale locale) {
        return java.time.format.DateTimeFormatter.ofLocalizedTime(java.time.format.FormatStyle.SHORT)
                .withLocale(locale).withZone(java.time.ZoneId.systemDefault());
    }

    private static java.time.format.DateTimeFormatter dayFormat(Locale locale) {
        return java.time.format.DateTimeFormatter.ofLocalizedDate(java.time.format.FormatStyle.FULL)
                .withLocale(locale).withZone(java.time.ZoneId.systemDefault());
    }

    /** Names joined as the language joins them ("Ann, Bob and Cy"). */
    public static String joinNames(java.util.List<String> names) {
        if (names.size() <= 1) {
            return String.join("", names);
        }
        return t("app.list", "first", String.join(", ", names.subList(0, names.size() - 1)),
                "last", names.get(names.size() - 1));
    }

    /** Right to left for Arabic: the whole window mirrors. */
    public static NodeOrientation orientation() {
        return catalog.rightToLeft() ? NodeOrientation.RIGHT_TO_LEFT : NodeOrientation.LEFT_TO_RIGHT;
    }
}
