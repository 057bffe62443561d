package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.DesktopFixture.onFx;
import static dev.hubbub.desktop.ui.DesktopFixture.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.Avatar;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.server.testing.Events;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.shape.Circle;
import org.junit.jupiter.api.Test;

/**
 * Reading in the app: one person's messages minutes apart share a header, headers carry the person's avatar (the
 * same initials and colour the server draws for the page), a day's line above the first message of a day, and a
 * "New messages" line where the reader left off.
 */
class ReadingWindowTest extends WindowTest {
    private void post(String author, String room, String text) throws Exception {
        Http.Reply reply = http.post(server.uri("/chat"), Http.JSON,
                ChatJson.write(Map.of("author", author, "room", room, "text", text)));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    }

    /** The list as drawn: "-- line --" for day and new lines, "  " before a message sharing the header above. */
    private List<String> shape() {
        return onFx(() -> app.robot.lookup("#messages .message-cell").queryAll().stream()
                .filter(cell -> ((MessageCell) cell).getItem() != null)
                .sorted(java.util.Comparator.comparingInt(cell -> ((MessageCell) cell).getIndex()))
                .flatMap(cell -> {
                    MessageCell c = (MessageCell) cell;
                    List<String> lines = new java.util.ArrayList<>();
                    for (String kind : List.of(".day-line", ".new-line")) {
                        Node line = cell.lookup(kind);
                        if (line != null && line.isVisible()) {
                            lines.add("-- " + ((Label) line).getText() + " --");
                        }
                    }
                    lines.add((c.getPseudoClassStates().contains(MessageCell.CONTINUED) ? "  " : "") + c.getItem().author() + ": "
                            + c.getItem().text());
                    return lines.stream();
                }).toList());
    }

    private static MessageCell cellOf(Node node) {
        Node at = node;
        while (!(at instanceof MessageCell)) {
            at = at.getParent();
        }
        return (MessageCell) at;
    }

    @Test
    void consecutiveMessagesShareAHeaderWithAvatarsDaysAndWhereTheReaderLeftOff() throws Exception {
        server = RunningServer.start(dir.resolve("room"));
        http.makeRoom(server.uri("/"), "Host", "Design");
        post("Bob", "general", "morning");
        post("Bob", "general", "the build is up");
        post("Cy", "general", "thanks");
        app = DesktopFixture.start(DesktopFixture.config(server.uri("/").toString(), "Ann", dir));
        until(() -> app.statusText().contains("Connected") && shape().size() == 4);
        assertThat(shape()).containsExactly("-- Today --", "Bob: morning", "  Bob: the build is up", "Cy: thanks");

        Avatar bob = Avatar.of("Bob");
        assertThat(onFx(() -> app.robot.lookup("#messages .avatar").queryAll().stream()
                .filter(Node::isVisible).map(a -> ((Label) a.lookup(".initials")).getText() + " "
                        + ((Circle) ((javafx.scene.layout.StackPane) a).getChildren().get(0)).getFill())
                .toList())).contains("B " + javafx.scene.paint.Color.web(bob.colour()));

        // An app's message carries an APP badge (not "not signed in"), and a screen reader says it is an app's.
        Events.post(server.server().hub(), Events.inGeneral("deploybot", "deployed 1.2").byApp());
        until(() -> shape().contains("deploybot: deployed 1.2"));
        MessageCell byApp = onFx(() -> app.robot.lookup("#messages .message-cell").queryAll().stream()
                .map(cell -> (MessageCell) cell).filter(c -> c.getItem() != null
                        && "deploybot".equals(c.getItem().author())).findFirst().orElseThrow());
        assertThat(onFx(() -> byApp.lookupAll(".app-badge").stream().filter(Node::isVisible)
                .map(n -> ((Label) n).getText()).toList())).containsExactly("APP");
        assertThat(onFx(() -> byApp.lookup(".unverified").isVisible())).isFalse();
        assertThat(onFx(byApp::getAccessibleText)).startsWith("deploybot, app, ").endsWith(": deployed 1.2");
        MessageCell byPerson = onFx(() -> app.robot.lookup("#messages .message-cell").queryAll().stream()
                .map(cell -> (MessageCell) cell).filter(c -> c.getItem() != null
                        && "Cy".equals(c.getItem().author())).findFirst().orElseThrow());
        assertThat(onFx(() -> byPerson.lookupAll(".app-badge").stream().noneMatch(Node::isVisible))).isTrue();
        assertThat(onFx(byPerson::getAccessibleText)).doesNotContain("app");

        joinRooms("design");   // the host made it
        onFx(() -> {
            session().show("design");
            return null;
        });
        until(() -> session().places().active().equals("design"));
        post("Bob", "design", "seen before");
        until(() -> shape().contains("Bob: seen before"));
        onFx(() -> {
            session().show("general");
            return null;
        });
        until(() -> shape().contains("Cy: thanks"));
        post("Bob", "design", "one");
        post("Cy", "design", "two");
        post("Cy", "design", "three");
        until(() -> session().places().unreadIn("design") == 3);
        onFx(() -> {
            session().show("design");
            return null;
        });
        until(() -> shape().contains("  Cy: three"));
        assertThat(shape()).containsExactly("-- Today --", "Bob: seen before", "-- New messages --", "Bob: one",
                "Cy: two", "  Cy: three");

        // A long message shows its start, and all of it after "Show more".
        post("Bob", "design", "line\n".repeat(40) + "the end");
        until(() -> app.robot.lookup("#messages .show-more").queryAll().stream().anyMatch(Node::isVisible));
        javafx.scene.control.Hyperlink more = onFx(() -> (javafx.scene.control.Hyperlink) app.robot
                .lookup("#messages .show-more").queryAll().stream().filter(Node::isVisible).findFirst().orElseThrow());
        javafx.scene.layout.VBox bubble = onFx(() -> (javafx.scene.layout.VBox) more.getParent());
        double collapsed = onFx(() -> bubble.getHeight());
        assertThat(onFx(more::getText)).isEqualTo("Show more");
        assertThat(collapsed).isLessThan(320);
        onFx(() -> {
            more.fire();
            return null;
        });
        until(() -> bubble.getHeight() > collapsed * 2 && more.getText().equals("Show less"));

        // Ann sets a picture: her messages show it in place of her initials.
        app.say("my turn");
        until(() -> app.lines().contains("Ann: my turn"));
        java.nio.file.Path photo = dir.resolve("ann.png");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(300, 200,
                java.awt.image.BufferedImage.TYPE_INT_RGB), "png", photo.toFile());
        java.util.concurrent.atomic.AtomicReference<String> answer = new java.util.concurrent.atomic.AtomicReference<>();
        onFx(() -> {
            session().setPicture(photo, reason -> answer.set(reason == null ? "set" : reason));
            return null;
        });
        until(() -> "set".equals(answer.get()));
        until(() -> app.robot.lookup("#messages .avatar-picture").queryAll().stream()
                .anyMatch(n -> n.isVisible() && ((javafx.scene.image.ImageView) n).getImage() != null
                        && "Ann".equals(cellOf(n).getItem().author())));
    }
}
