package dev.hubbub.desktop.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The app's look: AtlantaFX's Primer theme, light or dark (a maintained theme instead of JavaFX's Modena), with the
 * app's own stylesheet on top in AtlantaFX's named colours, so both hold. {@link #SYSTEM} follows the desktop's
 * setting where it can be read: GNOME's color-scheme (or a GTK theme named dark) on Linux, AppleInterfaceStyle on
 * macOS, AppsUseLightTheme on Windows; light when it cannot. (JavaFX 21 has no API for it; 22 adds one.)
 */
public enum Theme {
    SYSTEM, LIGHT, DARK;

    /** Whether this theme, here, is dark. Asks the system for {@link #SYSTEM}: call it off the FX thread or once. */
    public boolean isDark() {
        return this == DARK || this == SYSTEM && systemPrefersDark();
    }

    /** The user agent stylesheet to set ({@code Application.setUserAgentStylesheet}). */
    public String userAgentStylesheet() {
        return isDark() ? new atlantafx.base.theme.PrimerDark().getUserAgentStylesheet()
                : new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet();
    }

    /** A theme by name ({@code system}, {@code light}, {@code dark}, any case). */
    public static Theme of(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }

    static boolean systemPrefersDark() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return ask(List.of("defaults", "read", "-g", "AppleInterfaceStyle")).contains("dark");
        }
        if (os.contains("win")) {
            return ask(List.of("reg", "query", "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize",
                    "/v", "AppsUseLightTheme")).matches("(?s).*appsuselighttheme\\s+reg_dword\\s+0x0\\b.*");
        }
        String gtk = System.getenv("GTK_THEME");
        if (gtk != null && gtk.toLowerCase(Locale.ROOT).contains("dark")) {
            return true;
        }
        return ask(List.of("gsettings", "get", "org.gnome.desktop.interface", "color-scheme")).contains("dark")
                || ask(List.of("gsettings", "get", "org.gnome.desktop.interface", "gtk-theme")).contains("dark");
    }

    /** What a command prints, lower case; "" when it is not there, fails or takes more than two seconds. */
    private static String ask(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "";
            }
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
