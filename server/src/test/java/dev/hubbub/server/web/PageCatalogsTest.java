package dev.hubbub.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubbub.chat.ChatJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Hubbub's catalogs (web/i18n/*.json, the page's and, through Catalog, the app's and the server's): every language has
 * every key English has, with the same placeholders and markup; every key the page's HTML and scripts, the server and
 * the app use is in English, and English has no key nothing uses.
 */
class PageCatalogsTest {
    private static final Path WEB = Path.of("src/main/resources/web");
    private static final Path CATALOGS = Path.of("../shared/src/main/resources/" + dev.hubbub.chat.Sentence.CATALOGS);
    private static final Set<String> PLURAL_FORMS = Set.of("zero", "one", "two", "few", "many", "other");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z]+)\\}");
    private static final Pattern TAG = Pattern.compile("<(/?[a-z]+)[^>]*>");
    /** t('key'), tn('key', …); and t('prefix.' + …), which uses every key under the prefix. */
    private static final Pattern CALL = Pattern.compile("\\btn?\\(\\s*'([^']+)'\\s*(\\+)?");
    private static final Pattern HTML_KEY = Pattern.compile("data-i18n(?:-html)?=\"([^\"]+)\"");
    private static final Pattern HTML_ATTRIBUTES = Pattern.compile("data-i18n-attr=\"([^\"]+)\"");
    /** In Java: t("key", …), tn("key", …), Words.t, catalog.t, Sentence.of("key", …); and t("prefix." + …). */
    private static final Pattern JAVA_CALL = Pattern.compile("\\b(?:tn?|Sentence\\.of)\\(\\s*\"([^\"]+)\"\\s*(\\+)?");
    private static final Pattern JAVA_LITERAL = Pattern.compile("\"([^\"\\\\]*)\"");
    private static final Pattern JAVA_STRING = Pattern.compile("\"([a-zA-Z]+(?:\\.[a-zA-Z0-9]+)+)\"");
    private static final List<Path> JAVA = List.of(Path.of("src/main/java"), Path.of("../shared/src/main/java"),
            Path.of("../desktop-client/src/main/java"));

    static Map<String, String> catalog(String language) throws IOException {
        JsonNode json = ChatJson.mapper().readTree(CATALOGS.resolve(language + ".json").toFile());
        Map<String, String> words = new LinkedHashMap<>();
        json.fields().forEachRemaining(entry -> words.put(entry.getKey(), entry.getValue().asText()));
        return words;
    }

    /** The key a plural form belongs to ("rooms.members" for "rooms.members.few"), or the key itself. */
    private static String base(String key) {
        int dot = key.lastIndexOf('.');
        return dot > 0 && PLURAL_FORMS.contains(key.substring(dot + 1)) ? key.substring(0, dot) : key;
    }

    private static Set<String> all(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    @ParameterizedTest
    @ValueSource(strings = {"de", "fr", "es", "ar"})
    void everyLanguageHasEveryKeyOfEnglishWithItsPlaceholdersAndMarkup(String language) throws IOException {
        Map<String, String> english = catalog("en");
        Map<String, String> words = catalog(language);
        assertThat(words.keySet()).as(language + " has every key of English").containsAll(english.keySet());
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> entry : words.entrySet()) {
            String key = entry.getKey();
            String reference = english.containsKey(key) ? english.get(key) : english.get(base(key) + ".other");
            if (reference == null) {
                wrong.add(key + ": English has no such key");
                continue;
            }
            Set<String> placeholders = all(PLACEHOLDER, entry.getValue());
            Set<String> known = all(PLACEHOLDER, reference);
            known.add("count");
            if (!known.containsAll(placeholders)) {
                wrong.add(key + ": placeholders " + placeholders + " where English has " + known);
            }
            if (!all(TAG, entry.getValue()).equals(all(TAG, reference))) {
                wrong.add(key + ": markup " + all(TAG, entry.getValue()) + " where English has " + all(TAG, reference));
            }
            if (entry.getValue().isBlank()) {
                wrong.add(key + ": empty");
            }
        }
        assertThat(wrong).as(language).isEmpty();
    }

    @Test
    void everyKeyThePageUsesIsInEnglishAndEveryEnglishKeyIsUsed() throws IOException {
        Set<String> keys = catalog("en").keySet();
        Set<String> used = new TreeSet<>();
        Set<String> prefixes = new TreeSet<>();
        String html = Files.readString(WEB.resolve("index.html"));
        used.addAll(all(HTML_KEY, html));
        for (String attributes : all(HTML_ATTRIBUTES, html)) {
            for (String pair : attributes.split(";")) {
                used.add(pair.substring(pair.indexOf(':') + 1).trim());
            }
        }
        try (Stream<Path> scripts = Files.list(WEB)) {
            for (Path script : scripts.filter(p -> p.toString().endsWith(".js")).toList()) {
                Matcher call = CALL.matcher(Files.readString(script));
                while (call.find()) {
                    (call.group(2) != null ? prefixes : used).add(call.group(1));
                }
            }
        }
        Set<String> literals = new TreeSet<>();
        Set<String> phrases = new TreeSet<>();
        for (Path root : JAVA) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path java : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String source = Files.readString(java);
                    Matcher call = JAVA_CALL.matcher(source);
                    while (call.find()) {
                        (call.group(2) != null ? prefixes : used).add(call.group(1));
                    }
                    // A key named as a string elsewhere (a table of them, as the app's shortcuts are) is used too.
                    literals.addAll(all(JAVA_STRING, source));
                    phrases.addAll(all(JAVA_LITERAL, source));
                }
            }
        }
        for (String literal : literals) {
            if (keys.contains(literal)) {
                used.add(literal);
            }
        }
        // A word (Sentence.word) is named by its English, as the code writes it ("room name").
        Map<String, String> english = catalog("en");
        english.forEach((key, words) -> {
            if (key.startsWith("word.") && phrases.contains(words)) {
                used.add(key);
            }
        });
        // The command line's help: picocli asks for its words by command and option (cli.hubbub.serve.port).
        used.addAll(commandLineKeys(keys));
        used.addAll(List.of("cli.help", "cli.version"));
        keys.stream().filter(key -> key.startsWith("cli.usage.")).forEach(used::add);
        String desktop = Files.readString(Path.of("../desktop-client/src/main/java/dev/hubbub/desktop/Main.java"));
        for (String option : all(Pattern.compile("names = \"--([a-z-]+)\""), desktop)) {
            used.add("cli.hubbub.desktop." + option);
        }
        keys.stream().filter(key -> key.startsWith("cli.hubbub.desktop.usage.")).forEach(used::add);
        Set<String> missing = new TreeSet<>();
        for (String key : used) {
            if (!keys.contains(key) && !keys.contains(key + ".other")) {
                missing.add(key);
            }
        }
        assertThat(missing).as("keys the page uses that English lacks").isEmpty();
        Set<String> unused = new TreeSet<>();
        for (String key : keys) {
            if (!used.contains(base(key)) && prefixes.stream().noneMatch(key::startsWith)) {
                unused.add(key);
            }
        }
        assertThat(unused).as("English keys nothing uses").isEmpty();
    }

    /** Every command of {@code hubbub} and its subcommands but picocli's own help, depth first. */
    private static List<picocli.CommandLine> commands(picocli.CommandLine line) {
        List<picocli.CommandLine> all = new ArrayList<>(List.of(line));
        line.getSubcommands().forEach((name, sub) -> {
            if (!(sub.getCommand() instanceof picocli.CommandLine.HelpCommand)) {
                all.addAll(commands(sub));
            }
        });
        return all;
    }

    /** The catalog keys picocli reads for the commands' help, each the qualified one or, if absent, the shared one. */
    private static Set<String> commandLineKeys(Set<String> keys) {
        Set<String> found = new TreeSet<>();
        for (picocli.CommandLine line : commands(dev.hubbub.server.cli.Hubbub.commandLine())) {
            picocli.CommandLine.Model.CommandSpec spec = line.getCommandSpec();
            String prefix = "cli." + spec.qualifiedName(".") + ".";
            keys.stream().filter(key -> key.startsWith(prefix + "usage.")).forEach(found::add);
            List<String> names = new ArrayList<>();
            spec.options().forEach(option -> names.add(option.longestName().replaceFirst("^-+", "")));
            spec.positionalParameters().forEach(parameter -> names.add(parameter.descriptionKey()));
            for (String name : names) {
                found.add(keys.contains(prefix + name) ? prefix + name : "cli." + name);
            }
        }
        return found;
    }

    @Test
    void everyCommandAndOptionOfTheCommandLineHasItsWordsInEnglish() throws IOException {
        Set<String> keys = catalog("en").keySet();
        Set<String> missing = new TreeSet<>();
        for (picocli.CommandLine line : commands(dev.hubbub.server.cli.Hubbub.commandLine())) {
            String prefix = "cli." + line.getCommandSpec().qualifiedName(".") + ".";
            if (!keys.contains(prefix + "usage.description") && !keys.contains(prefix + "usage.description.0")) {
                missing.add(prefix + "usage.description");
            }
        }
        for (String key : commandLineKeys(keys)) {
            if (!keys.contains(key)) {
                missing.add(key);
            }
        }
        assertThat(missing).as("the command line's words English lacks").isEmpty();
    }
}
