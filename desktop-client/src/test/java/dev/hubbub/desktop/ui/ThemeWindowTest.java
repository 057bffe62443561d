package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.DesktopFixture.onFx;
import static dev.hubbub.desktop.ui.DesktopFixture.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.desktop.DesktopConfig;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import java.util.Map;
import javafx.application.Application;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Text;
import org.junit.jupiter.api.Test;

/** The app on AtlantaFX, light and dark: its own colours follow the theme, and text stays readable on both. */
class ThemeWindowTest extends WindowTest {
    private static double luminance(Color c) {
        return 0.2126 * channel(c.getRed()) + 0.7152 * channel(c.getGreen()) + 0.0722 * channel(c.getBlue());
    }

    private static double channel(double c) {
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static double contrast(Color a, Color b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    /** The bubble's background and its text's colour, once a message is shown. */
    private Color[] bubbleAndText() {
        until(() -> !app.robot.lookup("#messages .bubble").queryAll().isEmpty()
                && !app.robot.lookup("#messages .body-text").queryAll().isEmpty());
        return onFx(() -> {
            Region bubble = (Region) app.robot.lookup("#messages .bubble").query();
            Text text = (Text) app.robot.lookup("#messages .body-text").query();
            return new Color[] {(Color) bubble.getBackground().getFills().get(0).getFill(), (Color) text.getFill()};
        });
    }

    @Test
    void lightAndDarkThemesColourTheWindowAndKeepTextReadable() throws Exception {
        server = RunningServer.start(dir.resolve("room"));
        assertThat(http.post(server.uri("/chat"), Http.JSON, ChatJson.write(Map.of("author", "Bob",
                "text", "readable in both"))).status()).isEqualTo(201);
        String base = server.uri("/").toString();
        for (Theme theme : new Theme[] {Theme.LIGHT, Theme.DARK}) {
            if (app != null) {
                app.close();
            }
            DesktopConfig light = DesktopFixture.config(base, "Ann", dir);
            app = DesktopFixture.start(new DesktopConfig(light.server(), light.name(), light.configDir(),
                    light.dataDir(), 0, theme));
            until(() -> app.statusText().contains("Connected"));
            assertThat(Application.getUserAgentStylesheet()).contains(theme == Theme.DARK ? "primer-dark"
                    : "primer-light");
            Color[] colours = bubbleAndText();
            assertThat(luminance(colours[0])).as(theme + " bubble").isStrictlyBetween(
                    theme == Theme.DARK ? 0.0 : 0.6, theme == Theme.DARK ? 0.1 : 1.01);
            assertThat(contrast(colours[0], colours[1])).as(theme + " text on its bubble").isGreaterThan(4.5);
        }
    }
}
