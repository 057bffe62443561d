package dev.hubbub.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.HistoryPage;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hubbub send} and {@code hubbub tail} as real processes against a real server. */
class SendAndTailTest {
    @TempDir
    Path dir;

    private final Http http = new Http();
    private RunningServer server;
    private Path annToken;
    private String bob;

    @BeforeEach
    void start() throws Exception {
        server = RunningServer.start(dir.resolve("room"));
        annToken = Files.writeString(dir.resolve("ann.token"), claim("Ann") + "\n");
        bob = claim("Bob");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String claim(String name) throws Exception {
        Http.Reply reply = http.post(server.uri("/session"), Http.JSON, "{\"name\":\"" + name + "\"}");
        return ChatJson.mapper().readTree(reply.body()).get("token").asText();
    }

    private List<ChatMessage> history(String query, String token) throws Exception {
        Request.Builder request = new Request.Builder().url(server.uri("/chat/history?" + query).toString());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return ChatJson.read(http.send(request.build()).body(), HistoryPage.class).messages();
    }

    private String url() {
        return "127.0.0.1:" + server.port();
    }

    @Test
    void sendPostsFromArgumentsOrStandardInputAndPrintsTheId() throws Exception {
        try (CommandProcess send = CommandProcess.start("send", "--server", url(), "--token-file",
                annToken.toString(), "build", "#42", "passed")) {
            String id = send.nextLine();
            assertThat(send.exitCode()).as(send.stderr()).isZero();
            ChatMessage stored = history("room=general", null).get(0);
            assertThat(stored.id()).isEqualTo(id);
            assertThat(stored.displayLine()).isEqualTo("Ann: build #42 passed");
            assertThat(stored.verified()).isTrue();
        }
        try (CommandProcess send = CommandProcess.start("send", "--server", "http://" + url() + "/", "--name",
                "Nightly", "--room", "general")) {
            send.write("tests: 812 passed\r\nwarnings: 3\n");
            send.closeStdin();
            assertThat(send.exitCode()).as(send.stderr()).isZero();
        }
        assertThat(history("room=general", null).get(1).text()).isEqualTo("tests: 812 passed\nwarnings: 3");
        assertThat(history("room=general", null).get(1).verified()).isFalse();
        try (CommandProcess send = CommandProcess.start("send", "--server", url(), "--token-file",
                annToken.toString(), "--to", "Bob", "just between us")) {
            send.nextLine();
            assertThat(send.exitCode()).isZero();
        }
        assertThat(history("with=Ann", bob)).extracting(ChatMessage::displayLine).containsExactly(
                "Ann: just between us");
    }

    @Test
    void sendTakesTheRoomByTheNamePeopleSeeAsWellAsByItsId() throws Exception {
        post(bob, "{\"name\":\"Build Status\"}", "/rooms");
        for (String room : List.of("Build Status", "build status", "build-status")) {
            try (CommandProcess send = CommandProcess.start("send", "--server", url(), "--token-file",
                    annToken.toString(), "--room", room, "to " + room)) {
                String id = send.nextLine();
                assertThat(send.exitCode()).as(send.stderr()).isZero();
                assertThat(history("room=build-status", null)).extracting(ChatMessage::id).contains(id);
            }
        }
        try (CommandProcess send = CommandProcess.start("send", "--server", url(), "--name", "Nightly", "--room",
                "General", "to the room everyone is in")) {
            String id = send.nextLine();
            assertThat(send.exitCode()).as(send.stderr()).isZero();
            assertThat(history("room=general", null)).extracting(ChatMessage::id).containsExactly(id);
        }
        try (CommandProcess send = CommandProcess.start("send", "--server", url(), "--token-file",
                annToken.toString(), "--room", "Nowhere Else", "hi")) {
            assertThat(send.exitCode()).isEqualTo(1);
            assertThat(send.stderr()).contains("there is no room 'Nowhere Else'");
        }
    }

    @Test
    void sendSaysWhyWhenTheRoomRefuses() throws Exception {
        try (CommandProcess send = CommandProcess.start("send", "--server", url(), "--name", "Ann", "hi")) {
            assertThat(send.exitCode()).isEqualTo(1);
            assertThat(send.stderr()).contains("not sent (403)").contains("the name Ann is claimed");
        }
        try (CommandProcess send = CommandProcess.start("send", "--server", url(), "--token-file",
                annToken.toString(), "--room", "nowhere", "hi")) {
            assertThat(send.exitCode()).isEqualTo(1);
            assertThat(send.stderr()).contains("not sent (404)").contains("there is no room 'nowhere'");
        }
        try (CommandProcess send = CommandProcess.start("send", "--server", url(), "hi")) {
            assertThat(send.exitCode()).as("no sender is a bad command line, as the help says").isEqualTo(2);
            assertThat(send.stderr()).contains("say who is sending");
        }
        // Nobody at the address: why, in a sentence (not "null").
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            String nowhere = "http://127.0.0.1:" + closed.getLocalPort() + "/";
            closed.close();
            try (CommandProcess send = CommandProcess.start("send", "--server", nowhere, "--name", "Zed", "hi")) {
                assertThat(send.exitCode()).isEqualTo(1);
                assertThat(send.stderr()).contains("could not reach").contains("cannot connect")
                        .doesNotContain("null");
            }
        }
        try (CommandProcess send = CommandProcess.start("send", "--server", url(), "--room", "a", "--to", "B",
                "--name", "X", "hi")) {
            assertThat(send.exitCode()).isEqualTo(2);
        }
    }

