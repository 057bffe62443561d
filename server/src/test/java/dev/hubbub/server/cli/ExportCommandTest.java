package dev.hubbub.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Base64;
import javax.imageio.ImageIO;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hubbub export} as a real process: from a stopped server's data directory (refused, pointing to
 * {@code --server}, while a server holds it; and leaving it for a server to start on after), and from a running
 * server with a host's token.
 */
class ExportCommandTest {
    @TempDir
    Path dir;

    private final Http http = new Http();
    private String notesId;

    /** Two rooms, a reply in a thread, a picture and a direct message; returns Ann's and Bob's tokens. */
    private String[] fill(RunningServer server) throws Exception {
        String ann = http.claim(server.uri("/"), "Ann");
        String bob = http.claim(server.uri("/"), "Bob");
        BufferedImage image = new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        Http.Reply uploaded = http.send(new Request.Builder().url(server.uri("/files?name=plan.png").toString())
                .header("Authorization", "Bearer " + ann)
                .post(RequestBody.create(png.toByteArray(), okhttp3.MediaType.get("image/png"))).build());
        String file = ChatJson.mapper().readTree(uploaded.body()).get("id").asText();
        Http.Reply notes = http.send(new Request.Builder().url(server.uri("/files?name=notes.txt").toString())
                .header("Authorization", "Bearer " + ann)
                .post(RequestBody.create("notes", okhttp3.MediaType.get("text/plain"))).build());
        notesId = ChatJson.mapper().readTree(notes.body()).get("id").asText();
        Http.Reply root = http.send(ann, "POST", server.uri("/chat"), "{\"text\":\"the plan\",\"files\":[\"" + file
                + "\",\"" + notesId + "\"]}");
        String rootId = ChatJson.mapper().readTree(root.body()).get("id").asText();
        http.send(ann, "POST", server.uri("/chat"), "{\"text\":\"a reply\",\"thread\":\"" + rootId + "\"}");
        assertThat(http.send(ann, "POST", server.uri("/rooms"), "{\"name\":\"Build Status\"}").status())
                .isEqualTo(201);
        http.send(ann, "POST", server.uri("/chat"), "{\"room\":\"build-status\",\"text\":\"green\"}");
        http.send(ann, "POST", server.uri("/chat"), "{\"to\":\"Bob\",\"text\":\"just for Bob\"}");
        Files.write(dir.resolve("plan.png"), png.toByteArray());
        return new String[] {ann, bob};
    }

