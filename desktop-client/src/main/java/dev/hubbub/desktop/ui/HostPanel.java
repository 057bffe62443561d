package dev.hubbub.desktop.ui;

import dev.hubbub.desktop.host.HostedRoom;
import java.net.URI;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.image.ImageView;
import javafx.scene.layout.VBox;

/** Shown while this computer hosts the room: where others join, and a QR code of it for phones. */
final class HostPanel {
    private HostPanel() {
    }

    static Node of(HostedRoom room) {
        VBox panel = new VBox(6);
        panel.setId("host-panel");
        panel.getStyleClass().add("host-panel");
        Label title = new Label("You are hosting. Others join at:");
        title.setWrapText(true);
        title.getStyleClass().add("side-title");
        panel.getChildren().add(title);
        List<URI> uris = room.lanUris();
        if (uris.isEmpty()) {
            panel.getChildren().add(new Label("(no network address: only this computer can join)"));
            return panel;
        }
        for (URI uri : uris) {
            TextField url = new TextField(uri.toString());
            url.setEditable(false);
            url.getStyleClass().add("lan-url");
            panel.getChildren().add(url);
        }
        ImageView qr = new ImageView(QrCodes.of(uris.get(0).toString(), 160));
        qr.setId("qr");
        panel.getChildren().add(qr);
        return panel;
    }
}
