package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.Words.t;

import dev.hubbub.desktop.host.HostedRoom;
import java.net.URI;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.image.ImageView;
import javafx.scene.layout.VBox;

/**
 * Shown while this computer hosts the room: where others join, a QR code of it for phones, and whether only those
 * with the link may join (invite-only: the links and the QR code then carry the room's key; "New link" makes the
 * old one stop working).
 */
final class HostPanel {
    private HostPanel() {
    }

    static Node of(HostedRoom room, Session session) {
        VBox panel = new VBox(6);
        panel.setId("host-panel");
        panel.getStyleClass().add("host-panel");
        Label title = new Label(t("app.host.title"));
        title.setWrapText(true);
        title.getStyleClass().add("side-title");
        VBox links = new VBox(6);
        javafx.scene.control.CheckBox inviteOnly = new javafx.scene.control.CheckBox(t("app.host.inviteOnly"));
        inviteOnly.setId("invite-only");
        inviteOnly.setSelected(room.inviteKey().isPresent());
        javafx.scene.control.Hyperlink newLink = new javafx.scene.control.Hyperlink(t("app.host.newLink"));
        newLink.setId("new-link");
        newLink.setTooltip(new javafx.scene.control.Tooltip(t("app.host.newLinkTitle")));
        newLink.visibleProperty().bind(inviteOnly.selectedProperty());
        Runnable show = () -> showLinks(links, room);
        inviteOnly.setOnAction(e -> session.hostRequest(inviteOnly.isSelected() ? "POST" : "DELETE", "/host/key",
                new dev.hubbub.chat.Api.NewKey(false), (answer, reason) -> {
                    if (reason != null) {
                        inviteOnly.setSelected(!inviteOnly.isSelected());
                    }
                    show.run();
                }));
        newLink.setOnAction(e -> session.hostRequest("POST", "/host/key", new dev.hubbub.chat.Api.NewKey(false),
                (answer, reason) -> show.run()));
        panel.getChildren().addAll(title, links, inviteOnly, newLink);
        show.run();
        return panel;
    }

    private static void showLinks(VBox links, HostedRoom room) {
        links.getChildren().clear();
        List<URI> uris = room.joinLinks();
        if (room.lanUris().isEmpty()) {
            links.getChildren().add(new Label(t("app.host.noAddress")));
        }
        for (URI uri : uris) {
            TextField url = new TextField(uri.toString());
            url.setEditable(false);
            url.getStyleClass().add("lan-url");
            links.getChildren().add(url);
        }
        ImageView qr = new ImageView(QrCodes.of(uris.get(0).toString(), 160));
        qr.setId("qr");
        links.getChildren().add(qr);
    }
}
