package dev.hubbub.chat;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sentence a person reads (why the server refused something, what the host did), named by its key in Hubbub's
 * catalogs with the values it is filled with: said in the reader's language where it is answered (the server's
 * Catalog), in English here. A value may be a sentence itself, said in the same language.
 *
 * <p>The catalogs are one JSON file per language, {@value #CATALOGS}{@code en.json} and so on, in this module so
 * that every part of Hubbub reads the same ones: the page fetches them, the app and the server read them as
 * resource bundles, and this class reads English.
 */
public final class Sentence {
    /** Where the catalogs are on the class path. */
    public static final String CATALOGS = "hubbub-i18n/i18n/";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z0-9]+)\\}");
    private static volatile Map<String, String> english;

    private final String key;
    private final Object[] namesAndValues;

    private Sentence(String key, Object[] namesAndValues) {
        this.key = key;
        this.namesAndValues = namesAndValues;
    }

    /** The sentence {@code key}, with its {@code {name}}s filled from pairs of name and value. */
    public static Sentence of(String key, Object... namesAndValues) {
        return new Sentence(key, namesAndValues.clone());
    }

    public String key() {
        return key;
    }

    /**
     * A short English phrase the code names a thing by ("room name", "a status's emoji"), as the catalogs' word for it:
     * the sentence whose English (under a key {@code word.…}) is that phrase, said in each reader's language; the
     * phrase itself when the catalogs have no word for it.
     */
    public static Object word(String english) {
        for (Map.Entry<String, String> entry : englishCatalog().entrySet()) {
            if (entry.getKey().startsWith("word.") && entry.getValue().equals(english)) {
                return of(entry.getKey());
            }
        }
        return english;
    }

    /**
     * As JSON, {@code {"key":"…","values":{"name":"Ann"}}} (a value that is a sentence, the same shape): how a notice
     * travels to the clients, which say it in their reader's language, and how it is kept in the log.
     */
    @JsonValue
    public Map<String, Object> json() {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            values.put(String.valueOf(namesAndValues[i]), value instanceof Sentence sentence ? sentence.json()
                    : value instanceof Number ? value : String.valueOf(value));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("key", key);
        if (!values.isEmpty()) {
            json.put("values", values);
        }
        return json;
    }

    /** A sentence from its JSON ({@link #json}). */
    @JsonCreator
    @SuppressWarnings("unchecked")
    public static Sentence fromJson(Map<String, Object> json) {
        Object key = json.get("key");
        if (!(key instanceof String name) || name.isEmpty()) {
            throw new InvalidMessageException("a sentence needs its key");
        }
        java.util.List<Object> pairs = new java.util.ArrayList<>();
        if (json.get("values") instanceof Map<?, ?> values) {
            values.forEach((k, v) -> {
                pairs.add(String.valueOf(k));
                pairs.add(v instanceof Map<?, ?> inner && inner.get("key") instanceof String
                        ? fromJson((Map<String, Object>) inner) : v);
            });
        }
        return new Sentence(name, pairs.toArray());
    }

    /** The sentence a notice's text holds, when it was kept as one ({@link #json}); empty for a plain line. */
    @SuppressWarnings("unchecked")
    public static java.util.Optional<Sentence> inNotice(String text) {
        if (text == null || !text.startsWith("{\"key\":")) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(fromJson(ChatJson.mapper().readValue(text, Map.class)));
        } catch (IOException | RuntimeException notOne) {
            return java.util.Optional.empty();
        }
    }

    /**
     * Says this sentence from {@code template} (its words in some language), each value shown by {@code show}
     * (which says a value that is a sentence in the same language).
     */
    public String fill(String template, BiFunction<String, Object, String> show) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder filled = new StringBuilder(template.length() + 32);
        while (matcher.find()) {
            String name = matcher.group(1);
            int at = indexOf(name);
            matcher.appendReplacement(filled, Matcher.quoteReplacement(at < 0 ? matcher.group()
                    : show.apply(name, namesAndValues[at + 1])));
        }
        matcher.appendTail(filled);
        return filled.toString();
    }

    /** The value named {@code name}, or null when it has none. */
    public Object value(String name) {
        int at = indexOf(name);
        return at < 0 ? null : namesAndValues[at + 1];
    }

    private int indexOf(String name) {
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (name.equals(namesAndValues[i])) {
                return i;
            }
        }
        return -1;
    }

    /** In English (logs, exceptions' messages, and the clients that read no catalog). */
    public String english() {
        String template = englishCatalog().get(key);
        if (template == null) {
            // A sentence with a count: English's two forms.
            Object count = value("count");
            template = englishCatalog().get(key + (count instanceof Number n && n.longValue() == 1 ? ".one" : ".other"));
        }
        return template == null ? key : fill(template, (name, value) -> value instanceof Sentence sentence
                ? sentence.english() : String.valueOf(value));
    }

    @Override
    public String toString() {
        return english();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Sentence that && key.equals(that.key)
                && Arrays.equals(namesAndValues, that.namesAndValues);
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + Arrays.hashCode(namesAndValues);
    }

    private static Map<String, String> englishCatalog() {
        Map<String, String> words = english;
        if (words == null) {
            words = new HashMap<>();
            try (InputStream in = Sentence.class.getClassLoader().getResourceAsStream(CATALOGS + "en.json")) {
                if (in == null) {
                    throw new IllegalStateException("no " + CATALOGS + "en.json on the class path");
                }
                JsonNode json = ChatJson.mapper().readTree(in);
                Map<String, String> read = words;
                json.fields().forEachRemaining(entry -> read.put(entry.getKey(), entry.getValue().asText()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            english = words;
        }
        return words;
    }
}
