package dev.hubbub.desktop;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/** What the app remembers between runs: the name and the last room, in {@code desktop.properties}. */
public final class Settings {
    private static final String NAME = "name";
    private static final String LAST_SERVER = "lastServer";

    private final PropertiesFile file;
    private final Properties values;

    public Settings(Path configDir) {
        this.file = new PropertiesFile(configDir.resolve("desktop.properties"), "Hubbub desktop");
        this.values = file.load();
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
        file.save(values);
    }
}
