package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.Words.t;

import dev.hubbub.desktop.net.ConnectionStatus;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The line at the window's foot: the connection's state (and, while offline, why and when the next try is, with a
 * link to try now) and the server's address. FX thread only.
 */
final class StatusBar {
    private final Label status = new Label();
    private final Hyperlink reconnect = new Hyperlink(t("app.reconnect"));
    private final HBox root;

    StatusBar(Session session) {
        status.setId("status");
        reconnect.setId("reconnect");
        reconnect.setOnAction(e -> session.reconnectNow());
        Label address = new Label(session.server().hostAndPort());
        address.getStyleClass().add("address");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        root = new HBox(8, status, reconnect, spacer, address);
        root.setAlignment(Pos.CENTER_LEFT);
        root.getStyleClass().add("status-bar");
        root.setPadding(new Insets(4, 12, 4, 12));
        session.status().addListener((o, old, now) -> show(now));
        show(session.status().get());
    }

    Node root() {
        return root;
    }

    private void show(ConnectionStatus now) {
        status.getStyleClass().removeAll("connected", "connecting", "reconnecting", "closed");
        status.getStyleClass().add(now.state().name().toLowerCase(Locale.ROOT));
        reconnect.setVisible(now.state() == ConnectionStatus.State.RECONNECTING);
        status.setText(switch (now.state()) {
            case CONNECTING -> t("connection.connecting");
            case CONNECTED -> "● " + t("connection.connected");
            case RECONNECTING -> t("app.retrying", "detail", now.detail(),
                    "seconds", Math.max(1, (now.retryIn().toMillis() + 999) / 1000));
            case CLOSED -> t("app.disconnected");
        });
    }
}
