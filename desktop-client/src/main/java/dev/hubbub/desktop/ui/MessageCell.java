package dev.hubbub.desktop.ui;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/** Draws one {@link MessageItem}: author, local time and text (wrapped, links clickable), and its delivery state. */
final class MessageCell extends ListCell<MessageItem> {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT)
            .withZone(ZoneId.systemDefault());

    private final Consumer<String> openLink;
    private final Consumer<MessageItem> retry;

    MessageCell(Consumer<String> openLink, Consumer<MessageItem> retry) {
        this.openLink = openLink;
        this.retry = retry;
        getStyleClass().add("message-cell");
    }

    @Override
    protected void updateItem(MessageItem item, boolean empty) {
        super.updateItem(item, empty);
        getStyleClass().removeAll("mine", "notice", "pending", "failed");
        if (empty || item == null) {
            setGraphic(null);
            setText(null);
            return;
        }
        setText(null);
        if (item.kind() == MessageItem.Kind.NOTICE) {
            getStyleClass().add("notice");
            Label notice = new Label(item.text());
            notice.setWrapText(true);
            notice.getStyleClass().add("notice-text");
            setGraphic(notice);
            return;
        }
        VBox box = new VBox(2);
        box.getStyleClass().add("bubble");
        HBox header = new HBox(8);
        header.setAlignment(Pos.BASELINE_LEFT);
        if (item.author() != null) {
            Label author = new Label(item.author());
            author.getStyleClass().add("author");
            header.getChildren().add(author);
        }
        if (item.time() != null) {
            Label time = new Label(TIME.format(item.time()));
            time.getStyleClass().add("time");
            header.getChildren().add(time);
        }
        TextFlow body = new TextFlow();
        body.getStyleClass().add("body");
        for (Links.Run run : Links.split(item.text())) {
            if (run.link()) {
                Hyperlink link = new Hyperlink(run.text());
                link.setOnAction(e -> openLink.accept(run.text()));
                body.getChildren().add(link);
            } else {
                Text text = new Text(run.text());
                text.getStyleClass().add("body-text");
                body.getChildren().add(text);
            }
        }
        box.getChildren().addAll(header, body);
        if (getListView() != null) {
            box.maxWidthProperty().bind(getListView().widthProperty().subtract(48));
            body.maxWidthProperty().bind(getListView().widthProperty().subtract(64));
        }
        if (item.mine()) {
            getStyleClass().add("mine");
        }
        if (item.delivery() == MessageItem.Delivery.PENDING) {
            getStyleClass().add("pending");
            Label state = new Label("sending…");
            state.getStyleClass().add("delivery");
            box.getChildren().add(state);
        } else if (item.delivery() == MessageItem.Delivery.FAILED) {
            getStyleClass().add("failed");
            Label state = new Label("Not sent: " + item.problem());
            state.setWrapText(true);
            state.getStyleClass().add("delivery");
            Button again = new Button("Retry");
            again.getStyleClass().add("retry");
            again.setOnAction(e -> retry.accept(item));
            HBox row = new HBox(8, state, again);
            row.setAlignment(Pos.CENTER_LEFT);
            box.getChildren().add(row);
        }
        setGraphic(box);
    }
}
