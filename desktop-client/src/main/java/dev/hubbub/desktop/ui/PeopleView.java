package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.Words.t;

import dev.hubbub.chat.Api;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Who is online, on the window's right: clicking someone (signed in) opens the direct conversation with them; the
 * host's menu on a person mutes, unmutes, removes them or frees their name. The host's own panel, when the app hosts
 * the room, goes above. FX thread only.
 */
final class PeopleView {
    private final Session session;
    private final Consumer<String> tell;
    private final VBox root;

    /**
     * @param tell where a refusal of the host's action is said (null clears it)
     * @param hostPanel the hosting app's panel (address, QR code, invite link); null when it does not host
     */
    PeopleView(Session session, Consumer<String> tell, Node hostPanel) {
        this.session = session;
        this.tell = tell;
        ListView<String> online = new ListView<>(session.people().online());
        online.setId("online");
        online.setAccessibleText(t("people.whoIsOnline"));
        online.setFocusTraversable(true);
        // Each name with its status's mark, and the status in words when pointed at.
        online.setCellFactory(list -> new javafx.scene.control.ListCell<>() {
            private final javafx.scene.control.Tooltip words = new javafx.scene.control.Tooltip();

            @Override
            protected void updateItem(String name, boolean empty) {
                super.updateItem(name, empty);
                if (empty || name == null) {
                    setText(null);
                    setGraphic(null);
                    setTooltip(null);
                    return;
                }
                setText(name);
                setGraphic(StatusView.mark(session.people(), name, false));
                String said = session.people().describe(name, java.time.Instant.now());
                words.setText(said.isEmpty() ? t("status.active") : said);
                setTooltip(words);
                setAccessibleText(said.isEmpty() ? name : name + ", " + said);
            }
        });
        session.people().statusChanges().addListener((o, was, now) -> online.refresh());
        if (session.signedIn()) {
            online.setTooltip(new Tooltip(t("app.people.click")));
            online.setOnMouseClicked(e -> {
                String person = online.getSelectionModel().getSelectedItem();
                if (person != null && !person.equalsIgnoreCase(session.name())) {
                    session.writeTo(person);
                }
            });
        }
        online.setContextMenu(personMenu(online));
        Label title = new Label();
        title.textProperty().bind(Bindings.createStringBinding(() -> t("app.people.online", "count",
                session.people().online().size()), session.people().online()));
        title.getStyleClass().add("side-title");
        root = new VBox(6, title, online);
        VBox.setVgrow(online, Priority.ALWAYS);
        if (session.signedIn()) {
            javafx.scene.control.Hyperlink everyone = new javafx.scene.control.Hyperlink(t("people.everyone") + "…");
            everyone.setId("everyone");
            everyone.setTooltip(new Tooltip(t("app.people.everyoneTitle")));
            everyone.setOnAction(e -> new PeopleDirectory(session).show(root));
            root.getChildren().add(everyone);
        }
        javafx.scene.control.Hyperlink console = new javafx.scene.control.Hyperlink(t("console.open"));
        console.setId("host-console");
        console.visibleProperty().bind(session.host());
        console.managedProperty().bind(console.visibleProperty());
        console.setOnAction(e -> new HostConsole(session).show(root));
        root.getChildren().add(console);
        if (hostPanel != null) {
            root.getChildren().add(0, hostPanel);
        }
        root.setPadding(new Insets(8));
        root.setMinWidth(180);
    }

    Node root() {
        return root;
    }

    /**
     * The host's menu on a person in the online list: mute for a time, unmute, remove from the room, free the name.
     * For everyone else, one line saying only the host can act on people.
     */
    private ContextMenu personMenu(ListView<String> online) {
        // Filled in as it opens, for the person then selected (a menu with no items would not open at all).
        ContextMenu menu = new ContextMenu(new MenuItem("…"));
        BiFunction<String, Runnable, MenuItem> item = (text, action) -> {
            MenuItem entry = new MenuItem(text);
            entry.setOnAction(e -> action.run());
            return entry;
        };
        menu.setOnShowing(e -> {
            String person = online.getSelectionModel().getSelectedItem();
            menu.getItems().clear();
            if (!session.host().get() || person == null || person.equalsIgnoreCase(session.name())) {
                menu.getItems().add(new MenuItem(t("app.people.onlyHost")));
                menu.getItems().get(0).setDisable(true);
                return;
            }
            for (int minutes : new int[] {10, 60, 24 * 60}) {
                String label = minutes == 10 ? t("app.people.mute10", "name", person)
                        : minutes == 60 ? t("app.people.mute60", "name", person) : t("app.people.mute1440", "name", person);
                MenuItem mute = item.apply(label, () ->
                        host("/host/mute", new Api.Mute(person, minutes)));
                mute.setId("mute-" + minutes);
                menu.getItems().add(mute);
            }
            MenuItem unmute = item.apply(t("app.people.unmute", "name", person),
                    () -> host("/host/mute", new Api.Mute(person, 0)));
            unmute.setId("unmute");
            MenuItem remove = item.apply(t("app.people.remove", "name", person), () ->
                    host("/host/remove", new Api.Person(person)));
            remove.setId("remove-person");
            MenuItem free = item.apply(t("app.people.free", "name", person), () -> host("/host/free-name",
                    new Api.Person(person)));
            free.setId("free-name");
            menu.getItems().addAll(unmute, new SeparatorMenuItem(), remove, free);
        });
        return menu;
    }

    /** A host action; its refusal, if any, said where the window says such things. */
    private void host(String path, Object body) {
        session.hostRequest("POST", path, body, (answer, reason) -> tell.accept(reason));
    }
}
