package dev.hubbub.server;

import java.nio.file.Path;
import java.util.Locale;

/** Where Hubbub keeps a user's files, by each platform's convention. */
public final class UserDirectories {
    private UserDirectories() {
    }

    /**
     * Data (the message database of a hosted room): {@code $XDG_DATA_HOME/hubbub} or {@code ~/.local/share/hubbub}
     * on Linux, {@code ~/Library/Application Support/Hubbub} on macOS, {@code %APPDATA%\Hubbub} on Windows.
     */
    public static Path data() {
        return choose("XDG_DATA_HOME", Path.of(".local", "share"), "Application Support");
    }

    /**
     * Settings: {@code $XDG_CONFIG_HOME/hubbub} or {@code ~/.config/hubbub} on Linux,
     * {@code ~/Library/Preferences/Hubbub} on macOS, {@code %APPDATA%\Hubbub} on Windows.
     */
    public static Path config() {
        return choose("XDG_CONFIG_HOME", Path.of(".config"), "Preferences");
    }

    private static Path choose(String xdgVariable, Path xdgDefault, String macFolder) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path home = Path.of(System.getProperty("user.home"));
        if (os.contains("win")) {
            String appData = System.getenv("APPDATA");
            return (appData == null ? home.resolve("AppData").resolve("Roaming") : Path.of(appData)).resolve("Hubbub");
        }
        if (os.contains("mac")) {
            return home.resolve("Library").resolve(macFolder).resolve("Hubbub");
        }
        String xdg = System.getenv(xdgVariable);
        return (xdg == null || xdg.isBlank() ? home.resolve(xdgDefault) : Path.of(xdg)).resolve("hubbub");
    }
}
