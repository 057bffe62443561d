package dev.hubbub.server.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubbub.chat.ChatJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

/**
 * Reads the page's JSON catalogs as {@link ResourceBundle}s: {@code web/i18n/de.json} for German, its parent
 * {@code web/i18n/en.json} (English, the root) for any key German lacks. No fallback to the machine's own language:
 * a language Hubbub does not have is English.
 */
final class JsonCatalogs {
    static final ResourceBundle.Control CONTROL = new ResourceBundle.Control() {
        @Override
        public List<String> getFormats(String baseName) {
            return List.of("json");
        }

        @Override
        public List<Locale> getCandidateLocales(String baseName, Locale locale) {
            String language = locale.getLanguage();
            return language.isEmpty() || language.equals("en") ? List.of(Locale.ROOT)
                    : List.of(Locale.forLanguageTag(language), Locale.ROOT);
        }

        @Override
        public Locale getFallbackLocale(String baseName, Locale locale) {
            return null;
        }

        @Override
        public String toBundleName(String baseName, Locale locale) {
            return baseName + (locale.getLanguage().isEmpty() ? "en" : locale.getLanguage());
        }

        @Override
        public ResourceBundle newBundle(String baseName, Locale locale, String format, ClassLoader loader,
                                        boolean reload) throws IOException {
            String name = toBundleName(baseName, locale) + ".json";
            try (InputStream in = loader.getResourceAsStream(name)) {
                if (in == null) {
                    return null;
                }
                JsonNode json = ChatJson.mapper().readTree(in);
                Map<String, Object> words = new HashMap<>();
                json.fields().forEachRemaining(entry -> words.put(entry.getKey(), entry.getValue().asText()));
                return new Words(words);
            }
        }
    };

    private JsonCatalogs() {
    }

    /** One language's words. */
    private static final class Words extends ResourceBundle {
        private final Map<String, Object> words;

        Words(Map<String, Object> words) {
            this.words = words;
        }

        @Override
        protected Object handleGetObject(String key) {
            return words.get(key);
        }

        @Override
        public Enumeration<String> getKeys() {
            java.util.Set<String> keys = new java.util.HashSet<>(words.keySet());
            if (parent != null) {
                keys.addAll(Collections.list(parent.getKeys()));
            }
            return Collections.enumeration(keys);
        }

        @Override
        protected java.util.Set<String> handleKeySet() {
            return words.keySet();
        }
    }
}
