package dev.hubbub.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import dev.hubbub.server.testing.StreamReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who is online: each person once, however many streams; a leave only after the grace period. */
class PresenceTest {
    @TempDir
    Path dataDir;

    private final Http http = new Http();
    private final List<Http.Stream> streams = new ArrayList<>();
    private RunningServer server;

    @BeforeEach
    void start() throws Exception {
        // A closed HTTP/1.1 stream is noticed at its next write: short keep-alives make that quick here.
        server = RunningServer.start(dataDir, c -> c.with(b -> b.hub(h -> h.keepAlive(Duration.ofMillis(100)))));
    }

    @AfterEach
    void stop() {
        streams.forEach(Http.Stream::close);
        server.close();
    }

    private record Client(Http.Stream stream, StreamReader reader) {
    }

    private Client join(String name) throws Exception {
        Http.Stream stream = http.open(server.uri("/chat?view=json&name="
                + URLEncoder.encode(name, StandardCharsets.UTF_8)), null);
        streams.add(stream);
        return new Client(stream, new StreamReader(stream.response().body().byteStream(), name));
    }

    private static List<String> online(StreamReader reader) throws Exception {
        return ChatJson.read(reader.next("presence").data(), StreamEvents.Online.class).names();
    }

    private static String person(String data) {
        return ChatJson.read(data, StreamEvents.Person.class).name();
    }

    @Test
    void aNewcomerSeesWhoIsOnlineAndEveryoneSeesTheNewcomerJoin() throws Exception {
        Client ann = join("Ann");
        assertThat(online(ann.reader())).isEmpty();
        assertThat(person(ann.reader().next("join").data())).isEqualTo("Ann");

        Client bob = join("Bob");
        assertThat(online(bob.reader())).containsExactly("Ann");
        assertThat(person(bob.reader().next("join").data())).isEqualTo("Bob");
        assertThat(person(ann.reader().next("join").data())).isEqualTo("Bob");
        assertThat(server.server().hub().online()).containsExactly("Ann", "Bob");
    }

    @Test
    void onePersonWithManyStreamsIsCountedOnceAndLeavesWhenTheLastCloses() throws Exception {
        Client watcher = join("Watcher");
        watcher.reader().next("join");
        Client laptop = join("Ann");
        Client phone = join("ann ");
        assertThat(person(watcher.reader().next("join").data())).isEqualTo("Ann");
        assertThat(online(phone.reader())).containsExactly("Watcher", "Ann");
        assertThat(server.server().hub().online()).containsExactly("Watcher", "Ann");

        laptop.stream().close();
        watcher.reader().expectNothingFor(Duration.ofMillis(800));
        assertThat(server.server().hub().online()).containsExactly("Watcher", "Ann");

        phone.stream().close();
        assertThat(person(watcher.reader().next("leave").data())).isEqualTo("Ann");
        assertThat(server.server().hub().online()).containsExactly("Watcher");
    }

    @Test
    void aQuickReconnectIsNeitherALeaveNorAJoin() throws Exception {
        Client watcher = join("Watcher");
        watcher.reader().next("join");
        Client ann = join("Ann");
        watcher.reader().next("join");
        ann.stream().close();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.server().hub().streamCount() == 1);
        join("Ann");
        watcher.reader().expectNothingFor(Duration.ofMillis(800));
        assertThat(server.server().hub().online()).containsExactly("Watcher", "Ann");
    }

    @Test
    void theTutorialStreamCarriesNoPresence() throws Exception {
        Http.Stream tutorial = http.open(server.uri("/chat"), null);
        streams.add(tutorial);
        StreamReader reader = new StreamReader(tutorial.response().body().byteStream(), "tutorial");
        join("Ann");
        assertThat(http.post(server.uri("/chat"), Http.TEXT, "Ann: hi").status()).isEqualTo(201);
        assertThat(reader.next().type()).isEqualTo("chat");
    }
}
