package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.DesktopFixture.onFx;
import static dev.hubbub.desktop.ui.DesktopFixture.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.testing.Burst;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import java.util.List;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.ListView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;

/** The app in a busy room: thousands of messages at once, against a real server. */
class BusyRoomTest extends WindowTest {
    private static final int BURST = 2_500;



    @Test
    void followsTheNewestMessageThroughABurstWithBoundedRowsCellsAndListeners() throws Exception {
        server = RunningServer.start(dir.resolve("room"));
        app = DesktopFixture.start(DesktopFixture.config(server.uri("/").toString(), "Ann", dir));
        until(() -> app.statusText().contains("Connected"));
        Burst.post(server.uri("/chat"), 200, 8);
        until(() -> app.items().size() == 200 && atNewest());
        int listenersBefore = onFx(() -> Listeners.on(app.messages().widthProperty()));

        Burst.post(server.uri("/chat"), BURST, 16);
        new Http().post(server.uri("/chat"), Http.TEXT, "Bob: the last one");

        until(() -> "the last one".equals(lastVisibleText()) && atNewest());
        assertThat(app.items()).hasSizeLessThanOrEqualTo(Conversation.WINDOW);
        assertThat(app.items().get(app.items().size() - 1).text()).isEqualTo("the last one");
        int onScreen = onFx(() -> flow().getLastVisibleCell().getIndex() - flow().getFirstVisibleCell().getIndex() + 1);
        assertThat(onFx(() -> app.messages().lookupAll(".message-cell").size()))
                .as("cells are recycled, a few screens' worth, not made per message")
                .isLessThanOrEqualTo(3 * onScreen + 10);
        assertThat(onFx(() -> Listeners.on(app.messages().widthProperty())))
                .as("listeners on the list's width, after %d more messages", BURST)
                .isLessThanOrEqualTo(listenersBefore + 2);
    }

    @Test
    void scrollingToTheTopLoadsOlderMessagesAndNewOnesAreCountedNotScrolledTo() throws Exception {
        server = RunningServer.start(dir.resolve("room"));
        Burst.post(server.uri("/chat"), Conversation.WINDOW + 300, 16);
        app = DesktopFixture.start(DesktopFixture.config(server.uri("/").toString(), "Ann", dir));
        until(() -> app.statusText().contains("Connected") && !app.items().isEmpty());
        long oldestBefore = Ids.seq(app.items().get(0).id());

        app.robot.clickOn("#messages");
        app.robot.type(KeyCode.HOME);
        until(() -> Ids.seq(app.items().get(0).id()) < oldestBefore);
        List<MessageItem> rows = app.items();
        assertThat(Ids.seq(rows.get(0).id())).isLessThan(oldestBefore);
        for (int i = 1; i < rows.size(); i++) {
            assertThat(Ids.seq(rows.get(i).id())).as("row %d", i).isGreaterThan(Ids.seq(rows.get(i - 1).id()));
        }

        new Http().post(server.uri("/chat"), Http.TEXT, "Bob: while you read");
        until(() -> app.lines().contains("Bob: while you read"));
        until(() -> app.robot.lookup("#jump").queryButton().isVisible());
        assertThat(app.robot.lookup("#jump").queryButton().getText()).isEqualTo("1 new message ↓");
        assertThat(onFx(this::atNewest)).as("the list stays where the reader is").isFalse();

        app.robot.clickOn("#jump");
        until(() -> "while you read".equals(lastVisibleText()) && atNewest());
        assertThat(app.robot.lookup("#jump").queryButton().isVisible()).isFalse();
    }

    private VirtualFlow<?> flow() {
        return (VirtualFlow<?>) app.messages().lookup(".virtual-flow");
    }

    /** The text of the last row on screen; FX thread. */
    private String lastVisibleText() {
        IndexedCell<?> last = flow().getLastVisibleCell();
        return last == null || !(last.getItem() instanceof MessageItem item) ? null : item.text();
    }

    /** Whether the list's last row is on screen, bottom edge in view; FX thread. */
    private boolean atNewest() {
        ListView<MessageItem> list = app.messages();
        IndexedCell<?> last = flow().getLastVisibleCell();
        return last != null && last.getIndex() == list.getItems().size() - 1
                && last.getLayoutY() + last.getHeight() <= flow().getHeight() + 2;
    }
}
