package dev.hubbub.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import dev.hubbub.server.testing.StreamReader;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server upgraded over the first release's database (a committed fixture, written by that release): everything is
 * in {@code general}, and a browser that reconnects with an id the first release sent resumes with no gap and no
 * duplicate.
 */
class UpgradeTest {
    @TempDir
    Path dataDir;

    @Test
    void aLastEventIdFromBeforeTheUpgradeResumesRightAfterIt() throws Exception {
        Files.createDirectories(dataDir);
        try (InputStream fixture = getClass().getResourceAsStream("/fixtures/first-release.db")) {
            Files.copy(fixture, dataDir.resolve("hubbub.db"));
        }
        try (RunningServer server = RunningServer.start(dataDir)) {
            Http http = new Http();
            for (String query : new String[] {"", "?view=json"}) {
                try (Http.Stream stream = http.open(server.uri("/chat" + query), "3")) {
                    StreamReader reader = new StreamReader(stream.response().body().byteStream(), "upgraded");
                    var events = reader.until(e -> e.data().contains("message 5"), Duration.ofSeconds(10));
                    assertThat(events.stream().filter(e -> e.type().equals("chat")).map(e -> e.data()))
                            .hasSize(2).allMatch(data -> data.contains("message 4") || data.contains("message 5"));
                    assertThat(events.get(events.size() - 1).lastEventId()).as("the same place, in the new form")
                            .isEqualTo("7fafe49a.5");
                }
            }
            assertThat(server.server().hub().epoch()).isEqualTo("7fafe49a-2d2f-4e86-89e4-bdee06e25c9c");
        }
    }
}
