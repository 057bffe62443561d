package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.Words.t;

import dev.hubbub.desktop.lan.Discovery;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The first screen: a name, then a room to join (an address, or one found on the LAN) or a room to host here.
 * FX thread only.
 */
final class StartView {

    /** What the user chose; the controller checks and carries it out. */
    interface Choices {
        void join(String name, String address);

        void host(String name, int port);

        /** The language the app speaks from its next start ("de"). */
        default void language(String code) {
        }
    }

    private final VBox root = new VBox(10);
    private final TextField name = new TextField();
    private final TextField address = new TextField();
    private final Label problem = new Label();
    private final Label discoveryState = new Label(t("app.start.looking"));
    private final ObservableList<Discovery.Room> found = FXCollections.observableArrayList();
    private final Button otherPort = new Button();
    private final Button offer = new Button();
    private final TextField code = new TextField();
    private final Button link = new Button(t("name.link"));
    private final HBox codeRow = new HBox(8, code, link);
    private final javafx.scene.control.PasswordField passphrase = new javafx.scene.control.PasswordField();
    private final Button withPassphrase = new Button(t("app.start.withPassphrase"));
    private final HBox passphraseRow = new HBox(8, passphrase, withPassphrase);
    private final Choices choices;
    private int hostPort;

    StartView(String rememberedName, String rememberedServer, int hostPort, Choices choices) {
        this.choices = choices;
        this.hostPort = hostPort;
        Label title = new Label("Hubbub");
        title.getStyleClass().add("title");
        Label subtitle = new Label(t("app.start.subtitle"));
        subtitle.getStyleClass().add("subtitle");

        name.setId("name");
        name.setPromptText(t("name.label"));
        name.setText(rememberedName == null ? "" : rememberedName);

        address.setId("server");
        address.setPromptText(t("app.start.address"));
        address.setText(rememberedServer == null ? "" : rememberedServer);
        address.setOnAction(e -> join());
        Button join = new Button(t("name.join"));
        join.setId("join");
        join.setDefaultButton(true);
        join.setOnAction(e -> join());
        HBox joinRow = new HBox(8, address, join);
        HBox.setHgrow(address, Priority.ALWAYS);

        discoveryState.setId("discovery-state");
        discoveryState.getStyleClass().add("hint");
        discoveryState.setWrapText(true);
        ListView<Discovery.Room> rooms = new ListView<>(found);
        rooms.setId("discovered");
        rooms.setPrefHeight(120);
        rooms.setPlaceholder(new Label(t("app.start.none")));
        rooms.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(Discovery.Room room, boolean empty) {
                super.updateItem(room, empty);
                setText(empty || room == null ? null : room.name() + "  —  " + room.url());
            }
        });
        rooms.getSelectionModel().selectedItemProperty().addListener((o, old, room) -> {
            if (room != null) {
                address.setText(room.url());
            }
        });
        rooms.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && rooms.getSelectionModel().getSelectedItem() != null) {
                join();
            }
        });
        rooms.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2
                    && rooms.getSelectionModel().getSelectedItem() != null) {
                join();
            }
        });

        Button host = new Button(t("app.start.host"));
        host.setId("host");
        host.setOnAction(e -> choices.host(name.getText(), this.hostPort));
        otherPort.setId("other-port");
        otherPort.managedProperty().bind(otherPort.visibleProperty());
        otherPort.setVisible(false);
        otherPort.setOnAction(e -> choices.host(name.getText(), this.hostPort));

        problem.setId("problem");
        problem.getStyleClass().add("problem");
        problem.setWrapText(true);
        offer.setId("offer");
        offer.managedProperty().bind(offer.visibleProperty());
        offer.setVisible(false);
        code.setId("code");
        code.setPromptText("ABCD-2345");
        link.setId("link");
        HBox.setHgrow(code, Priority.ALWAYS);
        codeRow.managedProperty().bind(codeRow.visibleProperty());
        codeRow.setVisible(false);
        passphrase.setId("passphrase");
        passphrase.setPromptText(t("name.passphrase"));
        passphrase.setAccessibleText(t("name.passphrase"));
        withPassphrase.setId("with-passphrase");
        HBox.setHgrow(passphrase, Priority.ALWAYS);
        passphraseRow.managedProperty().bind(passphraseRow.visibleProperty());
        passphraseRow.visibleProperty().bind(codeRow.visibleProperty());

        root.getChildren().addAll(title, subtitle, label(t("app.start.name")), name, new Separator(),
                label(t("app.start.join")), joinRow, discoveryState, rooms, new Separator(),
                label(t("app.start.hostHere")), new HBox(8, host, otherPort), problem, offer, codeRow, passphraseRow,
                new Separator(), LanguageChoice.box(choices::language, this::showProblem));
        root.setPadding(new Insets(24));
        root.setAlignment(Pos.TOP_LEFT);
        root.setMaxWidth(560);
        root.getStyleClass().add("start");
    }

    private static Label label(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("section");
        return label;
    }

    Node root() {
        return root;
    }

    void focus() {
        (name.getText().isBlank() ? name : address).requestFocus();
    }

    private void join() {
        choices.join(name.getText(), address.getText());
    }

    void showProblem(String text) {
        problem.setText(text);
        offer.setVisible(false);
        codeRow.setVisible(false);
    }

    /**
     * The name is someone's: if it is the user's own, from another device, that device gives a code ("Link another
     * device") to type here, or the passphrase the user set signs them in.
     */
    void askCode(String text, java.util.function.Consumer<String> onCode,
                 java.util.function.Consumer<String> onPassphrase) {
        problem.setText(text);
        offer.setVisible(false);
        code.clear();
        passphrase.clear();
        Runnable signIn = () -> {
            if (!passphrase.getText().isEmpty()) {
                onPassphrase.accept(passphrase.getText());
            }
        };
        withPassphrase.setOnAction(e -> signIn.run());
        passphrase.setOnAction(e -> signIn.run());
        Runnable use = () -> {
            if (!code.getText().isBlank()) {
                onCode.accept(code.getText().strip());
            }
        };
        link.setOnAction(e -> use.run());
        code.setOnAction(e -> use.run());
        codeRow.setVisible(true);
        code.requestFocus();
    }

    /** A problem with one way out the user may choose, such as trusting a room's own certificate. */
    void offer(String text, String action, Runnable onAccept) {
        problem.setText(text);
        offer.setText(action);
        offer.setOnAction(e -> {
            offer.setVisible(false);
            onAccept.run();
        });
        offer.setVisible(true);
    }

    /** The port was taken: offer the free one we found. */
    void offerPort(int port) {
        hostPort = port;
        otherPort.setText(t("app.start.otherPort", "port", String.valueOf(port)));
        otherPort.setVisible(true);
    }

    void roomFound(Discovery.Room room) {
        found.removeIf(r -> r.key().equals(room.key()));
        found.add(room);
        discoveryState.setText(t("app.start.found"));
    }

    void roomLost(String key) {
        found.removeIf(r -> r.key().equals(key));
    }

    void discoveryUnavailable(String why) {
        discoveryState.setText(t("app.start.noDiscovery", "reason", why));
    }
}