    @Test
    void tailPrintsMessagesAsTheyArriveAndARestartedTailGoesOnWhereItStopped() throws Exception {
        Path state = dir.resolve("tail.state");
        try (CommandProcess tail = CommandProcess.start("tail", "--server", url(), "--room", "general",
                "--state-file", state.toString())) {
            awaitTailConnected();
            post(bob, "{\"text\":\"one\"}");
            assertThat(tail.nextLine()).isEqualTo("Bob: one");
            post(bob, "{\"room\":\"general\",\"text\":\"two\\nlines\"}");
            assertThat(tail.nextLine()).isEqualTo("Bob: two");
            assertThat(tail.nextLine()).isEqualTo("lines");
            tail.stop(); // Ctrl-C, or a service manager's TERM
            assertThat(tail.exitCode()).isNotZero();
        }
        post(bob, "{\"text\":\"three\"}");
        post(bob, "{\"to\":\"Ann\",\"text\":\"not for a public tail\"}");
        try (CommandProcess tail = CommandProcess.start("tail", "--server", url(), "--room", "general",
                "--state-file", state.toString())) {
            assertThat(tail.nextLine()).isEqualTo("Bob: three");
            post(bob, "{\"text\":\"four\"}");
            assertThat(tail.nextLine()).isEqualTo("Bob: four");
            assertThat(tail.remainingLines()).isEmpty();
        }
    }

    @Test
    void aSignedInTailShowsEveryRoomAndItsPersonsDirectMessages() throws Exception {
        post(bob, "{\"name\":\"Design\"}", "/rooms");
        try (CommandProcess tail = startWithToken("tail", "--server", url())) {
            awaitTailConnected();
            post(bob, "{\"room\":\"design\",\"text\":\"new layout\"}");
            assertThat(tail.nextLine()).isEqualTo("#design Bob: new layout");
            post(bob, "{\"to\":\"Ann\",\"text\":\"lunch?\"}");
            assertThat(tail.nextLine()).isEqualTo("@Bob Bob: lunch?");
        }
        // What the host did is a notice, printed as one.
        http.send(ann(), "POST", server.uri("/host/claim"),
                "{\"token\":\"" + server.server().hostToken() + "\"}");
        // The room by the name people see, as send takes it.
        try (CommandProcess tail = startWithToken("tail", "--server", url(), "--room", "Design")) {
            awaitTailConnected();
            http.send(ann(), "PUT", server.uri("/rooms/design/membership"), null);
            assertThat(http.send(ann(), "PUT", server.uri("/rooms/design/topic"),
                    "{\"topic\":\"layouts\"}").status()).isEqualTo(200);
            assertThat(tail.nextLine()).as("the room's latest, first").isEqualTo("Bob: new layout");
            assertThat(tail.nextLine()).isEqualTo("* Ann set the topic: layouts");
        }
        try (CommandProcess unknown = CommandProcess.start("tail", "--server", url(), "--room", "nowhere")) {
            assertThat(unknown.exitCode()).isEqualTo(1);
            assertThat(unknown.stderr()).contains("there is no room 'nowhere'");
        }
    }

    private String ann() throws java.io.IOException {
        return Files.readString(annToken).strip();
    }

    private CommandProcess startWithToken(String... args) throws Exception {
        return CommandProcess.startWithEnvironment(java.util.Map.of("HUBBUB_TOKEN",
                Files.readString(annToken).strip()), args);
    }

    /** Waits until the tail's stream is open, so what is posted next is live to it. */
    private void awaitTailConnected() throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (server.server().hub().streamCount() < 1) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the tail did not connect within 10 s");
            }
            Thread.sleep(20);
        }
    }

    private void post(String token, String json) throws Exception {
        post(token, json, "/chat");
    }

    private void post(String token, String json, String path) throws Exception {
        Http.Reply reply = http.send(new Request.Builder().url(server.uri(path).toString())
                .header("Authorization", "Bearer " + token)
                .post(okhttp3.RequestBody.create(json, Http.JSON)).build());
        assertThat(reply.status()).as(reply.body()).isIn(200, 201);
    }
}
