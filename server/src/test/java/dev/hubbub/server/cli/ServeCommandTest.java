package dev.hubbub.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import dev.hubbub.server.testing.StreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hubbub serve} as a user runs it: in its own process, stopped with a signal (what Ctrl-C sends). */
class ServeCommandTest {
    private static final Pattern LOCAL = Pattern.compile("(?:On this machine: |at )(http://(?:localhost|127\\.0\\.0\\.1):(\\d+)/)");

    @TempDir
    Path dataDir;

    @Test
    void anInviteOnlyRoomPrintsLinksWithItsKeyAndTheHostLink() throws Exception {
        List<String> printed = new ArrayList<>();
        try (CommandProcess serve = CommandProcess.start("serve", "--host", "127.0.0.1", "--port", "0",
                "--data-dir", dataDir.toString(), "--room", "Office", "--invite-only", "--no-announce")) {
            String line;
            do {
                line = serve.nextLine();
                printed.add(line);
            } while (!line.equals("Press Ctrl-C to stop."));
            assertThat(printed.get(0)).endsWith("the room \"Office\" is open to those with its link (invite-only).");
            String hostToken = java.nio.file.Files.readString(dataDir.resolve("host-token")).strip();
            assertThat(printed).anyMatch(l -> l.matches("(Only this machine can join, at |On this machine: )"
                    + "http://127\\.0\\.0\\.1:\\d+/\\?key=[A-Za-z0-9_-]{20,}"));
            assertThat(printed).anyMatch(l -> l.matches("  http://127\\.0\\.0\\.1:\\d+/\\?key=[A-Za-z0-9_-]{20,}&host=" + hostToken));
            Matcher local = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/").matcher(String.join("\n", printed));
            assertThat(local.find()).isTrue();
            URI base = URI.create(local.group());
            assertThat(new Http().post(base.resolve("/chat"), Http.TEXT, "Carl: hi").status())
                    .as("tutorial clients only in open rooms").isEqualTo(401);
            serve.stop();
        }
    }

    @Test
    void printsWhereToJoinServesUntilStoppedThenEndsStreamsAndKeepsEveryMessage() throws Exception {
        List<String> printed = new ArrayList<>();
        try (CommandProcess serve = CommandProcess.start("serve", "--host", "127.0.0.1", "--port", "0",
                "--data-dir", dataDir.toString(), "--room", "Office")) {
            String line;
            do {
                line = serve.nextLine();
                printed.add(line);
            } while (!line.equals("Press Ctrl-C to stop."));
            assertThat(printed.get(0)).startsWith("Hubbub ").endsWith("the room \"Office\" is open.");
            assertThat(printed).contains("Messages are kept in " + dataDir.resolve("hubbub.db"));
            Matcher local = printed.stream().map(LOCAL::matcher).filter(Matcher::find).findFirst().orElseThrow(
                    () -> new AssertionError("no local URL in " + printed));
            URI base = URI.create(local.group(1));

            Http http = new Http();
            Http.Stream stream = http.open(base.resolve("/chat"), null);
            StreamReader reader = new StreamReader(stream.response().body().byteStream(), "serve");
            assertThat(http.post(base.resolve("/chat"), Http.TEXT, "Ann: just before the stop").status())
                    .isEqualTo(201);
            assertThat(reader.next().data()).isEqualTo("Ann: just before the stop");

            serve.stop();
            assertThat(serve.nextLine()).startsWith("Stopping: ending 1 streams");
            assertThat(serve.nextLine()).startsWith("Stopped.");
            assertThat(reader.awaitEnd(Duration.ofSeconds(10))).as("the stream ended cleanly").isTrue();
            assertThat(serve.exitCode()).isEqualTo(143);
            stream.close();
        }
        try (RunningServer again = RunningServer.start(dataDir)) {
            Http.Stream stream = new Http().open(again.uri("/chat"), null);
            assertThat(new StreamReader(stream.response().body().byteStream(), "after").next().data())
                    .isEqualTo("Ann: just before the stop");
            stream.close();
        }
    }

