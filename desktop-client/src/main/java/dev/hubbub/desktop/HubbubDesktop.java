package dev.hubbub.desktop;

import dev.hubbub.desktop.net.KnownCertificates;
import dev.hubbub.desktop.net.TrustOnFirstUse;
import dev.hubbub.desktop.ui.AppController;
import dev.hubbub.desktop.ui.UiQueue;
import java.time.Duration;
import java.util.Objects;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import okhttp3.OkHttpClient;

/**
 * The JavaFX application. {@link Main} launches it with the command line's {@link DesktopConfig}; tests construct
 * it with their own.
 */
public final class HubbubDesktop extends Application {
    private static volatile DesktopConfig launchConfig;

    private final DesktopConfig config;
    private AppController controller;
    private OkHttpClient http;

    /** For {@link Application#launch}: takes the configuration {@link #launch(DesktopConfig)} left. */
    public HubbubDesktop() {
        this(Objects.requireNonNull(launchConfig, "launch through HubbubDesktop.launch(config)"));
    }

    public HubbubDesktop(DesktopConfig config) {
        this.config = config;
    }

    /** Opens the window and returns when it is closed. */
    public static void launch(DesktopConfig config) {
        launchConfig = config;
        Application.launch(HubbubDesktop.class);
    }

    @Override
    public void start(Stage stage) {
        // Keep-alives come every 15 s: a stream silent for 45 s is dead, and the connection starts over.
        KnownCertificates known = new KnownCertificates(config.configDir());
        Settings settings = new Settings(config.configDir());
        // The language is chosen before any view is made: --language, else the one chosen in the app, else the system's.
        dev.hubbub.desktop.ui.Words.use(java.util.Locale.forLanguageTag(config.language() != null ? config.language()
                : settings.language().orElse(java.util.Locale.getDefault().toLanguageTag())));
        String language = dev.hubbub.desktop.ui.Words.locale().toLanguageTag();
        // The server says why it refused something in the app's language.
        http = new TrustOnFirstUse(known).applyTo(new OkHttpClient.Builder()).connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(45))
                .addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
                        .header("Accept-Language", language).build()))
                .build();
        controller = new AppController(stage, config, settings, http,
                new UiQueue(Platform::runLater), url -> getHostServices().showDocument(url), known);
        Application.setUserAgentStylesheet(config.theme().userAgentStylesheet());
        Scene scene = new Scene(controller.root(), 980, 680);
        scene.setNodeOrientation(dev.hubbub.desktop.ui.Words.orientation()); // Arabic: right to left
        scene.getStylesheets().add(Objects.requireNonNull(
                HubbubDesktop.class.getResource("ui/hubbub.css")).toExternalForm());
        stage.setScene(scene);
        for (String icon : new String[] {"ui/icon-64.png", "ui/icon-256.png"}) {
            stage.getIcons().add(new Image(Objects.requireNonNull(
                    HubbubDesktop.class.getResource(icon)).toExternalForm()));
        }
        stage.setMinWidth(520);
        stage.setMinHeight(400);
        controller.begin();
        stage.show();
    }

    @Override
    public void stop() {
        if (controller != null) {
            controller.close();
        }
        if (http != null) {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }
}