    @Test
    void aStoppedServersDataDirectoryIsExportedAndAServerStartsOnItAfter() throws Exception {
        Path data = dir.resolve("data");
        try (RunningServer server = RunningServer.start(data)) {
            fill(server);
            // While the server runs, its directory is its own: the command says how to export from it instead.
            try (CommandProcess refused = CommandProcess.start("export", "--data-dir", data.toString())) {
                assertThat(refused.exitCode()).isEqualTo(1);
                assertThat(refused.stderr()).contains("a server is using " + data.toAbsolutePath())
                        .contains("hubbub export --server 127.0.0.1:" + server.port());
            }
            assertThat(http.send(null, "GET", server.uri("/chat/history"), null).status()).isEqualTo(200);
        }
        Path page = dir.resolve("room.html");
        try (CommandProcess export = CommandProcess.start("export", "--data-dir", data.toString(), "--format", "html",
                "--out", page.toString())) {
            assertThat(export.exitCode()).as(export.stderr()).isZero();
            assertThat(export.nextLine()).isEqualTo("exported to " + page.toAbsolutePath());
        }
        String html = Files.readString(page);
        assertThat(html).startsWith("<!doctype html>").endsWith("</body></html>").contains("# General")
                .contains("# Build Status").contains("green").doesNotContain("just for Bob")
                .contains("data:image/png;base64," + Base64.getEncoder().encodeToString(
                        Files.readAllBytes(dir.resolve("plan.png"))));
        assertThat(html.indexOf("a reply")).isGreaterThan(html.indexOf("the plan"));
        assertThat(html).as("no server to link other files to").contains("File: notes.txt (5 B)")
                .doesNotContain("<a href=");
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));

        Path json = dir.resolve("general.json");
        try (CommandProcess export = CommandProcess.start("export", "--data-dir", data.toString(), "--room",
                "general", "--out", json.toString())) {
            assertThat(export.exitCode()).as(export.stderr()).isZero();
        }
        JsonNode general = ChatJson.mapper().readTree(json.toFile()).get("conversations");
        assertThat(general).hasSize(1);
        assertThat(general.get(0).get("messages").findValuesAsText("text")).containsExactly("the plan", "a reply");

        // Nothing of the export stays behind to stop a server: it starts on the directory and serves what was there.
        try (RunningServer again = RunningServer.start(data)) {
            assertThat(http.send(null, "GET", again.uri("/chat/history?room=build-status"), null).body())
                    .contains("green");
        }
        try (CommandProcess nothing = CommandProcess.start("export", "--data-dir", dir.resolve("none").toString())) {
            assertThat(nothing.exitCode()).isEqualTo(1);
            assertThat(nothing.stderr()).contains("there is no Hubbub data in");
        }
        assertThat(dir.resolve("none")).doesNotExist();
    }

    @Test
    void aRunningServerIsExportedWithAHostsToken() throws Exception {
        try (RunningServer server = RunningServer.start(dir.resolve("data"))) {
            String[] tokens = fill(server);
            String ann = tokens[0];
            String bob = tokens[1];
            Path bobToken = Files.writeString(dir.resolve("bob.token"), bob);
            Path out = dir.resolve("all.json");
            try (CommandProcess refused = CommandProcess.start("export", "--server", "127.0.0.1:" + server.port(),
                    "--token-file", bobToken.toString(), "--out", out.toString())) {
                assertThat(refused.exitCode()).as("every room is the host's to export").isEqualTo(1);
                assertThat(refused.stderr()).contains("not exported (403)");
            }
            assertThat(out).doesNotExist();
            try (CommandProcess one = CommandProcess.start("export", "--server", "127.0.0.1:" + server.port(),
                    "--token-file", bobToken.toString(), "--room", "Build Status", "--out", out.toString())) {
                assertThat(one.exitCode()).as(one.stderr()).isZero();
            }
            assertThat(ChatJson.mapper().readTree(out.toFile()).get("conversations").get(0).get("name").asText())
                    .isEqualTo("Build Status");

            // Without --out, the server's name for it, in the format asked for; a file with that name is never
            // written over.
            Path here = Files.createDirectory(dir.resolve("here"));
            for (int run = 0; run < 2; run++) {
                try (CommandProcess named = CommandProcess.startIn(here, "export", "--server", "127.0.0.1:"
                        + server.port(), "--token-file", bobToken.toString(), "--room", "Build Status")) {
                    if (run == 0) {
                        assertThat(named.exitCode()).as(named.stderr()).isZero();
                    } else {
                        assertThat(named.exitCode()).isEqualTo(1);
                        assertThat(named.stderr()).contains("exists already; give --out");
                    }
                }
                List<Path> written;
                try (var listed = Files.list(here)) {
                    written = listed.toList();
                }
                assertThat(written).singleElement().satisfies(file -> assertThat(file.getFileName().toString())
                        .matches("hubbub-Build-Status-\\d{4}-\\d{2}-\\d{2}\\.json"));
                if (run == 0) {
                    Files.writeString(written.get(0), "mine");
                } else {
                    assertThat(written.get(0)).hasContent("mine");
                }
            }

            assertThat(http.send(ann, "POST", server.uri("/host/claim"), "{\"token\":\""
                    + server.server().hostToken() + "\"}").status()).isEqualTo(200);
            Path annToken = Files.writeString(dir.resolve("ann.token"), ann);
            Path page = dir.resolve("all.html");
            try (CommandProcess all = CommandProcess.start("export", "--server", "127.0.0.1:" + server.port(),
                    "--token-file", annToken.toString(), "--format", "html", "--out", page.toString())) {
                assertThat(all.exitCode()).as(all.stderr()).isZero();
            }
            assertThat(Files.readString(page)).contains("# General").contains("# Build Status").contains("a reply")
                    .endsWith("</body></html>").doesNotContain("just for Bob")
                    .contains("<a href=\"http://127.0.0.1:" + server.port() + "/files/" + notesId
                            + "\">File: notes.txt (5 B)</a>");
            try (CommandProcess both = CommandProcess.start("export", "--server", "127.0.0.1:" + server.port(),
                    "--data-dir", dir.toString())) {
                assertThat(both.exitCode()).as("one source or the other").isEqualTo(2);
            }
        }
    }
}
