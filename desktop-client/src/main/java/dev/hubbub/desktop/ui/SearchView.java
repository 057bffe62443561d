package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.Words.t;
import static dev.hubbub.desktop.ui.Words.tn;

import dev.hubbub.chat.ChatMessage;
import java.util.function.Consumer;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import javafx.stage.Popup;

/**
 * The search field in the top bar: Enter searches what the person may read, and the results open below it; choosing
 * one brings it into view in its place. Only for a signed-in person. FX thread only.
 */
final class SearchView {
    private static final double WIDTH = 520;

    private final Session session;
    private final Consumer<String> tell;
    private final TextField search = new TextField();
    private final Popup popup = new Popup();
    private final ListView<ChatMessage> results = new ListView<>();
    private final Label summary = new Label();

    /** @param tell where "that message is no longer kept" is said */
    SearchView(Session session, Consumer<String> tell) {
        this.session = session;
        this.tell = tell;
        search.setId("search");
        search.setPromptText(t("search.placeholder"));
        search.setPrefColumnCount(16);
        search.setDisable(!session.signedIn());
        search.setOnAction(e -> search());
        results.setId("search-results");
        results.setPrefSize(WIDTH, 320);
        results.setCellFactory(list -> new ResultCell());
        results.setOnMouseClicked(e -> open(results.getSelectionModel().getSelectedItem()));
        results.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                open(results.getSelectionModel().getSelectedItem());
            }
        });
        summary.setId("search-summary");
        VBox box = new VBox(4, summary, results);
        box.getStyleClass().add("search-popup");
        box.setPadding(new Insets(8));
        popup.getContent().add(box);
        popup.setAutoHide(true);
    }

    Node root() {
        return search;
    }

    private void search() {
        String words = search.getText().strip();
        if (words.isEmpty()) {
            return;
        }
        summary.setText(t("search.searching"));
        results.getItems().clear();
        if (!popup.isShowing() && search.getScene() != null) {
            Bounds box = search.localToScreen(search.getBoundsInLocal());
            popup.show(search, Math.max(0, box.getMaxX() - WIDTH), box.getMaxY() + 4);
        }
        session.search(words, (found, reason) -> {
            if (found == null) {
                summary.setText(reason);
                return;
            }
            int count = found.results().size();
            summary.setText(count == 0 ? t("search.nothing", "query", words)
                    : found.more() ? tn("search.newest", count, "query", words)
                    : tn("search.found", count, "query", words));
            results.getItems().setAll(found.results());
        });
    }

    private void open(ChatMessage result) {
        if (result == null) {
            return;
        }
        popup.hide();
        session.reveal(session.placeOf(result), result.id(), () -> tell.accept(t("message.gone")));
    }

    /** A search result: where and by whom, then the text. */
    private static final class ResultCell extends ListCell<ChatMessage> {
        @Override
        protected void updateItem(ChatMessage message, boolean empty) {
            super.updateItem(message, empty);
            if (empty || message == null) {
                setText(null);
                return;
            }
            String where = message.to() != null ? "@ " + message.to() + " / " + message.author() : "# " + message.room();
            StringBuilder files = new StringBuilder();
            // Its files, a line each: a file is found by its name too.
            message.files().forEach(file -> files.append("\n").append(t("app.searchFile", "file", file.describe())));
            setText(where + " · " + message.author() + " · " + Words.time().format(message.sentAt()) + "\n"
                    + message.text() + files);
            setWrapText(true);
            setPrefWidth(0);
        }
    }
}
