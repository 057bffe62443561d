package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.DesktopFixture.onFx;
import static dev.hubbub.desktop.ui.DesktopFixture.until;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import java.net.URI;
import javafx.scene.Node;
import javafx.scene.control.ListCell;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

/**
 * The app as host and as the person the host acts on, against real servers: hosting makes the app's person the
 * host; the invite-only switch puts the key in the links and the QR code (decoded here as a phone would); the host's
 * menus remove a message, mute, make a room read-only, archive and delete a room and remove a person; the app joins
 * an invite-only room by its link and stays in; and a muted, read-only-bound, then removed person sees why, and a
 * person reading a room the host archives and then deletes.
 */
class HostWindowTest extends WindowTest {



    private Http.Reply send(URI base, String token, String method, String path, String json) throws Exception {
        Request.Builder request = new Request.Builder().url(base.resolve(path).toString());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        request.method(method, json == null ? null : RequestBody.create(json, Http.JSON));
        return http.send(request.build());
    }

    private static String tokenOf(Http.Reply reply) throws Exception {
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return ChatJson.mapper().readTree(reply.body()).get("token").asText();
    }

    /** What a phone's camera would read off the QR code. */
    private static String decode(Image qr) throws Exception {
        int width = (int) qr.getWidth();
        int height = (int) qr.getHeight();
        int[] pixels = new int[width * height];
        qr.getPixelReader().getPixels(0, 0, width, height, javafx.scene.image.PixelFormat.getIntArgbInstance(),
                pixels, 0, width);
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                new RGBLuminanceSource(width, height, pixels)))).getText();
    }

    @SuppressWarnings("unchecked")
    private Node cell(String selector, java.util.function.Predicate<Object> item) {
        return onFx(() -> app.robot.lookup(selector).queryAll().stream()
                .filter(n -> ((ListCell<Object>) n).getItem() != null && item.test(((ListCell<Object>) n).getItem()))
                .findFirst().orElseThrow());
    }

    /** Selects a person in the online list, as the right click that opens its menu does on a desktop. */
    private void selectOnline(String name) {
        onFx(() -> {
            app.robot.lookup("#online").queryListView().getSelectionModel().select(name);
            return null;
        });
    }

    private void menu(Node node, String item) {
        app.contextMenu(node);
        until(() -> !app.robot.lookup(item).queryAll().isEmpty());
        app.robot.clickOn(item);
    }

    @Test
    void theHostingAppIsTheHostItsQrCarriesTheKeyAndItsMenusKeepOrder() throws Exception {
        app = DesktopFixture.start(DesktopFixture.config(null, "Ann", dir));
        app.robot.clickOn("#host");
        until(() -> app.statusText().contains("Connected"));
        until(() -> onFx(() -> session().host().get()));

        app.robot.clickOn("#invite-only");
        until(() -> onFx(() -> app.robot.lookup(".lan-url").queryTextInputControl().getText()).contains("?key="));
        String link = onFx(() -> app.robot.lookup(".lan-url").queryTextInputControl().getText());
        String scanned = decode(onFx(() -> app.robot.lookup("#qr").queryAs(ImageView.class).getImage()));
        assertThat(scanned).isEqualTo(link);
        URI room = URI.create(scanned);
        String key = scanned.substring(scanned.indexOf("?key=") + 5);
        assertThat(send(room, null, "POST", "/session", "{\"name\":\"Bob\"}").status()).isEqualTo(401);
        String bob = tokenOf(send(room, null, "POST", "/session", "{\"name\":\"Bob\",\"key\":\"" + key + "\"}"));
        var bobStream = http.client.newCall(new Request.Builder().url(room.resolve("/chat?view=json").toString())
                .header("Authorization", "Bearer " + bob).build()).execute();
        try {
            assertThat(bobStream.code()).isEqualTo(200);
            until(() -> onFx(() -> app.robot.lookup("#online").queryListView().getItems().contains("Bob")));

            send(room, bob, "POST", "/chat", "{\"text\":\"buy cheap watches\"}");
            until(() -> app.lines().contains("Bob: buy cheap watches"));
            menu(cell(".message-cell", i -> "buy cheap watches".equals(((MessageItem) i).text())), "#delete");
            until(() -> !app.robot.lookup("OK").queryAll().isEmpty());
            app.robot.clickOn("OK");
            until(() -> app.items().stream().anyMatch(i -> i.kind() == MessageItem.Kind.NOTICE
                    && i.text().equals("Ann removed a message by Bob")));
            assertThat(app.items().stream().filter(i -> i.deleted()).findFirst().orElseThrow().removedBy())
                    .isEqualTo("Ann");

            selectOnline("Bob");
            menu(cell("#online .list-cell", "Bob"::equals), "#mute-10");
            until(() -> app.items().stream().anyMatch(i -> i.text().equals("Ann muted Bob for 10 minutes")));
            assertThat(send(room, bob, "POST", "/chat", "{\"text\":\"why\"}").status()).isEqualTo(403);

            menu(cell("#places .list-cell", p -> ((Places.Place) p).key().equals("general")), "#read-only");
            until(() -> app.items().stream().anyMatch(i -> i.text().startsWith("Ann made this room read-only")));

            // A room archived from its menu, then deleted (after the app asks whether the host is sure).
            onFx(() -> {
                session().createRoom("Design", reason -> { });
                return null;
            });
            until(() -> onFx(() -> session().places().active()).equals("design"));
            menu(cell("#places .list-cell", p -> ((Places.Place) p).key().equals("design")), "#archive-room");
            until(() -> onFx(() -> app.robot.lookup("#input").queryTextInputControl().getPromptText())
                    .equals("# Design is archived: nobody posts here"));
            assertThat(onFx(() -> session().places().places().stream()
                    .filter(p -> p.key().equals("design")).findFirst().orElseThrow().archived())).isTrue();
            menu(cell("#places .list-cell", p -> ((Places.Place) p).key().equals("design")), "#delete-room");
            until(() -> !app.robot.lookup("Delete the room").queryAll().isEmpty());
            app.robot.clickOn("Delete the room");
            until(() -> onFx(() -> session().places().active()).equals("general"));
            until(() -> app.items().stream().anyMatch(i -> i.text()
                    .equals("The host deleted # Design and its messages.")));
            assertThat(onFx(() -> session().places().places().stream()
                    .noneMatch(p -> p.key().equals("design")))).isTrue();
            selectOnline("Bob");
            menu(cell("#online .list-cell", "Bob"::equals), "#remove-person");
            until(() -> app.items().stream().anyMatch(i -> i.text().equals("Ann removed Bob from the room")));
            assertThat(send(room, bob, "GET", "/chat/history", null).status()).isEqualTo(403);

            // The host's console: Bob is there though gone, and is let back in from it.
            app.robot.clickOn("#host-console");
            until(() -> !app.robot.lookup("#console-people").queryAll().isEmpty());
            @SuppressWarnings("unchecked")
            javafx.scene.control.TableView<dev.hubbub.chat.Api.ConsolePerson> people = onFx(() ->
                    (javafx.scene.control.TableView<dev.hubbub.chat.Api.ConsolePerson>) app.robot
                            .lookup("#console-people").query());
            until(() -> onFx(() -> people.getItems().stream().anyMatch(p -> p.name().equals("Bob") && p.removed())));
            onFx(() -> {
                people.getSelectionModel().select(people.getItems().stream().filter(p -> p.name().equals("Bob"))
                        .findFirst().orElseThrow());
                return null;
            });
            app.robot.clickOn("#console-back");
            until(() -> onFx(() -> people.getItems().stream().anyMatch(p -> p.name().equals("Bob") && !p.removed())));
            until(() -> app.items().stream().anyMatch(i -> i.text().equals("Ann let Bob back in")));
            assertThat(send(room, bob, "GET", "/chat/history", null).status()).isEqualTo(200);

            app.robot.clickOn("#console-tab-server");
            until(() -> onFx(() -> app.robot.lookup("#console-facts").queryAs(javafx.scene.layout.GridPane.class)
                    .getChildren().stream().anyMatch(n -> n instanceof javafx.scene.control.Label l
                            && l.getText().equals("SQLite, answering"))));
            app.robot.clickOn("#console-tab-files");
            until(() -> onFx(() -> app.robot.lookup("#console-storage").queryLabeled().getText())
                    .matches("Files take .* of the .* allowed\\."));
            app.robot.clickOn("#console-tab-rooms");
            @SuppressWarnings("unchecked")
            javafx.scene.control.TableView<dev.hubbub.chat.Api.RoomEntry> rooms = onFx(() ->
                    (javafx.scene.control.TableView<dev.hubbub.chat.Api.RoomEntry>) app.robot
                            .lookup("#console-rooms").query());
            until(() -> onFx(() -> !rooms.getItems().isEmpty()));
            onFx(() -> {
                rooms.getSelectionModel().select(0);
                return null;
            });
            app.robot.clickOn("#console-rename");
            until(() -> !app.robot.lookup("#rename-dialog .text-field").queryAll().isEmpty());
            onFx(() -> {
                app.robot.lookup("#rename-dialog .text-field").queryTextInputControl().setText("Lobby");
                return null;
            });
            app.robot.clickOn("OK");
            until(() -> app.items().stream().anyMatch(i -> i.text().equals("Ann renamed # General to # Lobby")));
            until(() -> onFx(() -> rooms.getItems().stream().anyMatch(r -> r.name().equals("Lobby"))));
            onFx(() -> {
                rooms.getSelectionModel().select(rooms.getItems().stream().filter(r -> r.name().equals("Lobby"))
                        .findFirst().orElseThrow());
                return null;
            });
            app.robot.clickOn("#console-topic");
            until(() -> !app.robot.lookup("#topic-dialog .text-field").queryAll().isEmpty());
            onFx(() -> {
                app.robot.lookup("#topic-dialog .text-field").queryTextInputControl().setText("Everyone, everything");
                return null;
            });
            app.robot.clickOn("OK");
            until(() -> app.items().stream().anyMatch(i -> i.text().contains("Everyone, everything")));
            onFx(() -> {
                rooms.getSelectionModel().select(rooms.getItems().stream().filter(r -> r.name().equals("Lobby"))
                        .findFirst().orElseThrow());
                return null;
            });
            app.robot.clickOn("#console-keep");
            until(() -> !app.robot.lookup("#keep-days").queryAll().isEmpty());
            onFx(() -> {
                app.robot.lookup("#keep-days").queryTextInputControl().setText("30");
                return null;
            });
            app.robot.clickOn("OK");
            until(() -> app.items().stream().anyMatch(i -> i.text()
                    .equals("Ann set this room to keep its messages for 30 days")));
        } finally {
            bobStream.close();
        }
    }

    @Test
    void theAppJoinsByTheLinkStaysInAndTheAffectedPersonSeesWhy() throws Exception {
        server = RunningServer.start(dir.resolve("room"), c -> c.with(b -> b.inviteOnly(true)));
        String key = server.server().inviteKey().orElseThrow();
        URI base = server.uri("/");
        String ann = tokenOf(send(base, null, "POST", "/session", "{\"name\":\"Ann\",\"key\":\"" + key + "\"}"));
        assertThat(send(base, ann, "POST", "/host/claim", "{\"token\":\"" + server.server().hostToken() + "\"}")
                .status()).isEqualTo(200);

        app = DesktopFixture.start(DesktopFixture.config(server.uri("/?key=" + key).toString(), "Cy", dir));
        until(() -> app.statusText().contains("Connected"));
        app.close();
        // Without the key this time: the token it kept lets it in.
        app = DesktopFixture.start(DesktopFixture.config(server.uri("/").toString(), "Cy", dir));
        until(() -> app.statusText().contains("Connected"));

        send(base, ann, "POST", "/host/mute", "{\"name\":\"Cy\",\"minutes\":10}");
        until(() -> app.items().stream().anyMatch(i -> i.text().equals("Ann muted Cy for 10 minutes")));
        app.say("but why");
        until(() -> app.items().stream().anyMatch(i -> i.delivery() == MessageItem.Delivery.FAILED
                && i.problem().startsWith("the host muted Cy until")));
        send(base, ann, "POST", "/host/mute", "{\"name\":\"Cy\",\"minutes\":0}");

        send(base, ann, "POST", "/host/room", "{\"room\":\"general\",\"readOnly\":true}");
        until(() -> onFx(() -> app.robot.lookup("#input").queryTextInputControl().isDisabled()));
        assertThat(onFx(() -> app.robot.lookup("#input").queryTextInputControl().getPromptText()))
                .isEqualTo("Only the host posts in # General");

        // A room Cy is reading is archived, then deleted: Cy sees why, and is taken back to General.
        send(base, ann, "POST", "/rooms", "{\"name\":\"Design\"}");
        // Cy is not in Ann's new room, so it is not in his list; he opens it as the room browser would.
        until(() -> onFx(() -> session().places().roomInfo("design") != null));
        onFx(() -> {
            session().show("design");
            return null;
        });
        send(base, ann, "POST", "/host/archive-room", "{\"room\":\"design\",\"archived\":true}");
        until(() -> onFx(() -> app.robot.lookup("#input").queryTextInputControl().getPromptText())
                .equals("# Design is archived: nobody posts here"));
        send(base, ann, "POST", "/host/delete-room", "{\"room\":\"design\"}");
        until(() -> onFx(() -> session().places().active()).equals("general"));
        until(() -> app.items().stream().anyMatch(i -> i.text().equals("The host deleted # Design and its messages.")));

        send(base, ann, "POST", "/host/remove", "{\"name\":\"Cy\"}");
        until(() -> onFx(() -> app.robot.lookup("#problem").queryLabeled().getText())
                .equals("The host removed Cy from this room; only the host can let you back."));
        assertThat(onFx(() -> app.robot.lookup("#input").queryTextInputControl().isDisabled())).isTrue();
        assertThat(app.items().get(app.items().size() - 1).text())
                .isEqualTo("The host removed Cy from this room; only the host can let you back.");
    }
}
