package dev.hubbub.server.cli;

import dev.hubbub.server.text.Catalog;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code hubbub} command's words for picocli: the catalogs' keys under {@code cli.} (so picocli's
 * {@code hubbub.serve.port} is {@code cli.hubbub.serve.port}), in the language of the machine ({@code LANG}, or
 * Java's {@code -Duser.language}) if Hubbub has it, else English. Every description and heading of the help comes from
 * here; none is written in the commands' annotations.
 */
public final class CliWords extends ResourceBundle {
    private static final String PREFIX = "cli.";
    private final ResourceBundle catalog;

    private CliWords(ResourceBundle catalog) {
        this.catalog = catalog;
    }

    /** The command's words in {@code language}. */
    public static CliWords in(Locale language) {
        return new CliWords(Catalog.of(language).bundle());
    }

    /** The words of the machine's language. */
    public static CliWords here() {
        return in(Locale.getDefault());
    }

    @Override
    protected Object handleGetObject(String key) {
        return catalog.containsKey(PREFIX + key) ? catalog.getObject(PREFIX + key) : null;
    }

    @Override
    public Enumeration<String> getKeys() {
        return Collections.enumeration(handleKeySet());
    }

    @Override
    protected Set<String> handleKeySet() {
        return catalog.keySet().stream().filter(key -> key.startsWith(PREFIX))
                .map(key -> key.substring(PREFIX.length())).collect(Collectors.toSet());
    }
}
