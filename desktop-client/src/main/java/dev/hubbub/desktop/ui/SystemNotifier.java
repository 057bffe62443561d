package dev.hubbub.desktop.ui;

import java.awt.GraphicsEnvironment;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system's notification area, through AWT's {@link SystemTray}: a Hubbub icon there, and each notification as its
 * message (clicking it brings the window to the message). JavaFX has no notification API of its own; AWT's is the
 * one Java has on Windows, macOS and the Linux desktops that keep a tray. Where there is none (no display, or a
 * desktop without a tray), {@link #create} says so and the window shows notifications itself.
 */
final class SystemNotifier implements Notifications.Notifier {
    private static final Logger LOG = LoggerFactory.getLogger(SystemNotifier.class);

    private final TrayIcon icon;
    private volatile Notifications.Alert last;

    private SystemNotifier(TrayIcon icon) {
        this.icon = icon;
    }

    /**
     * The tray's notifier, if this desktop has a tray.
     *
     * @param open what clicking a notification does (on the FX thread)
     */
    static Optional<SystemNotifier> create(Consumer<Notifications.Alert> open) {
        try {
            if (GraphicsEnvironment.isHeadless() || !SystemTray.isSupported()) {
                return Optional.empty();
            }
            java.awt.Image image = javax.imageio.ImageIO.read(SystemNotifier.class.getResource("icon-64.png"));
            TrayIcon icon = new TrayIcon(image, "Hubbub");
            icon.setImageAutoSize(true);
            SystemNotifier notifier = new SystemNotifier(icon);
            icon.addActionListener(e -> {
                Notifications.Alert clicked = notifier.last;
                if (clicked != null) {
                    Platform.runLater(() -> open.accept(clicked));
                }
            });
            SystemTray.getSystemTray().add(icon);
            return Optional.of(notifier);
        } catch (Exception | Error e) {
            // No tray after all (AWT cannot reach the display, or the desktop refuses icons): the window shows them.
            LOG.info("no system notification area: {}", e.toString());
            return Optional.empty();
        }
    }

    @Override
    public void show(Notifications.Alert alert) {
        last = alert;
        java.awt.EventQueue.invokeLater(() -> icon.displayMessage(alert.title(), alert.body(),
                TrayIcon.MessageType.NONE));
    }

    /** Takes the icon out of the tray. */
    void close() {
        java.awt.EventQueue.invokeLater(() -> SystemTray.getSystemTray().remove(icon));
    }
}
