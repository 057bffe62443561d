package dev.hubbub.desktop;

import dev.hubbub.server.UserDirectories;
import java.nio.file.Path;

/**
 * Everything the desktop app is told at start, from {@code hubbub desktop}'s options.
 *
 * @param server a room to join at once (skips the start screen together with {@code name}); null to ask
 * @param name the display name to use; null to use the remembered one or ask
 * @param configDir where the app remembers the name and the last room ({@code desktop.properties})
 * @param dataDir where a room hosted from this app keeps its messages
 * @param hostPort the port a hosted room listens on
 * @param theme light, dark, or as the system is
 * @param language the language the app speaks ("de"); null for the one chosen in the app, else the system's
 */
public record DesktopConfig(String server, String name, Path configDir, Path dataDir, int hostPort,
                            dev.hubbub.desktop.ui.Theme theme, String language) {
    public DesktopConfig(String server, String name, Path configDir, Path dataDir, int hostPort) {
        this(server, name, configDir, dataDir, hostPort, dev.hubbub.desktop.ui.Theme.SYSTEM);
    }

    public DesktopConfig(String server, String name, Path configDir, Path dataDir, int hostPort,
                         dev.hubbub.desktop.ui.Theme theme) {
        this(server, name, configDir, dataDir, hostPort, theme, null);
    }

    /** The per-user settings directory; see {@link UserDirectories#config()}. */
    public static Path defaultConfigDir() {
        return UserDirectories.config();
    }
}
