package dev.hubbub.desktop.ui;

import dev.hubbub.chat.InvalidMessageException;
import dev.hubbub.desktop.net.ConnectionStatus;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The chat window: messages (a virtualized list), who is online, the text area (Enter sends, Shift+Enter adds a
 * line) and a status bar with the connection state and the server's address. FX thread only.
 */
final class ChatView {
    private final Session session;
    private final BorderPane root = new BorderPane();
    private final ListView<MessageItem> messages;
    private final TextArea input = new TextArea();
    private final Label problem = new Label();
    private final Label status = new Label();
    private final Hyperlink reconnect = new Hyperlink("Reconnect now");
    private final VBox side;

    ChatView(Session session, Consumer<String> openLink, Runnable leave, Node hostPanel) {
        this.session = session;
        Conversation conversation = session.conversation();

        Label room = new Label();
        room.textProperty().bind(session.roomName());
        room.getStyleClass().add("room-name");
        room.setId("room-name");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button leaveButton = new Button(hostPanel == null ? "Leave" : "Stop hosting");
        leaveButton.setId("leave");
        leaveButton.setOnAction(e -> leave.run());
        HBox top = new HBox(12, room, spacer, leaveButton);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(8, 12, 8, 12));
        top.getStyleClass().add("top-bar");

        messages = new ListView<>(conversation.messages());
        messages.setId("messages");
        messages.setCellFactory(list -> new MessageCell(openLink, session::retry));
        messages.setFocusTraversable(true);
        conversation.messages().addListener(this::followNewMessages);

        ListView<String> online = new ListView<>(conversation.online());
        online.setId("online");
        online.setFocusTraversable(true);
        Label onlineTitle = new Label();
        onlineTitle.textProperty().bind(Bindings.size(conversation.online()).asString("Online (%d)"));
        onlineTitle.getStyleClass().add("side-title");
        side = new VBox(6, onlineTitle, online);
        VBox.setVgrow(online, Priority.ALWAYS);
        if (hostPanel != null) {
            side.getChildren().add(0, hostPanel);
        }
        side.setPadding(new Insets(8));
        side.setMinWidth(180);

        SplitPane center = new SplitPane(messages, side);
        center.setDividerPositions(0.74);

        input.setId("input");
        input.setPromptText("Message (Enter sends, Shift+Enter adds a line)");
        input.setWrapText(true);
        input.setPrefRowCount(2);
        input.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        Button send = new Button("Send");
        send.setId("send");
        send.setDefaultButton(false);
        send.setOnAction(e -> send());
        HBox compose = new HBox(8, input, send);
        HBox.setHgrow(input, Priority.ALWAYS);
        compose.setAlignment(Pos.CENTER);
        problem.setId("problem");
        problem.getStyleClass().add("problem");
        problem.setWrapText(true);
        problem.managedProperty().bind(problem.visibleProperty());
        problem.setVisible(false);

        status.setId("status");
        reconnect.setId("reconnect");
        reconnect.setOnAction(e -> session.reconnectNow());
        Label address = new Label(session.server().hostAndPort());
        address.getStyleClass().add("address");
        Region statusSpacer = new Region();
        HBox.setHgrow(statusSpacer, Priority.ALWAYS);
        HBox statusBar = new HBox(8, status, reconnect, statusSpacer, address);
        statusBar.setAlignment(Pos.CENTER_LEFT);
        statusBar.getStyleClass().add("status-bar");
        statusBar.setPadding(new Insets(4, 12, 4, 12));
        session.status().addListener((o, old, now) -> showStatus(now));
        showStatus(session.status().get());

        VBox bottom = new VBox(6, problem, compose);
        bottom.setPadding(new Insets(8, 12, 8, 12));
        root.setTop(top);
        root.setCenter(center);
        root.setBottom(new VBox(bottom, statusBar));
        root.getStyleClass().add("chat");
    }

    Node root() {
        return root;
    }

    void focusInput() {
        input.requestFocus();
    }

    private void onKey(KeyEvent event) {
        if (event.getCode() != KeyCode.ENTER) {
            return;
        }
        event.consume();
        if (event.isShiftDown()) {
            input.insertText(input.getCaretPosition(), "\n");
        } else {
            send();
        }
    }

    private void send() {
        String text = input.getText();
        if (text.isBlank()) {
            return;
        }
        try {
            session.send(text);
            input.clear();
            problem.setVisible(false);
            messages.scrollTo(messages.getItems().size() - 1);
        } catch (InvalidMessageException e) {
            problem.setText("Not sent: " + e.getMessage() + ".");
            problem.setVisible(true);
        }
    }

    /** Scrolls to a new message only when the reader was at the bottom already, so reading history is not undone. */
    private void followNewMessages(ListChangeListener.Change<? extends MessageItem> change) {
        boolean added = false;
        while (change.next()) {
            added |= change.wasAdded();
        }
        if (added && atBottom()) {
            messages.scrollTo(messages.getItems().size() - 1);
        }
    }

    private boolean atBottom() {
        for (Node node : messages.lookupAll(".scroll-bar")) {
            if (node instanceof ScrollBar bar && bar.getOrientation() == Orientation.VERTICAL && bar.isVisible()) {
                return bar.getValue() >= bar.getMax() - 0.02;
            }
        }
        return true;
    }

    private void showStatus(ConnectionStatus now) {
        status.getStyleClass().removeAll("connected", "connecting", "reconnecting", "closed");
        status.getStyleClass().add(now.state().name().toLowerCase(java.util.Locale.ROOT));
        reconnect.setVisible(now.state() == ConnectionStatus.State.RECONNECTING);
        status.setText(switch (now.state()) {
            case CONNECTING -> "Connecting…";
            case CONNECTED -> "● Connected";
            case RECONNECTING -> "Offline — " + now.detail() + " Trying again in "
                    + Math.max(1, (now.retryIn().toMillis() + 999) / 1000) + " s.";
            case CLOSED -> "Disconnected";
        });
    }
}
