package dev.hubbub.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hubbub import} of Slack workspace exports and Mattermost bulk exports, made here in their documented formats:
 * rooms, messages under their authors' unsigned names at their own times, a thread, reactions, a file the export
 * holds; Slack's markup as text; apps' messages, direct messages (taken over with the host's one-time code) and
 * custom-emoji reactions imported, posts of one millisecond kept apart, and everything else counted with why; text the
 * post rules refuse repaired so the server still starts; no symbolic link followed; export bombs refused in words; a
 * second run stores nothing twice; a failed run leaves the data directory as it was, and so does a killed one once
 * the directory is next taken; and a running server's directory refused.
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
        assertThat(slack).isEqualTo("imported from Slack: 2 rooms, 3 messages (0 of them by apps), 1 replies in "
                + "threads, 0 direct messages, 1 reactions, 1 files");
        String mattermost = run("import", "--data-dir", data.toString(), mattermostExport().toString());
        assertThat(mattermost).startsWith("imported from Mattermost: 2 rooms, 2 messages (0 of them by apps), 1 "
                + "replies in threads, 1 direct messages, 1 reactions, 1 files");
        assertThat(run("import", "--data-dir", data.toString(), dir.resolve("slack-export.zip").toString()))
                .isEqualTo("imported from Slack: 2 rooms, 0 messages (0 of them by apps), 0 replies in threads, 0 "
                        + "direct messages, 0 reactions, 0 files");

        try (RunningServer server = RunningServer.start(data)) {
            JsonNode general = ChatJson.mapper().readTree(http.send(ann, "GET", server.uri(
                    "/chat/history?room=general"), null).body()).get("messages");
            JsonNode hello = general.findParents("text").stream().filter(m -> m.get("text").asText()
                    .startsWith("hello")).findFirst().orElseThrow();
            assertThat(hello.get("text").asText())
                    .isEqualTo("hello @Bob Ray, see #design-team & the site (https://example.com)\n\n"
                            + ":no-such-emoji: Bob Ray");
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

    private Path zip(String name, String... namesAndTexts) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i + 1 < namesAndTexts.length; i += 2) {
                entry(zip, namesAndTexts[i], namesAndTexts[i + 1]);
            }
        }
        return file;
    }

    private static final String USERS = """
            [{"id":"U1","name":"ann","profile":{"display_name":"Ann"}},
             {"id":"U2","name":"bob","profile":{"display_name":"Bob"}},
             {"id":"U3","name":"ci","is_bot":true,"profile":{"display_name":"ci-bot"}}]""";
    private static final String GENERAL = """
            [{"id":"C1","name":"general","is_general":true,"created":1700000000}]""";

    private static List<String> runAll(String... args) throws Exception {
        try (CommandProcess command = CommandProcess.start(args)) {
            assertThat(command.exitCode()).as(command.stderr()).isZero();
            return command.remainingLines();
        }
    }

    private String takeOver(RunningServer server, String host, String name) throws Exception {
        Http.Reply reset = http.send(host, "POST", server.uri("/host/reset-sign-in"), "{\"name\":\"" + name + "\"}");
        assertThat(reset.status()).as(reset.body()).isEqualTo(200);
        String code = ChatJson.mapper().readTree(reset.body()).get("code").asText();
        Http.Reply signedIn = http.post(server.uri("/session"), Http.JSON, "{\"code\":\"" + code + "\"}");
        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(201);
        return ChatJson.mapper().readTree(signedIn.body()).get("token").asText();
    }

    @Test
    void appsDirectMessagesCustomEmojiAndPostsOfOneMillisecondAreImportedAndAllElseIsCountedWithWhy()
            throws Exception {
        Path data = dir.resolve("data");
        Path slack = zip("slack-more.zip", "users.json", USERS, "channels.json", GENERAL,
                "general/2024-01-01.json", """
                        [{"type":"message","subtype":"bot_message","bot_id":"B1","username":"GitHub","text":"",
                          "attachments":[{"pretext":"[hubbub:main] 1 new commit","text":"<https://x.example/c/1|abc123>: fix it",
                                          "fallback":"1 new commit"}],"ts":"1704067200.000100"},
                         {"type":"message","user":"U3","text":"build passed","ts":"1704067201.000100"},
                         {"type":"message","user":"U1","text":"party","ts":"1704067202.000100",
                          "reactions":[{"name":"partyparrot","users":["U2"]},{"name":"+1","users":["U2"]}]},
                         {"type":"message","subtype":"channel_join","user":"U2","text":"joined","ts":"1704067203.000100"}]""",
                "dms.json", "[{\"id\":\"D1\",\"members\":[\"U1\",\"U2\"]}]",
                "D1/2024-01-01.json", """
                        [{"type":"message","user":"U1","text":"psst, bob","ts":"1704067300.000100"},
                         {"type":"message","user":"U2","text":"hi ann","ts":"1704067301.000100"}]""",
                "mpims.json", "[{\"id\":\"G1\",\"name\":\"mpdm-ann--bob--ci-1\",\"members\":[\"U1\",\"U2\",\"U3\"]}]",
                "mpdm-ann--bob--ci-1/2024-01-01.json",
                "[{\"type\":\"message\",\"user\":\"U1\",\"text\":\"all three\",\"ts\":\"1704067400.000100\"}]",
                "groups.json", "[{\"id\":\"G2\",\"name\":\"secret-plans\"}]",
                "secret-plans/2024-01-01.json", """
                        [{"type":"message","user":"U1","text":"hush","ts":"1704067500.000100"},
                         {"type":"message","user":"U2","text":"hush too","ts":"1704067501.000100"}]""");
        assertThat(runAll("import", "--data-dir", data.toString(), slack.toString())).containsExactly(
                "imported from Slack: 1 rooms, 3 messages (2 of them by apps), 0 replies in threads, 2 direct "
                        + "messages, 1 reactions, 0 files",
                "left out: 1 events that are no one’s words (channel_join ×1)",
                "left out: 2 messages of private channels (a room here is open to everyone)",
                "left out: 1 messages of group conversations (a conversation here is between two people)",
                "changed: 1 reactions with custom emoji, kept as their :shortcode: and who reacted, below the message",
                "2 people of direct messages are here now, without a device: the host’s “reset sign-in” gives each "
                        + "a one-time code to take over their name and messages");

        Path mattermost = dir.resolve("mm-more.jsonl");
        Files.writeString(mattermost, String.join("\n",
                "{\"type\":\"version\",\"version\":1}",
                "{\"type\":\"channel\",\"channel\":{\"team\":\"t\",\"name\":\"town-square\",\"type\":\"O\"}}",
                "{\"type\":\"channel\",\"channel\":{\"team\":\"t\",\"name\":\"board\",\"type\":\"P\"}}",
                "{\"type\":\"emoji\",\"emoji\":{\"name\":\"parrot\",\"image\":\"parrot.gif\"}}",
                "{\"type\":\"post\",\"post\":{\"team\":\"t\",\"channel\":\"board\",\"user\":\"cy\",\"message\":"
                        + "\"board only\",\"create_at\":1700000000000}}",
                "{\"type\":\"post\",\"post\":{\"team\":\"t\",\"channel\":\"town-square\",\"user\":\"cy\",\"message\":"
                        + "\"first of two\",\"create_at\":1700000000000}}",
                "{\"type\":\"post\",\"post\":{\"team\":\"t\",\"channel\":\"town-square\",\"user\":\"cy\",\"message\":"
                        + "\"second of two\",\"create_at\":1700000000000}}",
                "{\"type\":\"post\",\"post\":{\"team\":\"t\",\"channel\":\"town-square\",\"user\":\"hook\",\"message\":"
                        + "\"deployed\",\"create_at\":1700000001000,\"props\":{\"from_webhook\":\"true\","
                        + "\"override_username\":\"Jenkins\"}}}",
                "{\"type\":\"direct_channel\",\"direct_channel\":{\"members\":[\"cy\",\"dee\"]}}",
                "{\"type\":\"direct_post\",\"direct_post\":{\"channel_members\":[\"dee\",\"cy\"],\"user\":\"cy\","
                        + "\"message\":\"just us\",\"create_at\":1700000100000,\"replies\":[{\"user\":\"dee\","
                        + "\"message\":\"indeed\",\"create_at\":1700000160000}]}}",
                "{\"type\":\"direct_post\",\"direct_post\":{\"channel_members\":[\"cy\",\"dee\",\"eve\"],\"user\":"
                        + "\"eve\",\"message\":\"three of us\",\"create_at\":1700000200000}}") + "\n");
        assertThat(runAll("import", "--data-dir", data.toString(), mattermost.toString())).containsExactly(
                "imported from Mattermost: 1 rooms, 3 messages (1 of them by apps), 0 replies in threads, 2 direct "
                        + "messages, 0 reactions, 0 files",
                "left out: 1 events that are no one’s words (emoji ×1)",
                "left out: 1 messages of private channels (a room here is open to everyone)",
                "left out: 1 messages of group conversations (a conversation here is between two people)",
                "2 people of direct messages are here now, without a device: the host’s “reset sign-in” gives each "
                        + "a one-time code to take over their name and messages");
        assertThat(runAll("import", "--data-dir", data.toString(), mattermost.toString()))
                .contains("left out: 5 messages stored by an earlier import")
                .noneMatch(line -> line.contains("people of direct messages"));

        try (RunningServer server = RunningServer.start(data)) {
            String host = http.claim(server.uri("/"), "Hana");
            assertThat(http.send(host, "POST", server.uri("/host/claim"), "{\"token\":\""
                    + server.server().hostToken() + "\"}").status()).isEqualTo(200);
            String general = http.send(host, "GET", server.uri("/chat/history?room=general"), null).body();
            assertThat(general).contains("[hubbub:main] 1 new commit\\nabc123 (https://x.example/c/1): fix it")
                    .contains("\"author\":\"GitHub\"").contains("build passed")
                    .contains("party\\n\\n:partyparrot: Bob").contains("first of two").contains("second of two")
                    .contains("\"author\":\"Jenkins\"").doesNotContain("hush").doesNotContain("all three")
                    .doesNotContain("board only").doesNotContain("three of us");
            // An app's message is marked as one; a person's carries no mark at all.
            java.util.Map<String, Boolean> byApp = new java.util.HashMap<>();
            ChatJson.mapper().readTree(general).get("messages").forEach(m -> byApp.put(m.get("author").asText(),
                    m.has("app") && m.get("app").asBoolean()));
            assertThat(byApp).containsEntry("GitHub", true).containsEntry("ci-bot", true)
                    .containsEntry("Jenkins", true).containsEntry("Ann", false).containsEntry("cy", false);
            // Whoever the host hands the code to takes over the imported person, their direct messages included.
            String ann = takeOver(server, host, "Ann");
            assertThat(http.send(ann, "GET", server.uri("/chat/history?with=Bob"), null).body())
                    .contains("psst, bob").contains("hi ann");
            String cy = takeOver(server, host, "cy");
            JsonNode withDee = ChatJson.mapper().readTree(http.send(cy, "GET", server.uri(
                    "/chat/history?with=dee"), null).body()).get("messages");
            assertThat(withDee.toString()).contains("just us");
            String thread = http.send(cy, "GET", server.uri("/chat/history?thread="
                    + withDee.get(0).get("id").asText()), null).body();
            assertThat(thread).contains("indeed");
            assertThat(http.send(host, "GET", server.uri("/chat/history?with=dee"), null).body())
                    .doesNotContain("just us");
        }
    }

    @Test
    void textThePostRulesRefuseIsRepairedAndCountedSoTheServerStillStarts() throws Exception {
        Path data = dir.resolve("data");
        Path slack = zip("slack-controls.zip",
                "users.json", "[{\"id\":\"U1\",\"name\":\"eve\",\"profile\":{\"display_name\":\"Ev\\u0007e\"}}]",
                "channels.json", "[{\"id\":\"C1\",\"name\":\"general\",\"is_general\":true},"
                        + "{\"id\":\"C2\",\"name\":\"bells\",\"topic\":{\"value\":\"ring\\u0007ring\"}}]",
                "bells/2024-01-01.json", """
                        [{"type":"message","user":"U1","text":"bell\\u0007","ts":"1704067200.000100"},
                         {"type":"message","user":"U1","text":"lone\\rbreak","ts":"1704067201.000100"},
                         {"type":"message","user":"U1","text":"escape \\u001b[31mred","ts":"1704067202.000100"},
                         {"type":"message","user":"U1","text":"next\\u0085line","ts":"1704067203.000100"},
                         {"type":"message","user":"U1","text":"half \\ud800 a pair","ts":"1704067204.000100"}]""");
        assertThat(runAll("import", "--data-dir", data.toString(), slack.toString())).containsExactly(
                "imported from Slack: 2 rooms, 5 messages (0 of them by apps), 0 replies in threads, 0 direct "
                        + "messages, 0 reactions, 0 files",
                "changed: 5 texts that could not be stored as they were (control characters became �, text past "
                        + "4000 characters was cut)",
                "changed: 1 names of people or channels that break the rules here (what is left of their letters "
                        + "and digits is used)");
        try (RunningServer server = RunningServer.start(data)) {
            String ann = http.claim(server.uri("/"), "Ann");
            JsonNode rooms = ChatJson.mapper().readTree(http.send(ann, "GET", server.uri("/rooms"), null).body());
            JsonNode bells = rooms.findParents("name").stream().filter(r -> r.get("name").asText().equals("bells"))
                    .findFirst().orElseThrow();
            assertThat(rooms.toString()).contains("ring\uFFFDring");
            String history = http.send(ann, "GET", server.uri("/chat/history?room=" + bells.get("id").asText()), null)
                    .body();
            assertThat(ChatJson.mapper().readTree(history).get("messages").findValuesAsText("text")).containsExactly(
                    "bell\uFFFD", "lone\nbreak", "escape \uFFFD[31mred", "next\uFFFDline", "half \uFFFD a pair");
            assertThat(history).contains("\"author\":\"Eve\"");
        }
    }

    @Test
    void aLinkInADirectoryExportIsNoAttachment() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "the host's own file");
        Path folder = Files.createDirectories(dir.resolve("mm-links/data"));
        Files.writeString(folder.resolve("ok.txt"), "a real attachment");
        Files.createSymbolicLink(folder.resolve("notes.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(folder.resolve("through"), outside);
        Path file = dir.resolve("mm-links/export.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"type\":\"channel\",\"channel\":{\"team\":\"t\",\"name\":\"town-square\",\"type\":\"O\"}}",
                "{\"type\":\"post\",\"post\":{\"team\":\"t\",\"channel\":\"town-square\",\"user\":\"cy\",\"message\":"
                        + "\"three files\",\"create_at\":1700000000000,\"attachments\":[{\"path\":\"data/ok.txt\"},"
                        + "{\"path\":\"data/notes.txt\"},{\"path\":\"data/through/secret.txt\"}]}}") + "\n");
        Path data = dir.resolve("data");
        assertThat(runAll("import", "--data-dir", data.toString(), file.toString())).containsExactly(
                "imported from Mattermost: 1 rooms, 1 messages (0 of them by apps), 0 replies in threads, 0 direct "
                        + "messages, 0 reactions, 1 files",
                "left out: 2 files the export does not hold (their names stay in the messages)");
        try (RunningServer server = RunningServer.start(data)) {
            String ann = http.claim(server.uri("/"), "Ann");
            JsonNode message = ChatJson.mapper().readTree(http.send(ann, "GET", server.uri(
                    "/chat/history?room=general"), null).body()).get("messages").get(0);
            assertThat(message.get("files")).hasSize(1);
            assertThat(message.get("files").get(0).get("name").asText()).isEqualTo("ok.txt");
            assertThat(message.get("text").asText()).isEqualTo("three files\n[notes.txt]\n[secret.txt]");
        }
    }

    /** Writes {@code repeat} copies of {@code middle} between {@code head} and {@code tail} into a zip's entry. */
    private static void bigEntry(ZipOutputStream zip, String name, String head, String middle, long repeat,
                                 String tail) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(head.getBytes(StandardCharsets.UTF_8));
        byte[] chunk = middle.getBytes(StandardCharsets.UTF_8);
        for (long i = 0; i < repeat; i++) {
            zip.write(chunk);
        }
        zip.write(tail.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    /** A Slack zip whose general channel has {@code days} files of about 60 MB each: 960 × 64 KiB {@code middle}. */
    private Path bigDays(String name, int days, String head, String middle, String tail) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(1);
            entry(zip, "users.json", USERS);
            entry(zip, "channels.json", GENERAL);
            for (int day = 1; day <= days; day++) {
                bigEntry(zip, "general/2024-01-0" + day + ".json", head, middle, 60 * 16, tail);
            }
        }
        return file;
    }

    private static String refused(String... args) throws Exception {
        try (CommandProcess command = CommandProcess.startWithJvmOptions(List.of("-Xmx128m"), args)) {
            assertThat(command.exitCode()).as(command.stderr()).isEqualTo(1);
            assertThat(command.stderr()).doesNotContain("OutOfMemoryError");
            return command.stderr();
        }
    }

    @Test
    void exportBombsAreRefusedInWordsBeforeTheyAreRead() throws Exception {
        Path data = dir.resolve("data");
        String a = "a".repeat(64 * 1024);
        Path strings = bigDays("huge-strings.zip", 4, "[{\"type\":\"message\",\"ts\":\"1.1\",\"text\":\"", a, "\"}]");
        assertThat(refused("import", "--data-dir", data.toString(), strings.toString()))
                .contains("general/2024-01-01.json holds JSON nested deeper than 64, a string longer than 1048576 "
                        + "characters or a number longer than 40 digits");

        // Each file under its own bound, together over the import's: refused before any is read.
        String padded = "{\"type\":\"x\",\"pad\":\"" + a + "\"},";
        Path many = bigDays("many-files.zip", 9, "[", padded, "{\"type\":\"x\"}]");
        assertThat(refused("import", "--data-dir", data.toString(), many.toString()))
                .contains("the export’s JSON is larger than 536870912 bytes in all, the most one import reads");

        Path line = dir.resolve("huge-line.zip");
        try (OutputStream out = Files.newOutputStream(line); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(1);
            bigEntry(zip, "export.jsonl", "{\"type\":\"post\",\"post\":{\"message\":\"", a, 100 * 16, "\"}}\n");
        }
        assertThat(refused("import", "--data-dir", data.toString(), line.toString()))
                .contains("line 1 of the export is longer than 16777216 characters");

        Path deep = zip("deep.zip", "users.json", "[".repeat(500) + "]".repeat(500), "channels.json", GENERAL);
        assertThat(refused("import", "--data-dir", data.toString(), deep.toString()))
                .contains("users.json holds JSON nested deeper than 64");

        String digits = "1".repeat(300_000);
        StringBuilder day = new StringBuilder("[");
        for (int i = 0; i < 4; i++) {
            day.append(i == 0 ? "" : ",").append("{\"type\":\"message\",\"user\":\"U1\",\"text\":\"when?\",\"ts\":\"")
                    .append(digits).append(i).append(".5\"}");
        }
        day.append(",{\"type\":\"message\",\"user\":\"U1\",\"text\":\"year 5138\",\"ts\":\"99999999999.1\"}");
        day.append(",{\"type\":\"message\",\"user\":\"U1\",\"text\":\"now\",\"ts\":\"1704067200.000100\"}]");
        Path times = zip("huge-ts.zip", "users.json", USERS, "channels.json", GENERAL, "general/2024-01-01.json",
                day.toString());
        assertThat(runAll("import", "--data-dir", data.toString(), times.toString())).containsExactly(
                "imported from Slack: 1 rooms, 1 messages (0 of them by apps), 0 replies in threads, 0 direct "
                        + "messages, 0 reactions, 0 files",
                "left out: 5 messages without a time that can be read");
    }

    private static java.util.Map<String, byte[]> contents(Path data) throws IOException {
        java.util.Map<String, byte[]> contents = new java.util.TreeMap<>();
        try (var all = Files.walk(data)) {
            for (Path one : all.filter(Files::isRegularFile).toList()) {
                if (!one.getFileName().toString().equals("hubbub.lock")) {
                    contents.put(data.relativize(one).toString(), Files.readAllBytes(one));
                }
            }
        }
        return contents;
    }

    @Test
    void anImportThatFailsMidwayLeavesTheDataDirectoryAsItWas() throws Exception {
        Path data = dir.resolve("data");
        runAll("import", "--data-dir", data.toString(), slackExport(new byte[] {1, 2, 3}).toString());
        java.util.Map<String, byte[]> before = contents(data);

        Path broken = dir.resolve("broken.zip");
        String upload = "__uploads/F9/broken.bin";
        try (OutputStream out = Files.newOutputStream(broken); ZipOutputStream zip = new ZipOutputStream(out)) {
            entry(zip, "users.json", USERS);
            entry(zip, "channels.json", GENERAL);
            entry(zip, "general/2024-01-01.json", """
                    [{"type":"message","user":"U1","text":"stored first","ts":"1704067200.000100",
                      "files":[{"id":"F8","name":"fine.txt","mimetype":"text/plain"}]},
                     {"type":"message","user":"U2","text":"then a broken file","ts":"1704067300.000100",
                      "files":[{"id":"F9","name":"broken.bin","mimetype":"application/octet-stream"}]}]""");
            entry(zip, "__uploads/F8/fine.txt", "fine");
            entry(zip, upload, "0123456789".repeat(10_000));
        }
        // The broken file's deflated bytes start with a block of a type deflate does not have.
        byte[] bytes = Files.readAllBytes(broken);
        int name = new String(bytes, StandardCharsets.ISO_8859_1).indexOf(upload);
        int extra = (bytes[name - 2] & 0xff) | (bytes[name - 1] & 0xff) << 8;
        bytes[name + upload.length() + extra] = (byte) 0xff;
        Files.write(broken, bytes);

        try (CommandProcess command = CommandProcess.start("import", "--data-dir", data.toString(),
                broken.toString())) {
            assertThat(command.exitCode()).as(command.stderr()).isEqualTo(1);
            assertThat(command.stderr()).contains("could not import");
        }
        java.util.Map<String, byte[]> after = contents(data);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        after.forEach((file, content) -> assertThat(content).as(file).isEqualTo(before.get(file)));
        try (var left = Files.list(data)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("import-undo"));
        }
        try (RunningServer server = RunningServer.start(data)) {
            String ann = http.claim(server.uri("/"), "Zed");
            assertThat(http.send(ann, "GET", server.uri("/chat/history?room=general"), null).body())
                    .doesNotContain("stored first").contains("hello");
        }
    }

    /** A Slack export of {@code count} short messages in general, over many days, so its import takes a while. */
    private Path manyMessages(int count) throws IOException {
        Path file = dir.resolve("many.zip");
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            entry(zip, "users.json", USERS);
            entry(zip, "channels.json", GENERAL);
            int perDay = 1000;
            for (int day = 0; day * perDay < count; day++) {
                StringBuilder posts = new StringBuilder("[");
                for (int i = day * perDay; i < Math.min(count, (day + 1) * perDay); i++) {
                    posts.append(i % perDay == 0 ? "" : ",").append("{\"type\":\"message\",\"user\":\"U1\",")
                            .append("\"text\":\"many ").append(i).append("\",\"ts\":\"")
                            .append(1_710_000_000L + day * 86_400L + i % perDay).append(".000100\"}");
                }
                entry(zip, "general/" + java.time.LocalDate.of(2024, 1, 1).plusDays(day) + ".json",
                        posts.append("]").toString());
            }
        }
        return file;
    }

    private static long databaseBytes(Path data) throws IOException {
        long bytes = 0;
        for (String part : List.of("hubbub.db", "hubbub.db-wal")) {
            Path file = data.resolve(part);
            bytes += Files.exists(file) ? Files.size(file) : 0;
        }
        return bytes;
    }

    /** Starts importing {@code export} and kills it (SIGKILL) once it has stored its first hundred kilobytes. */
    private void killedWhileStoring(Path data, Path export) throws Exception {
        long before = databaseBytes(data);
        try (CommandProcess command = CommandProcess.start("import", "--data-dir", data.toString(),
                export.toString())) {
            await().atMost(java.time.Duration.ofSeconds(60)).pollInterval(java.time.Duration.ofMillis(20))
                    .until(() -> databaseBytes(data) > before + 128 * 1024);
            assertThat(command.remainingLines()).as("it was still importing when killed").isEmpty();
            command.kill();
        }
        try (var left = Files.list(data)) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith("import-undo-")))
                    .as("the killed import left its copy of the directory, complete")
                    .anyMatch(p -> Files.exists(p.resolve("undo.json")));
        }
    }

    @Test
    void anImportKilledMidwayIsUndoneByWhoeverTakesTheDataDirectoryNext() throws Exception {
        Path data = dir.resolve("data");
        runAll("import", "--data-dir", data.toString(), slackExport(new byte[] {1, 2, 3}).toString());
        Path many = manyMessages(MANY);

        // A server starting on the directory puts it back before it opens the history.
        killedWhileStoring(data, many);
        try (RunningServer server = RunningServer.start(data)) {
            String zed = http.claim(server.uri("/"), "Zed");
            assertThat(http.send(zed, "GET", server.uri("/chat/history?room=general"), null).body())
                    .contains("hello").doesNotContain("many ");
        }
        try (var left = Files.list(data)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("import-undo"));
        }

        // So does the next import, saying so; the directory is then byte for byte as before the killed one.
        java.util.Map<String, byte[]> before = contents(data);
        killedWhileStoring(data, many);
        Path notAnExport = Files.writeString(dir.resolve("notes.txt"), "not an export");
        try (CommandProcess command = CommandProcess.start("import", "--data-dir", data.toString(),
                notAnExport.toString())) {
            assertThat(command.exitCode()).as(command.stderr()).isEqualTo(1);
            assertThat(command.remainingLines()).containsExactly("an import into " + data.toAbsolutePath()
                    + " was stopped before it finished; the data directory is back as it was before that import");
        }
        java.util.Map<String, byte[]> after = contents(data);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        after.forEach((file, content) -> assertThat(content).as(file).isEqualTo(before.get(file)));

        // A copy cut short (killed while it was made, before any change) is only removed; the import then completes.
        Path cutShort = Files.createDirectory(data.resolve("import-undo-cut"));
        Files.write(cutShort.resolve("hubbub.db"), new byte[] {1, 2, 3});
        try (CommandProcess command = CommandProcess.start("import", "--data-dir", data.toString(),
                many.toString())) {
            assertThat(command.exitCode(java.time.Duration.ofMinutes(1))).as(command.stderr()).isZero();
            assertThat(command.remainingLines().get(0)).startsWith("imported from Slack: 1 rooms, " + MANY
                    + " messages");
        }
        assertThat(cutShort).doesNotExist();
    }

    /** Enough messages that storing them takes seconds (one transaction each), so the import is killed well before
     *  it ends. */
    private static final int MANY = 4_000;
}
