package dev.hubbub.desktop;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/** What the app remembers between runs: the name and the last room, in {@code desktop.properties}. */
public final class Settings {
    private static final String NAME = "name";
    private static final String LAST_SERVER = "lastServer";

    private final Path file;
    private final Properties values = new Properties();

    public Settings(Path configDir) {
        this.file = configDir.resolve("desktop.properties");
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                values.load(in);
            } catch (IOException e) {
                // Unreadable settings are forgotten settings: the app asks again.
                values.clear();
            }
        }
    }

    public synchronized Optional<String> name() {
        return Optional.ofNullable(values.getProperty(NAME));
    }

    public synchronized Optional<String> lastServer() {
        return Optional.ofNullable(values.getProperty(LAST_SERVER));
    }

    public synchronized void remember(String name, String server) {
        values.setProperty(NAME, name);
        if (server != null) {
            values.setProperty(LAST_SERVER, server);
        }
        try {
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                values.store(out, "Hubbub desktop");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save settings in " + file, e);
        }
    }
}
