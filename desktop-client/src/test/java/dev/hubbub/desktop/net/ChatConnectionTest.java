package dev.hubbub.desktop.net;

import static dev.hubbub.desktop.net.RawEventServer.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.ChatMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reconnecting stream, against exact bytes from a raw server. */
class ChatConnectionTest {
    private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(20)).build();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<Duration> basesAskedFor = new CopyOnWriteArrayList<>();
    private final ReconnectDelay quickly = (base, attempt) -> {
        basesAskedFor.add(base);
        return Duration.ofMillis(20);
    };
    private RawEventServer server;
    private ChatConnection connection;

    @AfterEach
    void stop() throws Exception {
        if (connection != null) {
            connection.close();
        }
        server.close();
        scheduler.shutdownNow();
        http.dispatcher().cancelAll();
    }

    private static class Seen implements ChatConnection.Listener {
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final BlockingQueue<ConnectionStatus> statuses = new LinkedBlockingQueue<>();

        @Override
        public void onLine(String id, String line) {
            lines.add(line);
        }

        @Override
        public void onMessage(ChatMessage message) {
            lines.add(message.displayLine());
        }

        @Override
        public void onStatus(ConnectionStatus status) {
            statuses.add(status);
        }

        String nextLine() throws InterruptedException {
            String line = lines.poll(10, TimeUnit.SECONDS);
            assertThat(line).as("a line within 10 s").isNotNull();
            return line;
        }
    }

    private Seen connect() {
        Seen seen = new Seen();
        connection = new ChatConnection(http, ServerAddress.parse(server.url()), "Ann", seen, quickly, scheduler,
                Clock.systemUTC());
        connection.start();
        return seen;
    }

    @Test
    void aStreamEndingInABareCrIsReadThenEndsThenTheClientReconnectsWithoutSpinning() throws Exception {
        server = new RawEventServer(List.of(List.of(bytes("id: 3\nevent: chat\ndata: Bob: a\r\r"))));
        Seen seen = connect();
        assertThat(server.nextRequest().get(":request")).startsWith("GET /chat?view=json&name=Ann ");
        assertThat(seen.nextLine()).isEqualTo("Bob: a");
        assertThat(server.nextRequest().get("last-event-id")).isEqualTo("3");
    }

    @Test
    void anIdOnlyBlockBeforeADisconnectIsWhatTheReconnectSends() throws Exception {
        server = new RawEventServer(List.of(List.of(bytes("id: 1\nevent: chat\ndata: Bob: hi\n\n"),
                bytes("id: 7\n\n"))));
        connect();
        assertThat(server.nextRequest()).doesNotContainKey("last-event-id");
        assertThat(server.nextRequest().get("last-event-id")).isEqualTo("7");
    }

    @Test
    void anIdWithNulDoesNotReplaceTheLastGoodOne() throws Exception {
        server = new RawEventServer(List.of(List.of(bytes("id: 4\nevent: chat\ndata: Bob: hi\n\nid: 5\0\n\n"))));
        connect();
        server.nextRequest();
        assertThat(server.nextRequest().get("last-event-id")).isEqualTo("4");
    }

    @Test
    void theServersRetryIsWhereTheBackoffStarts() throws Exception {
        server = new RawEventServer(List.of(List.of(bytes("retry: 250\n\n"))));
        Seen seen = connect();
        server.nextRequest();
        server.nextRequest();
        assertThat(basesAskedFor).first().isEqualTo(Duration.ofMillis(250));
        ConnectionStatus status;
        do {
            status = seen.statuses.poll(10, TimeUnit.SECONDS);
        } while (status != null && status.state() != ConnectionStatus.State.RECONNECTING);
        assertThat(status).isNotNull();
        assertThat(status.detail()).isEqualTo("The room closed the connection.");
    }

    @Test
    void aTutorialServersPlainLinesAreShownAsTheyCame() throws Exception {
        server = new RawEventServer(List.of(List.of(bytes("event: chat\ndata: Ann: {not json}\n\n"),
                bytes("event: chat\ndata: plain line\n\n"))));
        Seen seen = connect();
        assertThat(seen.nextLine()).isEqualTo("Ann: {not json}");
        assertThat(seen.nextLine()).isEqualTo("plain line");
        assertThat(connection.speaksHubbub()).isFalse();
    }

    @Test
    void aMalformedEventFromARogueServerIsSkippedAndTheEventsAroundItStillArrive() throws Exception {
        server = new RawEventServer(List.of(List.of(bytes("event: hello\ndata: {\"room\":\"R\",\"epoch\":\"e\"}\n\n"
                + "id: 1\nevent: chat\ndata: {\"id\":\"t.1\",\"room\":\"general\",\"author\":\"Bob\",\"text\":\"before\","
                + "\"sentAt\":\"2026-11-24T10:00:00Z\"}\n\n"
                + "event: leave\ndata: {\"name\":null}\n\n"
                + "event: join\ndata: {}\n\n"
                + "id: 2\nevent: chat\ndata: {\"id\":2,\"author\":null,\"text\":\"x\",\"sentAt\":\"2026-11-24T10:00:00Z\"}\n\n"
                + "id: 3\nevent: chat\ndata: {\"id\":\"t.3\",\"room\":\"general\",\"author\":\"Bob\",\"text\":\"after\","
                + "\"sentAt\":\"2026-11-24T10:00:01Z\"}\n\n"))));
        List<String> left = new CopyOnWriteArrayList<>();
        Seen seen = new Seen() {
            @Override
            public void onLeave(String name) {
                left.add(name);
            }
        };
        connection = new ChatConnection(http, ServerAddress.parse(server.url()), "Ann", seen, quickly, scheduler,
                Clock.systemUTC());
        connection.start();
        assertThat(seen.nextLine()).isEqualTo("Bob: before");
        assertThat(seen.nextLine()).isEqualTo("Bob: after");
        assertThat(left).isEmpty();
    }
}
