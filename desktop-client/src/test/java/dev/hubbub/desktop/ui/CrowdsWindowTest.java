package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.DesktopFixture.onFx;
import static dev.hubbub.desktop.ui.DesktopFixture.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.Api;
import dev.hubbub.server.testing.RunningServer;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.ListView;
import org.junit.jupiter.api.Test;

/**
 * The app in a crowd, as the page: a newcomer's list holds General alone; the room browser joins a room; its menu
 * stars it (first in the list) and hides it (last); a room not joined stays quiet; its topic shows in the bar; the
 * list filters and its sections fold; leaving takes it out; the people directory lists who is offline too.
 */
class CrowdsWindowTest extends WindowTest {
    @SuppressWarnings("unchecked")
    private List<String> places() {
        return onFx(() -> ((ListView<Places.Place>) app.robot.lookup("#places").query()).getItems().stream()
                .map(p -> (p.starred() ? "★ " : "") + p.label() + (p.hidden() ? " (hidden)" : "")
                        + (p.unread() > 0 ? " " + p.unread() : "")).toList());
    }

    /** A node in a window that shows now (a dialog's). */
    private Node showing(String query) {
        return onFx(() -> app.robot.lookup(query).queryAll().stream().filter(n -> n.getScene() != null
                && n.getScene().getWindow() != null && n.getScene().getWindow().isShowing()).findFirst()
                .orElseThrow());
    }

    @Test
    void aNewcomerBrowsesJoinsStarsHidesAndLeavesRoomsAndFindsEveryone() throws Exception {
        server = RunningServer.start(dir.resolve("room"));
        String bob = http.claim(server.uri("/"), "Bob");
        for (String room : List.of("Design", "Marketing")) {
            http.send(bob, "POST", server.uri("/rooms"), "{\"name\":\"" + room + "\"}");
        }
        http.claim(server.uri("/"), "Zoë");
        app = DesktopFixture.start(DesktopFixture.config(server.uri("/").toString(), "Ann", dir));
        until(() -> app.statusText().contains("Connected"));
        until(() -> places().equals(List.of("# General")));
        http.send(bob, "POST", server.uri("/chat"), "{\"room\":\"marketing\",\"text\":\"nobody here yet\"}");

        // The browser: every room with its members; Join.
        app.robot.clickOn("#browse-rooms");
        until(() -> showing("#browse-list") != null && onFx(() -> ((ListView<?>) showing("#browse-list"))
                .getItems().size()) == 3);
        app.robot.clickOn(showing("#join-design"));
        until(() -> places().equals(List.of("# General", "# Design")));
        until(() -> onFx(() -> ((ListView<?>) showing("#browse-list")).getItems().stream()
                .map(Api.RoomEntry.class::cast).anyMatch(r -> r.id().equals("design") && r.members() == 2)));
        onFx(() -> {
            ((javafx.stage.Stage) showing("#browse-dialog").getScene().getWindow()).close();
            return null;
        });
        assertThat(places()).as("Marketing, not joined, counted nothing").containsExactly("# General", "# Design");

        // Starred: first; hidden: last; the topic in the bar; the filter.
        onFx(() -> {
            session().join("design", true, null, reason -> { });
            return null;
        });
        until(() -> places().equals(List.of("★ # Design", "# General")));
        onFx(() -> {
            session().show("design");
            session().setTopic("design", "Everything we draw", reason -> { });
            return null;
        });
        until(() -> onFx(() -> ((javafx.scene.control.Labeled) app.robot.lookup("#place-topic").query()).getText())
                .equals("Everything we draw"));
        onFx(() -> {
            session().join("design", false, true, reason -> { });
            return null;
        });
        until(() -> places().equals(List.of("# General", "# Design (hidden)")));
        app.robot.clickOn("#places-filter");
        app.robot.write("GEN");
        until(() -> places().equals(List.of("# General")));
        app.robot.eraseText(3);
        until(() -> places().equals(List.of("# General", "# Design (hidden)")));
        app.robot.clickOn("#section-rooms");
        until(() -> places().equals(List.of("# Design (hidden)")));   // folded: only the place shown stays
        app.robot.clickOn("#section-rooms");
        until(() -> places().equals(List.of("# General", "# Design (hidden)")));

        // Looking at a room without joining: Join in the bar.
        onFx(() -> {
            session().show("marketing");
            return null;
        });
        until(() -> onFx(() -> app.robot.lookup("#join-room").query().isVisible()));
        app.robot.clickOn("#join-room");
        until(() -> places().contains("# Marketing") && !onFx(() -> app.robot.lookup("#join-room").query()
                .isVisible()));
        onFx(() -> {
            session().leave("marketing", reason -> { });
            return null;
        });
        until(() -> onFx(() -> session().places().active()).equals("general") && !places().contains("# Marketing"));

        // Everyone, online or not.
        app.robot.clickOn("#everyone");
        until(() -> onFx(() -> ((ListView<?>) showing("#people-list")).getItems().stream()
                .map(Api.Someone.class::cast).map(Api.Someone::name).toList()).equals(List.of("Ann", "Bob", "Zoë")));
    }
}
