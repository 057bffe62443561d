package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.Words.t;

import dev.hubbub.chat.Api;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputDialog;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * The host's console in the app, as on the page: people (everyone who holds a name, with the host's actions on the one
 * chosen), rooms (rename, archive or bring back, delete), files (storage, the largest, remove), the door and the
 * server's facts, a tab each; each tab reads the server when it is chosen. FX thread only.
 */
final class HostConsole {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM,
            FormatStyle.SHORT).withZone(ZoneId.systemDefault());
    private final Session session;
    private final Dialog<Void> dialog = new Dialog<>();
    private final Label problem = new Label();
    private final TableView<Api.ConsolePerson> people = new TableView<>();
    private final TableView<Api.RoomEntry> rooms = new TableView<>();
    private final TableView<Api.ConsoleFile> files = new TableView<>();
    private final Label storage = new Label();
    private final ProgressBar used = new ProgressBar(0);
    private final Label door = new Label();
    private final GridPane facts = new GridPane();

    HostConsole(Session session) {
        this.session = session;
        problem.getStyleClass().add("problem");
        problem.setWrapText(true);
        TabPane tabs = new TabPane(tab("people", t("console.people"), peopleTab(), this::loadPeople),
                tab("rooms", t("console.rooms"), roomsTab(), this::loadRooms),
                tab("files", t("console.files"), filesTab(), this::loadFiles),
                tab("door", t("console.door"), doorTab(), this::loadDoor),
                tab("server", t("console.server"), facts, this::loadServer));
        tabs.setId("console-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getSelectionModel().selectedItemProperty().addListener((o, old, now) -> ((Runnable) now.getUserData()).run());
        facts.setHgap(16);
        facts.setVgap(4);
        facts.setId("console-facts");
        facts.setPadding(new Insets(8));
        VBox box = new VBox(8, tabs, problem);
        box.setPrefSize(720, 460);
        dialog.setTitle(t("console.title"));
        dialog.getDialogPane().setId("console-dialog");
        dialog.getDialogPane().setNodeOrientation(Words.orientation());
        dialog.getDialogPane().setContent(box);
        dialog.getDialogPane().getButtonTypes().add(Dialogs.close());
        dialog.setResizable(true);
    }

    void show(Node owner) {
        if (owner.getScene() != null) {
            dialog.initOwner(owner.getScene().getWindow());
        }
        loadPeople();
        dialog.show();
    }

    private static Tab tab(String id, String title, Node content, Runnable load) {
        Tab tab = new Tab(title, content);
        tab.setId("console-tab-" + id);
        tab.setUserData(load);
        return tab;
    }

    private static <S> TableColumn<S, String> column(String title, Function<S, String> value, double width) {
        TableColumn<S, String> column = new TableColumn<>(title);
        column.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(value.apply(row.getValue())));
        column.setPrefWidth(width);
        return column;
    }

    private static Button button(String id, String text, Runnable action) {
        Button button = new Button(text);
        button.setId(id);
        button.setOnAction(e -> action.run());
        return button;
    }

    private static String when(Instant at) {
        return at == null ? "—" : WHEN.withLocale(Words.locale()).format(at);
    }

    // ---- people --------------------------------------------------------------------------------------------

    private Node peopleTab() {
        people.setId("console-people");
        people.setAccessibleText(t("console.people"));
        people.getColumns().add(column(t("console.name"), Api.ConsolePerson::name, 140));
        people.getColumns().add(column(t("console.state"), HostConsole::stateOf, 280));
        people.getColumns().add(column(t("console.devices"), p -> Integer.toString(p.devices()), 70));
        people.getColumns().add(column(t("console.lastSeen"), p -> when(p.lastSeen()), 170));
        people.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        Label hint = new Label(t("console.peopleHint"));
        hint.setWrapText(true);
        HBox actions = new HBox(6,
                button("console-mute", t("host.mute60"), () -> act("/host/mute", p -> new Api.Mute(p.name(), 60))),
                button("console-unmute", t("host.unmute"), () -> act("/host/mute", p -> new Api.Mute(p.name(), 0))),
                button("console-remove", t("host.remove"), () -> act("/host/remove", p -> new Api.Person(p.name()))),
                button("console-back", t("host.letBackIn"), () -> act("/host/let-back-in",
                        p -> new Api.Person(p.name()))),
                button("console-reset", t("console.reset"), this::resetSignIn),
                button("console-free", t("host.free"), () -> act("/host/free-name", p -> new Api.Person(p.name()))));
        actions.disableProperty().bind(people.getSelectionModel().selectedItemProperty().isNull());
        VBox box = new VBox(6, hint, people, actions);
        box.setPadding(new Insets(8));
        return box;
    }

    private static String stateOf(Api.ConsolePerson person) {
        List<String> parts = new ArrayList<>();
        parts.add(person.online() ? t("console.online") : t("console.offline"));
        if (person.host()) {
            parts.add(t("console.isHost"));
        }
        if (person.removed()) {
            parts.add(t("console.removed"));
        }
        if (person.mutedUntil() != null) {
            parts.add(t("console.mutedUntil", "time", when(person.mutedUntil())));
        }
        if (person.passphrase()) {
            parts.add(t("console.hasPassphrase"));
        }
        if (person.status() != null) {
            String own = java.util.stream.Stream.of(person.status().emoji(), person.status().text())
                    .filter(Objects::nonNull).collect(java.util.stream.Collectors.joining(" "));
            if (!own.isEmpty()) {
                parts.add(own);
            }
        }
        return String.join(" · ", parts);
    }

    private void loadPeople() {
        session.hostReadList("/host/people", Api.ConsolePerson.class, (list, reason) -> {
            problem.setText(reason == null ? "" : reason);
            if (list != null) {
                people.getItems().setAll(list);
            }
        });
    }

    private void act(String path, Function<Api.ConsolePerson, Object> body) {
        Api.ConsolePerson person = people.getSelectionModel().getSelectedItem();
        if (person != null) {
            session.hostRequest("POST", path, body.apply(person), (answer, reason) -> {
                problem.setText(reason == null ? "" : reason);
                loadPeople();
            });
        }
    }

    private void resetSignIn() {
        Api.ConsolePerson person = people.getSelectionModel().getSelectedItem();
        if (person == null) {
            return;
        }
        session.hostRequest("POST", "/host/reset-sign-in", new Api.Person(person.name()), (answer, reason) -> {
            problem.setText(reason == null ? "" : reason);
            if (answer != null) {
                Api.LinkCode code = dev.hubbub.chat.ChatJson.read(answer, Api.LinkCode.class);
                javafx.scene.control.Alert shown = new javafx.scene.control.Alert(
                        javafx.scene.control.Alert.AlertType.INFORMATION);
                shown.initOwner(dialog.getOwner());
                shown.setTitle(t("reset.title", "name", person.name()));
                shown.setHeaderText(code.code());
                shown.setContentText(t("reset.how") + "\n" + t("reset.until", "time", when(code.expiresAt())));
                shown.getDialogPane().setId("reset-code");
                shown.getDialogPane().getButtonTypes().setAll(Dialogs.close());
                shown.show();
            }
            loadPeople();
        });
    }

    // ---- rooms ---------------------------------------------------------------------------------------------

    private Node roomsTab() {
        rooms.setId("console-rooms");
        rooms.setAccessibleText(t("console.rooms"));
        rooms.getColumns().add(column(t("console.room"), r -> "# " + r.name(), 220));
        rooms.getColumns().add(column(t("console.state"), r -> String.join(" · ", java.util.stream.Stream.of(
                r.archived() ? t("console.archived") : null, r.readOnly() ? t("console.readOnly") : null,
                r.slowModeSeconds() > 0 ? t("console.slow", "seconds", r.slowModeSeconds()) : null,
                keeps(kept.get(r.id()))).filter(Objects::nonNull).toList()), 260));
        rooms.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        HBox actions = new HBox(6, button("console-rename", t("console.rename"), this::rename),
                button("console-topic", t("console.topic"), this::topic),
                button("console-keep", t("console.keep"), this::keep),
                button("console-archive", t("console.archive") + " / " + t("console.unarchive"), () -> {
                    Api.RoomEntry room = rooms.getSelectionModel().getSelectedItem();
                    if (room != null) {
                        session.hostRequest("POST", "/host/archive-room", new Api.ArchiveRoom(room.id(),
                                !room.archived()), (answer, reason) -> afterRooms(reason));
                    }
                }),
                button("console-delete", t("console.delete"), () -> {
                    Api.RoomEntry room = rooms.getSelectionModel().getSelectedItem();
                    if (room != null) {
                        javafx.scene.control.Alert sure = new javafx.scene.control.Alert(
                                javafx.scene.control.Alert.AlertType.CONFIRMATION, t("deleteRoom.hint"));
                        sure.initOwner(dialog.getOwner());
                        sure.setHeaderText(t("deleteRoom.title", "room", "# " + room.name()));
                        Dialogs.ourButtons(sure.getDialogPane());
                        sure.showAndWait().filter(b -> b.getButtonData().isDefaultButton()).ifPresent(b ->
                                session.hostRequest("POST", "/host/delete-room", new Api.DeleteRoom(room.id()),
                                        (answer, reason) -> afterRooms(reason)));
                    }
                }));
        actions.disableProperty().bind(rooms.getSelectionModel().selectedItemProperty().isNull());
        VBox box = new VBox(6, rooms, actions);
        box.setPadding(new Insets(8));
        return box;
    }

    private void rename() {
        Api.RoomEntry room = rooms.getSelectionModel().getSelectedItem();
        if (room == null) {
            return;
        }
        TextInputDialog ask = new TextInputDialog(room.name());
        ask.initOwner(dialog.getOwner());
        ask.setTitle(t("console.rename"));
        ask.setHeaderText(t("console.renameTo", "room", "# " + room.name()));
        ask.getDialogPane().setId("rename-dialog");
        Dialogs.ourButtons(ask.getDialogPane());
        ask.showAndWait().map(String::strip).filter(name -> !name.isEmpty()).ifPresent(name ->
                session.hostRequest("POST", "/host/rename-room", new Api.RenameRoom(room.id(), name),
                        (answer, reason) -> afterRooms(reason)));
    }

    /** The chosen room's topic, asked and set as anyone's is ({@code PUT /rooms/{id}/topic}, a notice). */
    private void topic() {
        Api.RoomEntry room = rooms.getSelectionModel().getSelectedItem();
        if (room == null) {
            return;
        }
        TextInputDialog ask = new TextInputDialog(room.topic() == null ? "" : room.topic());
        ask.initOwner(dialog.getOwner());
        ask.setTitle(t("console.topic"));
        ask.setHeaderText(t("console.topicOne", "room", "# " + room.name()));
        ask.getDialogPane().setId("topic-dialog");
        Dialogs.ourButtons(ask.getDialogPane());
        ask.showAndWait().map(String::strip).ifPresent(topic -> session.setTopic(room.id(), topic,
                reason -> afterRooms(reason)));
    }

    /** The rooms' own retention, as last read. */
    private java.util.Map<String, Api.RoomRetention> kept = java.util.Map.of();

    private static String keeps(Api.RoomRetention retention) {
        if (retention == null) {
            return null;
        }
        if (retention.days() > 0 && retention.messages() > 0) {
            return t("console.keepsBoth", "days", retention.days(), "count", retention.messages());
        }
        return retention.days() > 0 ? Words.tn("console.keepsDays", retention.days())
                : Words.tn("console.keepsMessages", retention.messages());
    }

    /** How long the chosen room keeps its messages: days and a number, 0 for the server's. */
    private void keep() {
        Api.RoomEntry room = rooms.getSelectionModel().getSelectedItem();
        if (room == null) {
            return;
        }
        Api.RoomRetention now = kept.getOrDefault(room.id(), new Api.RoomRetention(room.id(), 0, 0));
        javafx.scene.control.TextField days = new javafx.scene.control.TextField(Integer.toString(now.days()));
        days.setId("keep-days");
        javafx.scene.control.TextField messages = new javafx.scene.control.TextField(
                Integer.toString(now.messages()));
        messages.setId("keep-messages");
        Label daysLabel = new Label(t("console.keepDays"));
        daysLabel.setLabelFor(days);
        Label messagesLabel = new Label(t("console.keepMessages"));
        messagesLabel.setLabelFor(messages);
        Label hint = new Label(t("console.keepHint"));
        hint.setWrapText(true);
        Dialog<javafx.scene.control.ButtonType> ask = new Dialog<>();
        ask.initOwner(dialog.getOwner());
        ask.setTitle(t("console.keep"));
        ask.setHeaderText(t("console.keepTitle", "room", "# " + room.name()));
        ask.getDialogPane().setId("keep-dialog");
        ask.getDialogPane().setContent(new VBox(6, daysLabel, days, messagesLabel, messages, hint));
        Dialogs.ourButtons(ask.getDialogPane());
        ask.showAndWait().filter(b -> b.getButtonData().isDefaultButton()).ifPresent(b -> {
            int d;
            int m;
            try {
                d = Integer.parseInt(days.getText().strip());
                m = Integer.parseInt(messages.getText().strip());
            } catch (NumberFormatException e) {
                d = -1;
                m = -1;
            }
            session.hostRequest("POST", "/host/retention", new Api.RoomRetention(room.id(), d, m),
                    (answer, reason) -> afterRooms(reason));
        });
    }

    private void afterRooms(String reason) {
        problem.setText(reason == null ? "" : reason);
        loadRooms();
    }

    private void loadRooms() {
        session.hostReadList("/host/retention", Api.RoomRetention.class, (list, reason) -> {
            if (list != null) {
                kept = list.stream().collect(java.util.stream.Collectors.toMap(Api.RoomRetention::room, r -> r));
                rooms.refresh();
            }
        });
        session.browseRooms("", (directory, reason) -> {
            problem.setText(reason == null ? "" : reason);
            if (directory != null) {
                rooms.getItems().setAll(directory.rooms());
            }
        });
    }

    // ---- files ---------------------------------------------------------------------------------------------

    private Node filesTab() {
        files.setId("console-files");
        files.setAccessibleText(t("console.files"));
        files.getColumns().add(column(t("console.file"), Api.ConsoleFile::name, 240));
        files.getColumns().add(column(t("console.size"), f -> dev.hubbub.chat.Attachment.humanSize(f.size()), 90));
        files.getColumns().add(column(t("console.sentIn"), f -> String.join(", ", f.sentIn()), 200));
        files.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        storage.setId("console-storage");
        used.setMaxWidth(Double.MAX_VALUE);
        used.setAccessibleText(t("console.storage"));
        Button remove = button("console-remove-file", t("console.remove"), () -> {
            Api.ConsoleFile file = files.getSelectionModel().getSelectedItem();
            if (file != null) {
                session.hostRequest("DELETE", "/host/files/" + file.id(), null, (answer, reason) -> {
                    problem.setText(reason == null ? "" : reason);
                    loadFiles();
                });
            }
        });
        remove.disableProperty().bind(files.getSelectionModel().selectedItemProperty().isNull());
        VBox box = new VBox(6, storage, used, files, remove);
        box.setPadding(new Insets(8));
        return box;
    }

    private void loadFiles() {
        session.hostRead("/host/files", Api.ConsoleFiles.class, (stored, reason) -> {
            problem.setText(reason == null ? "" : reason);
            if (stored != null) {
                storage.setText(t("console.storageUsed", "used", dev.hubbub.chat.Attachment.humanSize(stored.used()),
                        "limit", dev.hubbub.chat.Attachment.humanSize(stored.limit())));
                used.setProgress(stored.limit() == 0 ? 0 : (double) stored.used() / stored.limit());
                files.getItems().setAll(stored.largest());
            }
        });
    }

    // ---- the door and the server ---------------------------------------------------------------------------

    private Node doorTab() {
        door.setId("console-door-state");
        door.setWrapText(true);
        Button on = button("console-door-on", t("host.inviteOn"), () -> doorAction("POST"));
        Button fresh = button("console-door-new", t("host.inviteNew"), () -> doorAction("POST"));
        Button off = button("console-door-off", t("host.inviteOff"), () -> doorAction("DELETE"));
        VBox box = new VBox(8, door, new HBox(6, on, fresh, off));
        box.setPadding(new Insets(8));
        return box;
    }

    private void doorAction(String method) {
        session.hostRequest(method, "/host/key", method.equals("POST") ? new Api.NewKey(false) : null,
                (answer, reason) -> {
                    problem.setText(reason == null ? "" : reason);
                    loadDoor();
                });
    }

    private void loadDoor() {
        session.hostRead("/host", Api.HostView.class, (view, reason) -> {
            problem.setText(reason == null ? "" : reason);
            if (view != null) {
                door.setText(view.inviteOnly() ? t("host.doorInvite") + "\n" + String.join("\n", view.links())
                        : t("host.doorOpen"));
            }
        });
    }

    private void loadServer() {
        session.hostRead("/host/server", Api.ConsoleServer.class, (server, reason) -> {
            problem.setText(reason == null ? "" : reason);
            if (server == null) {
                return;
            }
            String[][] rows = {
                {t("console.version"), server.version()},
                {t("console.uptime"), t("console.uptimeIs", "hours", server.uptimeSeconds() / 3600, "minutes",
                        (server.uptimeSeconds() % 3600) / 60, "since", when(server.startedAt()))},
                {t("console.streams"), Long.toString(server.streams())},
                {t("console.onlineNow"), Long.toString(server.online())},
                {t("console.postsPerMinute"), Long.toString(server.postsLastMinute())},
                {t("console.store"), server.storeAnswering() ? t("console.storeFine", "store", server.store())
                        : t("console.storeDown", "store", server.store(), "problem",
                                Objects.requireNonNullElse(server.storeProblem(), ""))},
                {t("console.storeSize"), server.storeBytes() < 0 ? "—"
                        : dev.hubbub.chat.Attachment.humanSize(server.storeBytes())},
                {t("console.roomsCount"), Long.toString(server.rooms())},
                {t("console.peopleCount"), Long.toString(server.people())},
                {t("console.filesUsed"), dev.hubbub.chat.Attachment.humanSize(server.filesUsed())},
            };
            facts.getChildren().clear();
            for (int i = 0; i < rows.length; i++) {
                Label term = new Label(rows[i][0]);
                term.getStyleClass().add("muted");
                Label value = new Label(rows[i][1]);
                value.setId("console-fact-" + i);
                facts.addRow(i, term, value);
            }
        });
    }
}
