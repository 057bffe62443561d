package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.DesktopFixture.onFx;
import static dev.hubbub.desktop.ui.DesktopFixture.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.HistoryPage;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import java.util.List;
import javafx.scene.control.ListView;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

/** Rooms, direct messages, unread counts and names in the app, rendered for real, against a real server. */
class RoomsWindowTest extends WindowTest {


    private String claim(String name) throws Exception {
        Http.Reply reply = http.post(server.uri("/session"), Http.JSON, "{\"name\":\"" + name + "\"}");
        assertThat(reply.status()).isEqualTo(201);
        return ChatJson.mapper().readTree(reply.body()).get("token").asText();
    }

    private void postAs(String token, String json) throws Exception {
        Http.Reply reply = http.send(new Request.Builder().url(server.uri("/chat").toString())
                .header("Authorization", "Bearer " + token).post(RequestBody.create(json, Http.JSON)).build());
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    }

    private List<String> historyFor(String token, String query) throws Exception {
        Http.Reply reply = http.send(new Request.Builder().url(server.uri("/chat/history?" + query).toString())
                .header("Authorization", "Bearer " + token).build());
        return ChatJson.read(reply.body(), HistoryPage.class).messages().stream().map(ChatMessage::displayLine)
                .toList();
    }

    @SuppressWarnings("unchecked")
    private ListView<Places.Place> places() {
        return app.robot.lookup("#places").queryAs(ListView.class);
    }

    private int unread(String key) {
        return onFx(() -> places().getItems().stream().filter(p -> p.key().equals(key))
                .mapToInt(Places.Place::unread).findFirst().orElse(-1));
    }

    private String placeName() {
        return onFx(() -> app.robot.lookup("#place-name").queryLabeled().getText());
    }

    private void open(String key) {
        onFx(() -> {
            ListView<Places.Place> list = places();
            for (int i = 0; i < list.getItems().size(); i++) {
                if (list.getItems().get(i).key().equals(key)) {
                    list.getSelectionModel().select(i);
                }
            }
            return null;
        });
    }

    @Test
    void createsARoomPostsInItAndTalksWithSomeoneAloneWithUnreadCounts() throws Exception {
        server = RunningServer.start(dir.resolve("room"));
        String bob = claim("Bob");
        app = DesktopFixture.start(DesktopFixture.config(server.uri("/").toString(), "Ann", dir));
        until(() -> app.statusText().contains("Connected"));
        assertThat(placeName()).isEqualTo("# General");

        app.robot.clickOn("#new-room-name").write("Design");
        app.robot.clickOn("#create-room");
        until(() -> placeName().equals("# Design"));
        app.say("the new layout is up");
        until(() -> app.lines().contains("Ann: the new layout is up"));
        assertThat(historyFor(bob, "room=design")).containsExactly("Ann: the new layout is up");

        postAs(bob, "{\"text\":\"meanwhile in general\"}");
        until(() -> unread("general") == 1);
        postAs(bob, "{\"to\":\"Ann\",\"text\":\"psst\"}");
        until(() -> unread("@bob") == 1);
        assertThat(app.lines()).doesNotContain("Bob: psst", "Bob: meanwhile in general");

        open("@bob");
        until(() -> placeName().equals("@ Bob") && app.lines().contains("Bob: psst"));
        assertThat(unread("@bob")).isZero();
        app.say("hi Bob, just us");
        until(() -> historyFor(bob, "with=Ann").contains("Ann: hi Bob, just us"));
        assertThat(historyFor(bob, "room=general")).doesNotContain("Ann: hi Bob, just us");

        open("general");
        until(() -> app.lines().contains("Bob: meanwhile in general"));
        assertThat(unread("general")).isZero();
        assertThat(app.lines()).doesNotContain("Bob: psst");
    }

    @Test
    void unreadCountsOutliveARestartAndWhatWasReadStaysRead() throws Exception {
        server = RunningServer.start(dir.resolve("room"));
        String bob = claim("Bob");
        Http.Reply room = http.send(new Request.Builder().url(server.uri("/rooms").toString())
                .header("Authorization", "Bearer " + bob)
                .post(RequestBody.create("{\"name\":\"Design\"}", Http.JSON)).build());
        assertThat(room.status()).isEqualTo(201);
        app = DesktopFixture.start(DesktopFixture.config(server.uri("/").toString(), "Ann", dir));
        until(() -> app.statusText().contains("Connected"));
        joinRooms("design");   // Bob made it
        postAs(bob, "{\"room\":\"design\",\"text\":\"one\"}");
        postAs(bob, "{\"room\":\"design\",\"text\":\"two\"}");
        postAs(bob, "{\"text\":\"hello general\"}");
        until(() -> unread("design") == 2 && app.lines().contains("Bob: hello general"));

        app.close();
        app = DesktopFixture.start(DesktopFixture.config(server.uri("/").toString(), "Ann", dir));
        until(() -> app.statusText().contains("Connected") && app.lines().contains("Bob: hello general"));
        assertThat(unread("design")).as("still unread after a restart").isEqualTo(2);

        open("design");
        until(() -> app.lines().contains("Bob: two"));
        open("general");
        until(() -> app.lines().contains("Bob: hello general"));
        app.close();
        app = DesktopFixture.start(DesktopFixture.config(server.uri("/").toString(), "Ann", dir));
        until(() -> app.statusText().contains("Connected") && app.lines().contains("Bob: hello general"));
        postAs(bob, "{\"text\":\"after the restart\"}");
        until(() -> app.lines().contains("Bob: after the restart"));
        assertThat(unread("design")).as("what was read is not counted again").isZero();
        postAs(bob, "{\"room\":\"design\",\"text\":\"three\"}");
        until(() -> unread("design") == 1);
    }

    @Test
    void aNameHeldElsewhereIsLinkedWithACodeAndAResetServerIsJoinedAfresh() throws Exception {
        server = RunningServer.start(dir.resolve("room"));
        int port = server.port();
        String laptop = claim("Ann");
        Http.Reply code = http.send(new Request.Builder().url(server.uri("/session/link").toString())
                .header("Authorization", "Bearer " + laptop).post(RequestBody.create("{}", Http.JSON)).build());
        String linkCode = ChatJson.mapper().readTree(code.body()).get("code").asText();

        app = DesktopFixture.start(DesktopFixture.config(server.uri("/").toString(), "Ann", dir));
        until(() -> onFx(() -> app.robot.lookup("#problem").queryLabeled().getText()).contains("is taken"));
        app.robot.clickOn("#code").write(linkCode);
        app.robot.clickOn("#link");
        until(() -> app.statusText().contains("Connected"));
        app.say("from the desktop, as Ann");
        until(() -> historyFor(laptop, "room=general").contains("Ann: from the desktop, as Ann"));

        // The server starts over with another database: the app signs in afresh and shows only the new history.
        server.close();
        server = RunningServer.start(dir.resolve("reset"), c -> c.with(b -> b.port(port)));
        String bob = claim("Bob");
        postAs(bob, "{\"text\":\"a new beginning\"}");
        // Signed in again once its stream counts Ann as online on the new server.
        until(() -> server.server().hub().online().contains("Ann") && app.statusText().contains("Connected")
                && app.lines().contains("Bob: a new beginning"));
        assertThat(app.lines()).doesNotContain("Ann: from the desktop, as Ann");
        app.say("still here");
        until(() -> historyFor(bob, "room=general").contains("Ann: still here"));
    }
}
