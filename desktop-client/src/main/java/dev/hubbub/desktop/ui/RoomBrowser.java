package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.Words.t;
import static dev.hubbub.desktop.ui.Words.tn;

import dev.hubbub.chat.Api;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The room browser, as the page's: every room with its topic and how many are in it, searched by name or topic
 * (the server searches, accents aside), each with Join or Leave; choosing a room's name shows it. FX thread only.
 */
final class RoomBrowser {
    private final Session session;
    private final Dialog<Void> dialog = new Dialog<>();
    private final TextField search = new TextField();
    private final ListView<Api.RoomEntry> rooms = new ListView<>();
    private final Label problem = new Label();

    RoomBrowser(Session session) {
        this.session = session;
        search.setId("browse-search");
        search.setPromptText(t("browse.placeholder"));
        search.textProperty().addListener((o, old, now) -> load());
        rooms.setId("browse-list");
        rooms.setAccessibleText(t("nav.rooms"));
        rooms.setPrefSize(460, 360);
        rooms.setCellFactory(list -> new Entry());
        problem.setId("browse-problem");
        problem.getStyleClass().add("problem");
        VBox box = new VBox(8, search, rooms, problem);
        box.setPadding(new Insets(4));
        dialog.setTitle(t("nav.rooms"));
        dialog.setHeaderText(t("app.browse.header"));
        dialog.getDialogPane().setNodeOrientation(Words.orientation());
        dialog.getDialogPane().setId("browse-dialog");
        dialog.getDialogPane().setContent(box);
        dialog.getDialogPane().getButtonTypes().add(Dialogs.close());
    }

    /** Opens over {@code owner}'s window. */
    void show(Node owner) {
        if (owner.getScene() != null) {
            dialog.initOwner(owner.getScene().getWindow());
        }
        load();
        dialog.show();
        search.requestFocus();
    }

    private void load() {
        String asked = search.getText();
        session.browseRooms(asked, (found, reason) -> {
            if (!asked.equals(search.getText())) {
                return;   // a newer search is on its way
            }
            problem.setText(reason == null ? "" : reason);
            if (found != null) {
                rooms.getItems().setAll(found.rooms());
            }
        });
    }

    /** One room: its name (shows it), members, topic, and Join or Leave. */
    private final class Entry extends ListCell<Api.RoomEntry> {
        private final javafx.scene.control.Hyperlink name = new javafx.scene.control.Hyperlink();
        private final Label members = new Label();
        private final Label topic = new Label();
        private final Button act = new Button();
        private final VBox box;

        Entry() {
            members.getStyleClass().add("hint");
            topic.getStyleClass().add("hint");
            topic.setWrapText(true);
            topic.managedProperty().bind(topic.visibleProperty());
            Region gap = new Region();
            HBox.setHgrow(gap, Priority.ALWAYS);
            HBox head = new HBox(8, name, members, gap, act);
            head.setAlignment(Pos.CENTER_LEFT);
            box = new VBox(2, head, topic);
            setPrefWidth(0);
            name.setOnAction(e -> {
                if (getItem() != null) {
                    dialog.close();
                    session.show(getItem().id());
                }
            });
            act.setOnAction(e -> {
                Api.RoomEntry room = getItem();
                if (room == null) {
                    return;
                }
                java.util.function.Consumer<String> then = reason -> {
                    problem.setText(reason == null ? "" : reason);
                    load();
                };
                if (Boolean.TRUE.equals(room.joined())) {
                    session.leave(room.id(), then);
                } else {
                    session.join(room.id(), null, null, then);
                }
            });
        }

        @Override
        protected void updateItem(Api.RoomEntry room, boolean empty) {
            super.updateItem(room, empty);
            setText(null);
            if (empty || room == null) {
                setGraphic(null);
                setAccessibleText(null);
                return;
            }
            name.setText("# " + room.name() + (room.archived() ? " " + t("rooms.archived") : ""));
            members.setText(tn("rooms.members", room.members()));
            topic.setText(room.topic() == null ? "" : room.topic());
            topic.setVisible(room.topic() != null && !room.topic().isEmpty());
            boolean joined = Boolean.TRUE.equals(room.joined());
            act.setText(joined ? t("rooms.leave") : t("rooms.join"));
            act.setAccessibleText(joined ? t("rooms.leaveRoom", "room", room.name())
                    : t("rooms.joinRoom", "room", room.name()));
            act.setId(joined ? "leave-" + room.id() : "join-" + room.id());
            act.setVisible(!Places.GENERAL.equals(room.id()) && (joined || !room.archived()));
            setAccessibleText("# " + room.name() + ", " + members.getText()
                    + (topic.isVisible() ? ", " + room.topic() : ""));
            setGraphic(box);
        }
    }
}
