package dev.hubbub.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hubbub import} of a small Slack workspace export and a small Mattermost bulk export, made here in their
 * documented formats: rooms, messages under their authors' unsigned names at their own times, a thread, reactions,
 * a file the export holds; Slack's markup as text; direct messages left out; a second run stores nothing twice; and a
 * running server's directory refused.
 */
class ImportTest {
    @TempDir
    Path dir;

    private final Http http = new Http();

    private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private Path slackExport(byte[] picture) throws IOException {
        Path file = dir.resolve("slack-export.zip");
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            entry(zip, "users.json", """
                    [{"id":"U1","name":"ann","real_name":"Ann Lee","profile":{"display_name":"Ann"}},
                     {"id":"U2","name":"bob","profile":{"display_name":"","real_name":"Bob Ray"}}]""");
            entry(zip, "channels.json", """
                    [{"id":"C1","name":"general","is_general":true,"created":1700000000},
                     {"id":"C2","name":"design-team","created":1700000100,"topic":{"value":"Pixels"}}]""");
            entry(zip, "general/2023-11-14.json", """
                    [{"type":"message","subtype":"channel_join","user":"U2","text":"<@U2> has joined","ts":"1700000001.000100"},
                     {"type":"message","user":"U1","text":"hello <@U2>, see <#C2|design-team> &amp; <https://example.com|the site>","ts":"1700000002.000200",
                      "reactions":[{"name":"+1","users":["U2"],"count":1},{"name":"no-such-emoji","users":["U2"]}]}]""");
            entry(zip, "design-team/2023-11-14.json", """
                    [{"type":"message","user":"U2","text":"the plan","ts":"1700000200.000001","thread_ts":"1700000200.000001",
                      "files":[{"id":"F1","name":"plan.png","mimetype":"image/png","size":%d}]},
                     {"type":"message","user":"U1","text":"looks good","ts":"1700000300.000002","thread_ts":"1700000200.000001"}]"""
                    .formatted(picture.length));
            entry(zip, "design-team/2023-11-15.json", """
                    [{"type":"message","user":"U1","text":"next day, a file Slack only links","ts":"1700090000.000003",
                      "files":[{"id":"F2","name":"notes.pdf","mimetype":"application/pdf"}]}]""");
            zip.putNextEntry(new ZipEntry("__uploads/F1/plan.png"));
            zip.write(picture);
            zip.closeEntry();
        }
        return file;
    }

    private Path mattermostExport() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("mm"));
        Files.createDirectories(folder.resolve("data"));
        Files.writeString(folder.resolve("data/agenda.txt"), "1. coffee\n2. plans\n");
        Path file = folder.resolve("export.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"type\":\"version\",\"version\":1}",
                "{\"type\":\"team\",\"team\":{\"name\":\"acme\",\"display_name\":\"Acme\"}}",
                "{\"type\":\"channel\",\"channel\":{\"team\":\"acme\",\"name\":\"town-square\",\"display_name\":"
                        + "\"Town Square\",\"type\":\"O\"}}",
                "{\"type\":\"channel\",\"channel\":{\"team\":\"acme\",\"name\":\"ops\",\"display_name\":\"Ops\","
                        + "\"type\":\"O\",\"header\":\"Keep it running\"}}",
                "{\"type\":\"user\",\"user\":{\"username\":\"cy\",\"email\":\"cy@example.com\"}}",
                "{\"type\":\"post\",\"post\":{\"team\":\"acme\",\"channel\":\"ops\",\"user\":\"cy\",\"message\":"
                        + "\"deploy at 5\",\"create_at\":1700100000000,\"reactions\":[{\"user\":\"dee\",\"emoji_name\":"
                        + "\"thumbsup\",\"create_at\":1700100001000}],\"replies\":[{\"user\":\"dee\",\"message\":\"ok\","
                        + "\"create_at\":1700100060000}],\"attachments\":[{\"path\":\"data/agenda.txt\"}]}}",
                "{\"type\":\"post\",\"post\":{\"team\":\"acme\",\"channel\":\"town-square\",\"user\":\"dee\","
                        + "\"message\":\"morning all\",\"create_at\":1700000500000}}",
                "{\"type\":\"direct_channel\",\"direct_channel\":{\"members\":[\"cy\",\"dee\"]}}",
                "{\"type\":\"direct_post\",\"direct_post\":{\"channel_members\":[\"cy\",\"dee\"],\"user\":\"cy\","
                        + "\"message\":\"private\",\"create_at\":1700100100000}}") + "\n");
        return file;
    }

    private static String run(String... args) throws Exception {
        try (CommandProcess command = CommandProcess.start(args)) {
            assertThat(command.exitCode()).as(command.stderr()).isZero();
            return command.remainingLines().get(0);
        }
    }

    @Test
    void slackAndMattermostHistoriesMoveHereOnceWithTheirAuthorsTimesThreadsReactionsAndFiles() throws Exception {
        Path data = dir.resolve("data");
        byte[] picture;
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(20, 10,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", png);
        picture = png.toByteArray();
        // Ann holds her name here already: the imported Ann is another.
        String ann;
        try (RunningServer server = RunningServer.start(data)) {
            ann = http.claim(server.uri("/"), "Ann");
            try (CommandProcess refused = CommandProcess.start("import", "--data-dir", data.toString(),
                    slackExport(picture).toString())) {
                assertThat(refused.exitCode()).isEqualTo(1);
                assertThat(refused.stderr()).contains("a server is using");
            }
        }
        String slack = run("import", "--data-dir", data.toString(), dir.resolve("slack-export.zip").toString());
        assertThat(slack).isEqualTo("imported from Slack: 2 rooms, 3 messages, 1 replies in threads, 1 reactions, "
                + "1 files");
        String mattermost = run("import", "--data-dir", data.toString(), mattermostExport().toString());
        assertThat(mattermost).startsWith("imported from Mattermost: 2 rooms, 2 messages, 1 replies in threads, "
                + "1 reactions, 1 files");
        assertThat(run("import", "--data-dir", data.toString(), dir.resolve("slack-export.zip").toString()))
                .isEqualTo("imported from Slack: 2 rooms, 0 messages, 0 replies in threads, 0 reactions, 0 files");

        try (RunningServer server = RunningServer.start(data)) {
            JsonNode general = ChatJson.mapper().readTree(http.send(ann, "GET", server.uri(
                    "/chat/history?room=general"), null).body()).get("messages");
            JsonNode hello = general.findParents("text").stream().filter(m -> m.get("text").asText()
                    .startsWith("hello")).findFirst().orElseThrow();
            assertThat(hello.get("text").asText())
                    .isEqualTo("hello @Bob Ray, see #design-team & the site (https://example.com)");
            assertThat(hello.get("author").asText()).isEqualTo("Ann (imported)");
            assertThat(hello.get("verified").asBoolean()).isFalse();
            assertThat(hello.get("sentAt").asText()).isEqualTo("2023-11-14T22:13:22.000200Z");
            assertThat(hello.get("reactions").toString()).contains("👍").contains("Bob Ray");
            assertThat(general.toString()).contains("morning all").doesNotContain("has joined");

            JsonNode rooms = ChatJson.mapper().readTree(http.send(ann, "GET", server.uri("/rooms"), null).body());
            assertThat(rooms.findValuesAsText("name")).contains("design-team", "Ops");
            String designId = rooms.findParents("name").stream().filter(r -> r.get("name").asText()
                    .equals("design-team")).findFirst().orElseThrow().get("id").asText();
            assertThat(rooms.toString()).contains("Pixels").contains("Keep it running");
            JsonNode design = ChatJson.mapper().readTree(http.send(ann, "GET", server.uri(
                    "/chat/history?room=" + designId), null).body()).get("messages");
            JsonNode plan = design.get(0);
            assertThat(plan.get("text").asText()).isEqualTo("the plan");
            assertThat(plan.get("thread").get("replies").asInt()).isEqualTo(1);
            assertThat(design.toString()).doesNotContain("looks good").contains("next day, a file Slack only links\\n[notes.pdf]");
            String fileId = plan.get("files").get(0).get("id").asText();
            okhttp3.Response bytes = http.client.newCall(new okhttp3.Request.Builder()
                    .url(server.uri("/files/" + fileId).toString()).header("Authorization", "Bearer " + ann).build())
                    .execute();
            assertThat(bytes.body().bytes()).isEqualTo(picture);
            bytes.close();
            String thread = http.send(ann, "GET", server.uri("/chat/history?thread=" + plan.get("id").asText()), null)
                    .body();
            assertThat(thread).contains("looks good");

            String ops = http.send(ann, "GET", server.uri("/chat/history?room=ops"), null).body();
            assertThat(ops).contains("deploy at 5").contains("agenda.txt").contains("👍").doesNotContain("private");
        }
    }
}
