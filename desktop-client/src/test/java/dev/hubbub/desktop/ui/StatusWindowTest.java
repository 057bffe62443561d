package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.DesktopFixture.onFx;
import static dev.hubbub.desktop.ui.DesktopFixture.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.PersonStatus;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import java.time.Duration;
import java.time.Instant;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import org.junit.jupiter.api.Test;

/**
 * Statuses in the app against a real server: another's beside their name in the online list, in a direct
 * conversation's header and in the mention list; the reader's own set from its menu, away by itself when idle and
 * back at the next input; a do-not-disturb that holds notifications while counting them as unread.
 */
class StatusWindowTest extends WindowTest {
    private String bob;

    private Http.Reply asBob(String method, String path, String json) throws Exception {
        return http.send(bob, method, server.uri(path), json);
    }

    private String bobsStatusOnServer(String name) throws Exception {
        var statuses = ChatJson.mapper().readTree(http.send(null, "GET", server.uri("/statuses?name=" + name), null)
                .body()).get("statuses");
        return statuses.has(name) ? statuses.get(name).get("state").asText()
                + (statuses.get(name).has("auto") ? " (auto)" : "") : "";
    }

    @SuppressWarnings("unchecked")
    private String onlineCell(String name) {
        return onFx(() -> app.robot.lookup("#online .list-cell").queryAll().stream()
                .map(n -> (ListCell<String>) n).filter(c -> name.equals(c.getItem()))
                .map(c -> c.getTooltip() == null ? "" : c.getTooltip().getText()).findFirst().orElse(""));
    }

    private String text(String id) {
        return onFx(() -> ((javafx.scene.control.Labeled) app.robot.lookup(id).query()).getText());
    }

    /** Chooses an item of the reader's status menu by its action (as a click on it does). */
    private void choose(String id) {
        onFx(() -> {
            MenuButton mine = app.robot.lookup("#my-status").queryAs(MenuButton.class);
            java.util.List<MenuItem> all = new java.util.ArrayList<>(mine.getItems());
            mine.getItems().stream().filter(i -> i instanceof javafx.scene.control.Menu)
                    .forEach(m -> all.addAll(((javafx.scene.control.Menu) m).getItems()));
            all.stream().filter(i -> id.equals(i.getId())).findFirst().orElseThrow().fire();
            return null;
        });
    }

    @Test
    void statusesShowBesideNamesAndAreSetAwayWhenIdleAndDoNotDisturbHoldsNotifications() throws Exception {
        server = RunningServer.start(dir.resolve("room"));
        bob = http.claim(server.uri("/"), "Bob");
        app = DesktopFixture.start(DesktopFixture.config(server.uri("/").toString(), "Ann", dir));
        until(() -> app.statusText().contains("Connected"));
        Http.Stream bobOnline = http.open(server.uri("/chat?view=json"), bob, null);
        try {
            until(() -> onFx(() -> session().people().online().contains("Bob")));
            assertThat(asBob("PUT", "/profile/status", "{\"state\":\"away\",\"text\":\"lunch\",\"emoji\":\"🍔\"}")
                    .status()).isEqualTo(200);
            until(() -> onlineCell("Bob").equals("Away · 🍔 lunch"));

            // A direct conversation's header, and the mention list.
            onFx(() -> {
                session().writeTo("Bob");
                return null;
            });
            until(() -> onFx(() -> app.robot.lookup("#place-status").query().isVisible())
                    && text("#place-status").equals("Away · 🍔 lunch"));
            app.robot.clickOn("#input");
            app.robot.write("@Bo");
            until(() -> onFx(() -> app.robot.lookup(".mention-choice").tryQuery()
                    .map(n -> ((javafx.scene.control.Labeled) n).getText()).orElse(""))
                    .equals("@Bob — Away · 🍔 lunch"));
            app.robot.eraseText(3);
            onFx(() -> {
                session().show(Places.GENERAL);
                return null;
            });

            // Idle: away by itself, then back at the next input (as the window's filter and timer do).
            onFx(() -> {
                session().statuses().checkIdle(Instant.now().plus(Duration.ofMinutes(11)), Statuses.IDLE);
                return null;
            });
            until(() -> bobsStatusOnServer("Ann").equals("away (auto)"));
            until(() -> text("#my-status").equals("Away"));
            app.robot.moveTo("#input");
            app.robot.moveBy(5, 0);
            until(() -> bobsStatusOnServer("Ann").isEmpty());
            until(() -> text("#my-status").equals("Active"));

            // Do not disturb for an hour: Bob's direct message is held, and counted.
            choose("dnd-60");
            until(() -> text("#my-status").startsWith("Do not disturb until "));
            assertThat(bobsStatusOnServer("Ann")).isEqualTo("dnd");
            assertThat(onFx(() -> session().statuses().mine(Instant.now()).until()))
                    .isBetween(Instant.now().plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofMinutes(61)));
            assertThat(asBob("POST", "/chat", "{\"to\":\"Ann\",\"text\":\"are you there?\"}").status())
                    .isEqualTo(201);
            until(() -> onFx(() -> session().notifications().held()) == 1);
            until(() -> onFx(() -> session().places().places().stream()
                    .anyMatch(p -> p.key().equals("@bob") && p.unread() == 1)));

            choose("status-clear");
            until(() -> text("#my-status").equals("Active"));
            assertThat(onFx(() -> session().statuses().mine(Instant.now()))).isEqualTo(PersonStatus.PLAIN);
        } finally {
            bobOnline.close();
        }
    }
}
