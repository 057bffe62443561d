package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.Words.t;

import dev.hubbub.chat.Api;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;

/**
 * The people directory, as the page's: everyone who holds a name on the server, online or not, with their status,
 * searched by name (the server searches, accents aside), a hundred at a time ("More"); choosing someone opens the
 * conversation with them. FX thread only.
 */
final class PeopleDirectory {
    private final Session session;
    private final Dialog<Void> dialog = new Dialog<>();
    private final TextField search = new TextField();
    private final ListView<Api.Someone> people = new ListView<>();
    private final Button more = new Button(t("people.more"));
    private final Label problem = new Label();

    PeopleDirectory(Session session) {
        this.session = session;
        search.setId("people-search");
        search.setPromptText(t("people.placeholder"));
        search.textProperty().addListener((o, old, now) -> load(false));
        people.setId("people-list");
        people.setAccessibleText(t("people.list"));
        people.setPrefSize(380, 360);
        people.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(Api.Someone person, boolean empty) {
                super.updateItem(person, empty);
                if (empty || person == null) {
                    setText(null);
                    setGraphic(null);
                    setAccessibleText(null);
                    return;
                }
                // Someone online is described as everywhere else; someone offline by the words of their status.
                String own = person.status() == null ? "" : java.util.stream.Stream.of(person.status().emoji(),
                        person.status().text()).filter(java.util.Objects::nonNull)
                        .collect(java.util.stream.Collectors.joining(" "));
                String words = person.online() ? session.people().describe(person.name(), java.time.Instant.now())
                        : own.isEmpty() ? t("status.offline") : t("status.offline") + " · " + own;
                setText(person.name() + (words.isEmpty() ? "" : "  —  " + words));
                setAccessibleText(person.name() + ", " + (words.isEmpty() ? t("status.active") : words));
            }
        });
        people.setOnMouseClicked(e -> open(people.getSelectionModel().getSelectedItem()));
        people.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER) {
                open(people.getSelectionModel().getSelectedItem());
            }
        });
        more.setId("people-more");
        more.managedProperty().bind(more.visibleProperty());
        more.setVisible(false);
        more.setOnAction(e -> load(true));
        problem.getStyleClass().add("problem");
        VBox box = new VBox(8, search, people, more, problem);
        box.setPadding(new Insets(4));
        dialog.setTitle(t("people.everyone"));
        dialog.setHeaderText(t("app.people.everyoneTitle"));
        dialog.getDialogPane().setNodeOrientation(Words.orientation());
        dialog.getDialogPane().setId("people-dialog");
        dialog.getDialogPane().setContent(box);
        dialog.getDialogPane().getButtonTypes().add(Dialogs.close());
    }

    void show(Node owner) {
        if (owner.getScene() != null) {
            dialog.initOwner(owner.getScene().getWindow());
        }
        load(false);
        dialog.show();
        search.requestFocus();
    }

    private void open(Api.Someone person) {
        if (person != null && !person.name().equalsIgnoreCase(session.name())) {
            dialog.close();
            session.writeTo(person.name());
        }
    }

    private void load(boolean next) {
        String asked = search.getText();
        String after = next && !people.getItems().isEmpty()
                ? people.getItems().get(people.getItems().size() - 1).name() : null;
        session.people(asked, after, (page, reason) -> {
            if (!asked.equals(search.getText())) {
                return;
            }
            problem.setText(reason == null ? "" : reason);
            if (page != null) {
                if (next) {
                    people.getItems().addAll(page.people());
                } else {
                    people.getItems().setAll(page.people());
                }
                more.setVisible(page.more());
            }
        });
    }
}