    @Test
    void saysSoWhenThePortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             CommandProcess serve = CommandProcess.start("serve", "--host", "127.0.0.1",
                     "--port", Integer.toString(taken.getLocalPort()), "--data-dir", dataDir.toString())) {
            assertThat(serve.exitCode()).isEqualTo(1);
            assertThat(serve.stderr()).isEqualTo("hubbub serve: port " + taken.getLocalPort()
                    + " is already in use by another program; choose another with --port, or 0 for any free port\n");
        }
    }

    @Test
    void refusesAKeystoreWithoutTls() throws Exception {
        try (CommandProcess serve = CommandProcess.start("serve", "--keystore", "x.p12", "--data-dir",
                dataDir.toString())) {
            assertThat(serve.exitCode()).isEqualTo(1);
            assertThat(serve.stderr()).contains("--keystore and --keystore-password-file only make sense with --tls");
        }
    }

    @Test
    void aSharedStoreNeedsASharedFilesDirectoryAnAddressItKnowsAndARedisItReaches() throws Exception {
        try (CommandProcess serve = CommandProcess.start("serve", "--store", "redis://127.0.0.1:1", "--data-dir",
                dataDir.toString())) {
            assertThat(serve.exitCode()).isEqualTo(1);
            assertThat(serve.stderr()).contains("--store needs --files-dir too");
        }
        try (CommandProcess serve = CommandProcess.start("serve", "--store", "mysql://db", "--files-dir",
                dataDir.resolve("files").toString(), "--data-dir", dataDir.toString())) {
            assertThat(serve.exitCode()).isEqualTo(1);
            assertThat(serve.stderr()).contains("--store takes redis://HOST:PORT");
        }
        try (CommandProcess serve = CommandProcess.startWithEnvironment(java.util.Map.of("HUBBUB_STORE",
                "redis://:secret@127.0.0.1:1"), "serve", "--files-dir", dataDir.resolve("files").toString(),
                "--data-dir", dataDir.toString(), "--port", "0", "--no-announce")) {
            assertThat(serve.exitCode()).isEqualTo(1);
            assertThat(serve.stderr()).as("from the environment").contains("cannot reach Redis at redis://***@")
                    .doesNotContain("secret");
        }
        try (CommandProcess serve = CommandProcess.start("serve", "--trusted-proxy", "no-such-host.invalid",
                "--data-dir", dataDir.toString())) {
            assertThat(serve.exitCode()).isEqualTo(1);
            assertThat(serve.stderr()).contains("the trusted proxy 'no-such-host.invalid' is no address");
        }
    }

    @Test
    void neverTakesAKeystorePasswordOnTheCommandLineNorNullAsAnOrigin() throws Exception {
        try (CommandProcess serve = CommandProcess.start("serve", "--tls", "--keystore", "x.p12",
                "--keystore-password", "visible-in-ps", "--data-dir", dataDir.toString())) {
            assertThat(serve.exitCode()).isEqualTo(2);
            assertThat(serve.stderr()).contains("Unknown options: '--keystore-password'");
        }
        try (CommandProcess serve = CommandProcess.start("serve", "--tls", "--keystore", "x.p12",
                "--data-dir", dataDir.toString())) {
            assertThat(serve.exitCode()).isEqualTo(1);
            assertThat(serve.stderr()).contains("--keystore-password-file").contains("HUBBUB_KEYSTORE_PASSWORD");
        }
        try (CommandProcess serve = CommandProcess.start("serve", "--allow-origin", "null",
                "--data-dir", dataDir.toString())) {
            assertThat(serve.exitCode()).isEqualTo(1);
            assertThat(serve.stderr()).contains("--allow-origin null would let in every sandboxed frame");
        }
    }

    @Test
    void everyAddressTheServerPrintsServesThePageTheApiAndHubbubDecode() throws Exception {
        List<URI> printed = new ArrayList<>();
        try (CommandProcess serve = CommandProcess.start("serve", "--port", "0", "--no-announce",
                "--data-dir", dataDir.toString())) {
            for (String line; !(line = serve.nextLine()).equals("Press Ctrl-C to stop."); ) {
                Matcher url = Pattern.compile("(https?://\\S+/)").matcher(line);
                if (url.find()) {
                    printed.add(URI.create(url.group(1)));
                }
            }
            assertThat(printed).isNotEmpty();
            Http http = new Http();
            for (URI base : printed) {
                okhttp3.Request page = new okhttp3.Request.Builder().url(base.toString()).build();
                assertThat(http.send(page).status()).as(base.toString()).isEqualTo(200);
                try (CommandProcess decode = CommandProcess.start("decode", "--url", base.resolve("/chat").toString())) {
                    assertThat(http.post(base.resolve("/chat"), Http.TEXT, "Ann: via " + base).status())
                            .isEqualTo(201);
                    String line;
                    do {
                        line = decode.nextLine();
                    } while (!line.contains("via " + base));
                    assertThat(line).contains("\"type\":\"chat\"");
                }
            }
        }
    }
}
