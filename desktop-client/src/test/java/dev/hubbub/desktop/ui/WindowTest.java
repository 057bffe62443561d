package dev.hubbub.desktop.ui;

import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the window tests share: a temporary directory, an HTTP client for the other people, and the app and the
 * server a test starts ({@link #app}, {@link #server}), both closed after it.
 */
abstract class WindowTest {
    @TempDir
    Path dir;

    final Http http = new Http();
    RunningServer server;
    DesktopFixture app;

    @AfterEach
    void closeAppAndServer() throws Exception {
        if (app != null) {
            app.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /**
     * Joins rooms others made, as the room browser's Join does (a newcomer is in General alone), and waits until the
     * list has them.
     */
    void joinRooms(String... ids) {
        for (String id : ids) {
            DesktopFixture.until(() -> DesktopFixture.onFx(() -> session().places().roomInfo(id) != null));
            DesktopFixture.onFx(() -> {
                session().join(id, null, null, reason -> { });
                return null;
            });
            DesktopFixture.until(() -> DesktopFixture.onFx(() -> session().places().places().stream()
                    .anyMatch(place -> place.key().equals(id))));
        }
    }

    /** The session behind the window's room. */
    Session session() {
        return ((ChatView) app.robot.lookup("#messages").query().getProperties().get(ChatView.class)).session();
    }
}
