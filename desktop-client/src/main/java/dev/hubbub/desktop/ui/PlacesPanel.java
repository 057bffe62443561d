package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.Words.t;
import static dev.hubbub.desktop.ui.Words.tn;

import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The places to talk, on the window's left: the rooms and the direct conversations, each with how many messages
 * from others it has that the user has not seen; a field to create a room; and (signed in) a link to sign another
 * device in as the same person. FX thread only.
 */
final class PlacesPanel {
    private final VBox root = new VBox(6);

    PlacesPanel(Session session) {
        Places model = session.places();
        Label title = new Label(t("app.roomsAndPeople"));
        title.getStyleClass().add("side-title");
        title.setWrapText(true);
        title.setMinHeight(Region.USE_PREF_SIZE);
        // What the list shows: the sections not folded away (the place shown always), and of those, every place
        // whose name has what the filter holds (accents aside).
        javafx.collections.transformation.FilteredList<Places.Place> filtered =
                new javafx.collections.transformation.FilteredList<>(model.places());
        TextField filter = new TextField();
        filter.setId("places-filter");
        filter.setPromptText(t("nav.filter"));
        java.util.Set<Section> foldedAway = java.util.EnumSet.of(Section.HIDDEN);
        Runnable narrow = () -> {
            String wanted = dev.hubbub.chat.Names.fold(filter.getText().strip());
            String shown = model.active();
            filtered.setPredicate(place -> (place.key().equals(shown) || !foldedAway.contains(Section.of(place)))
                    && (wanted.isEmpty() || dev.hubbub.chat.Names.fold(place.label()).contains(wanted)));
        };
        filter.textProperty().addListener((o, old, now) -> narrow.run());
        model.activeKey().addListener((o, old, now) -> narrow.run());
        narrow.run();
        // Each section folds away with its button, as the page's headings do; Hidden starts folded.
        javafx.scene.layout.FlowPane sections = new javafx.scene.layout.FlowPane(4, 4);
        sections.setId("place-sections");
        for (Section section : Section.values()) {
            javafx.scene.control.ToggleButton toggle = new javafx.scene.control.ToggleButton(section.label());
            toggle.setId("section-" + section.name().toLowerCase(java.util.Locale.ROOT));
            toggle.getStyleClass().addAll("section-toggle", "small");
            toggle.setAccessibleText(t("app.section.show", "what", section.spoken()));
            toggle.setTooltip(new javafx.scene.control.Tooltip(t("app.section.fold", "what", section.spoken())));
            toggle.setSelected(!foldedAway.contains(section));
            toggle.selectedProperty().addListener((o, was, now) -> {
                if (now) {
                    foldedAway.remove(section);
                } else {
                    foldedAway.add(section);
                }
                narrow.run();
            });
            sections.getChildren().add(toggle);
        }
        ListView<Places.Place> places = new ListView<>(filtered);
        places.setId("places");
        places.setAccessibleText(t("nav.title"));
        places.setCellFactory(list -> new PlaceCell(session));
        places.getSelectionModel().selectedItemProperty().addListener((o, old, place) -> {
            if (place != null && !place.key().equals(model.active())) {
                session.show(place.key());
            }
        });
        model.activeLabel().addListener((o, old, now) -> select(places, model.active()));
        model.places().addListener((javafx.collections.ListChangeListener<Places.Place>) change ->
                select(places, model.active()));
        select(places, model.active());
        VBox.setVgrow(places, Priority.ALWAYS);
        Hyperlink browse = new Hyperlink(t("nav.browse") + "…");
        browse.setId("browse-rooms");
        browse.setOnAction(e -> new RoomBrowser(session).show(root));
        root.getChildren().addAll(title, filter, sections, browse, places);
        if (session.signedIn()) {
            Threads threads = session.threads();
            Button threadsButton = new Button();
            threadsButton.setId("threads-link");
            threadsButton.getStyleClass().add("threads-link");
            threadsButton.setMaxWidth(Double.MAX_VALUE);
            threadsButton.setGraphic(EmojiImages.view("🧵", EmojiImages.SIZE));
            threadsButton.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() ->
                    t("threads.link") + (threads.unread().get() > 0
                            ? " (" + tn("unread", threads.unread().get()) + ")" : ""),
                    threads.unread()));
            threadsButton.setOnAction(e -> {
                if (threads.listShown().get()) {
                    threads.close();
                } else {
                    threads.showList();
                }
            });
            root.getChildren().add(0, threadsButton);
        }

        if (session.signedIn()) {
            TextField roomName = new TextField();
            roomName.setId("new-room-name");
            roomName.setPromptText(t("nav.newRoomTitle"));
            Button create = new Button(t("nav.create"));
            create.setId("create-room");
            create.setMinWidth(Region.USE_PREF_SIZE); // the name box gives way, never the button's label
            Label problem = new Label();
            problem.setId("room-problem");
            problem.getStyleClass().add("problem");
            problem.setWrapText(true);
            problem.managedProperty().bind(problem.visibleProperty());
            problem.setVisible(false);
            Runnable createRoom = () -> {
                if (roomName.getText().isBlank()) {
                    return;
                }
                session.createRoom(roomName.getText().strip(), why -> {
                    problem.setVisible(why != null);
                    problem.setText(why == null ? "" : why);
                    if (why == null) {
                        roomName.clear();
                    }
                });
            };
            create.setOnAction(e -> createRoom.run());
            roomName.setOnAction(e -> createRoom.run());
            HBox newRoom = new HBox(6, roomName, create);
            HBox.setHgrow(roomName, Priority.ALWAYS);
            newRoom.setAlignment(Pos.CENTER_LEFT);

            Hyperlink link = new Hyperlink(t("me.linkDevice"));
            link.setId("link-device");
            Label code = new Label();
            code.setId("link-code");
            code.setWrapText(true);
            link.setOnAction(e -> session.linkCode(code::setText));
            Hyperlink picture = new Hyperlink(t("me.picture") + "…");
            picture.setId("set-picture");
            picture.setOnAction(e -> {
                javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
                chooser.setTitle(t("app.yourPicture"));
                chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter(t("app.pictures"),
                        "*.png", "*.jpg", "*.jpeg", "*.gif", "*.webp"));
                java.io.File chosen = chooser.showOpenDialog(root.getScene().getWindow());
                if (chosen != null) {
                    session.setPicture(chosen.toPath(), why -> code.setText(why == null ? t("app.pictureSet")
                            : t("app.pictureNot", "reason", why)));
                }
            });
            Hyperlink noPicture = new Hyperlink(t("me.pictureRemove"));
            noPicture.setId("remove-picture");
            noPicture.setOnAction(e -> session.setPicture(null, why -> code.setText(why == null
                    ? t("app.pictureRemoved") : t("app.pictureNotRemoved", "reason", why))));
            // Longer languages wrap these onto more lines rather than cut them off.
            javafx.scene.layout.FlowPane pictureRow = new javafx.scene.layout.FlowPane(0, 0, picture, new Label("·"),
                    noPicture);
            pictureRow.setAlignment(Pos.CENTER_LEFT);
            javafx.scene.control.CheckBox shareReads = new javafx.scene.control.CheckBox(t("me.shareReads"));
            shareReads.setId("share-reads");
            shareReads.setTooltip(new javafx.scene.control.Tooltip(t("me.shareReadsTitle")));
            shareReads.setSelected(session.receipts().sharing().get());
            session.receipts().sharing().addListener((o, was, now) -> shareReads.setSelected(now));
            shareReads.setOnAction(e -> session.receipts().share(shareReads.isSelected(), why -> {
                if (why != null) {
                    code.setText(t("app.notChanged", "reason", why));
                    shareReads.setSelected(session.receipts().sharing().get());
                }
            }));
            javafx.scene.control.MenuButton status = StatusView.mine(session, code::setText);
            for (javafx.scene.control.Labeled labeled : List.of(picture, noPicture, shareReads, link)) {
                labeled.setWrapText(true);
                labeled.setMinHeight(Region.USE_PREF_SIZE); // the panel is tall enough for every line
            }
            root.getChildren().addAll(newRoom, problem, new Region(), status, pictureRow, shareReads, link, code);
        }
        root.setPadding(new Insets(8));
        root.setMinWidth(170);
        root.getStyleClass().add("places");
    }

    Node root() {
        return root;
    }

    /** The list's sections, in its order; each folds away. */
    enum Section {
        STARRED, ROOMS, DIRECT, HIDDEN;

        /** Its toggle's words: ★, Rooms, People, Hidden. */
        String label() {
            return switch (this) {
                case STARRED -> "★";
                case ROOMS -> t("nav.rooms");
                case DIRECT -> t("people.list");
                case HIDDEN -> t("nav.hidden");
            };
        }

        /** What a screen reader says it holds. */
        String spoken() {
            return switch (this) {
                case STARRED -> t("app.section.starred");
                case ROOMS -> t("app.section.rooms");
                case DIRECT -> t("app.section.direct");
                case HIDDEN -> t("app.section.hidden");
            };
        }

        static Section of(Places.Place place) {
            return place.isDirect() ? DIRECT : place.hidden() ? HIDDEN : place.starred() ? STARRED : ROOMS;
        }
    }


    private static void select(ListView<Places.Place> places, String key) {
        for (int i = 0; i < places.getItems().size(); i++) {
            if (places.getItems().get(i).key().equals(key)) {
                places.getSelectionModel().select(i);
                return;
            }
        }
    }

    /**
     * A place: its name, and a count of what is unseen there (quiet when it is muted); its menu sets what it
     * notifies of.
     */
    private static final class PlaceCell extends ListCell<Places.Place> {
        private final Label name = new Label();
        private final Label unread = new Label();
        /** The whole name, where the list is too narrow for it. */
        private final javafx.scene.control.Tooltip tooltip = new javafx.scene.control.Tooltip();
        private final HBox row = new HBox(6, name, new Region(), unread);

        PlaceCell(Session session) {
            Notifications notifications = session.notifications();
            unread.getStyleClass().add("unread");
            // A long name is cut short with an ellipsis rather than scrolling the whole list sideways.
            setPrefWidth(0);
            name.setMinWidth(0);
            unread.setMinWidth(javafx.scene.control.Label.USE_PREF_SIZE);
            HBox.setHgrow(row.getChildren().get(1), Priority.ALWAYS);
            row.setAlignment(Pos.CENTER_LEFT);
            if (notifications != null) {
                javafx.scene.control.ToggleGroup group = new javafx.scene.control.ToggleGroup();
                javafx.scene.control.ContextMenu menu = new javafx.scene.control.ContextMenu();
                for (Notifications.Level level : Notifications.Level.values()) {
                    javafx.scene.control.RadioMenuItem item = new javafx.scene.control.RadioMenuItem(
                            level.choice());
                    item.setId("notify-" + level.name().toLowerCase(java.util.Locale.ROOT));
                    item.setToggleGroup(group);
                    item.setUserData(level);
                    item.setOnAction(e -> {
                        if (getItem() != null) {
                            notifications.level(getItem().key(), level);
                        }
                    });
                    menu.getItems().add(item);
                }
                // The host's rules of a room: read-only, slow mode.
                javafx.scene.control.CheckMenuItem readOnly = new javafx.scene.control.CheckMenuItem(
                        t("rules.readOnly"));
                readOnly.setId("read-only");
                javafx.scene.control.Menu slow = new javafx.scene.control.Menu(t("rules.slow"));
                slow.setId("slow-mode");
                javafx.scene.control.ToggleGroup slowGroup = new javafx.scene.control.ToggleGroup();
                for (int seconds : new int[] {0, 10, 30, 60, 300}) {
                    javafx.scene.control.RadioMenuItem choice = new javafx.scene.control.RadioMenuItem(
                            switch (seconds) {
                                case 0 -> t("rules.slowOff");
                                case 10 -> t("rules.slow10");
                                case 30 -> t("rules.slow30");
                                case 60 -> t("rules.slow60");
                                default -> t("rules.slow300");
                            });
                    choice.setId("slow-" + seconds);
                    choice.setToggleGroup(slowGroup);
                    choice.setUserData(seconds);
                    choice.setOnAction(e -> rules(session, readOnly.isSelected(), seconds));
                    slow.getItems().add(choice);
                }
                readOnly.setOnAction(e -> rules(session, readOnly.isSelected(),
                        slowGroup.getSelectedToggle() == null ? 0 : (int) slowGroup.getSelectedToggle().getUserData()));
                javafx.scene.control.SeparatorMenuItem line = new javafx.scene.control.SeparatorMenuItem();
                // The host archives a room (or brings it back), or deletes it and its messages (never General).
                javafx.scene.control.MenuItem archive = new javafx.scene.control.MenuItem();
                archive.setId("archive-room");
                archive.setOnAction(e -> archive(session));
                javafx.scene.control.MenuItem delete = new javafx.scene.control.MenuItem(t("rules.delete"));
                delete.setId("delete-room");
                delete.setOnAction(e -> delete(session));
                // The reader's own marks of a room: star it (first in the list), hide it (last), leave it, its topic.
                javafx.scene.control.SeparatorMenuItem mine = new javafx.scene.control.SeparatorMenuItem();
                javafx.scene.control.CheckMenuItem star = new javafx.scene.control.CheckMenuItem(t("roomMenu.star"));
                star.setId("star-room");
                star.setOnAction(e -> mark(session, star.isSelected(), null));
                javafx.scene.control.CheckMenuItem hide = new javafx.scene.control.CheckMenuItem(t("roomMenu.hide"));
                hide.setId("hide-room");
                hide.setOnAction(e -> mark(session, null, hide.isSelected()));
                javafx.scene.control.MenuItem topic = new javafx.scene.control.MenuItem(t("app.setTopic"));
                topic.setId("room-topic");
                topic.setOnAction(e -> topic(session));
                javafx.scene.control.MenuItem leave = new javafx.scene.control.MenuItem(t("roomMenu.leave"));
                leave.setId("leave-room");
                leave.setOnAction(e -> {
                    if (getItem() != null) {
                        session.leave(getItem().key(), reason -> said(session, reason));
                    }
                });
                menu.getItems().addAll(mine, star, hide, topic, leave, line, readOnly, slow, archive, delete);
                menu.setOnShowing(e -> {
                    if (getItem() != null) {
                        boolean aRoom = !getItem().isDirect() && session.places().isJoined(getItem().key());
                        for (javafx.scene.control.MenuItem item : List.of(mine, star, hide, topic)) {
                            item.setVisible(aRoom);
                        }
                        leave.setVisible(aRoom && !Places.GENERAL.equals(getItem().key()));
                        star.setSelected(getItem().starred());
                        hide.setSelected(getItem().hidden());
                        Notifications.Level now = notifications.level(getItem().key());
                        group.getToggles().forEach(t -> t.setSelected(t.getUserData() == now));
                        var room = session.places().roomInfo(getItem().key());
                        boolean rules = session.host().get() && room != null;
                        line.setVisible(rules);
                        readOnly.setVisible(rules);
                        slow.setVisible(rules);
                        boolean general = Places.GENERAL.equals(getItem().key());
                        archive.setVisible(rules && !general);
                        delete.setVisible(rules && !general);
                        if (room != null) {
                            archive.setText(room.archived() ? t("rules.unarchive") : t("rules.archive"));
                            readOnly.setSelected(room.readOnly());
                            slowGroup.getToggles().forEach(t -> t.setSelected(
                                    (int) t.getUserData() == room.slowModeSeconds()));
                        }
                    }
                });
                setContextMenu(menu);
            }
        }

        /** Archives the room this cell shows, or brings it back. */
        private void archive(Session session) {
            if (getItem() == null) {
                return;
            }
            var room = session.places().roomInfo(getItem().key());
            session.hostRequest("POST", "/host/archive-room", new dev.hubbub.chat.Api.ArchiveRoom(getItem().key(),
                    room == null || !room.archived()), (answer, reason) -> said(session, reason));
        }

        /** Deletes the room this cell shows, once the host has said yes to what that means. */
        private void delete(Session session) {
            if (getItem() == null) {
                return;
            }
            String key = getItem().key();
            javafx.scene.control.Alert sure = new javafx.scene.control.Alert(
                    javafx.scene.control.Alert.AlertType.CONFIRMATION,
                    t("deleteRoom.hint"),
                    new javafx.scene.control.ButtonType(t("deleteRoom.confirm"),
                            javafx.scene.control.ButtonBar.ButtonData.OK_DONE),
                    Dialogs.cancel());
            sure.setTitle(t("deleteRoom.confirm"));
            sure.setHeaderText(t("deleteRoom.title", "room", getItem().label()));
            sure.initOwner(getScene() == null ? null : getScene().getWindow());
            sure.getDialogPane().setId("delete-room-dialog");
            sure.showAndWait().filter(b -> b.getButtonData() == javafx.scene.control.ButtonBar.ButtonData.OK_DONE)
                    .ifPresent(b -> session.hostRequest("POST", "/host/delete-room",
                            new dev.hubbub.chat.Api.DeleteRoom(key), (answer, reason) -> said(session, reason)));
        }

        /** Stars or hides the room this cell shows (null: as it is). */
        private void mark(Session session, Boolean starred, Boolean hidden) {
            if (getItem() != null) {
                session.join(getItem().key(), starred, hidden, reason -> said(session, reason));
            }
        }

        /** Asks for the room's topic, and sets it. */
        private void topic(Session session) {
            if (getItem() == null) {
                return;
            }
            String key = getItem().key();
            javafx.scene.control.TextInputDialog ask = new javafx.scene.control.TextInputDialog(
                    session.places().topicOf(key));
            ask.setTitle(t("roomMenu.topic"));
            ask.setHeaderText(t("app.topicOf", "room", getItem().label()));
            ask.setContentText(t("roomMenu.topic"));
            ask.getEditor().setId("topic-input");
            ask.getEditor().setAccessibleText(t("roomMenu.topic"));
            Dialogs.ourButtons(ask.getDialogPane());
            ask.initOwner(getScene() == null ? null : getScene().getWindow());
            ask.showAndWait().ifPresent(text -> session.setTopic(key, text.strip(), reason -> said(session, reason)));
        }

        /** A host action the server refused: its reason, in the conversation. */
        private static void said(Session session, String reason) {
            if (reason != null) {
                session.conversation().notice(t("app.notDone", "reason", reason));
            }
        }

        /** Sets the rules of the room this cell shows. */
        private void rules(Session session, boolean readOnly, int slowSeconds) {
            if (getItem() != null) {
                session.hostRequest("POST", "/host/room", new dev.hubbub.chat.Api.RoomRules(getItem().key(), readOnly,
                        slowSeconds), (answer, reason) -> { });
            }
        }

        @Override
        protected void updateItem(Places.Place place, boolean empty) {
            super.updateItem(place, empty);
            setText(null);
            if (empty || place == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            name.setText((place.starred() ? "★ " : "") + place.label()
                    + (place.archived() ? " " + t("rooms.archived") : "")
                    + (place.hidden() ? " " + t("app.hiddenMark") : "") + (place.muted() ? "  🔕" : ""));
            tooltip.setText(name.getText());
            setTooltip(tooltip);
            name.getStyleClass().remove("archived");
            if (place.archived() || place.hidden()) {
                name.getStyleClass().add("archived");
            }
            unread.setText(Integer.toString(place.unread()));
            unread.setVisible(place.unread() > 0);
            unread.getStyleClass().remove("muted");
            if (place.muted()) {
                unread.getStyleClass().add("muted");
            }
            setGraphic(row);
        }
    }
}
