package dev.hubbub.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.HistoryPage;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hubbub backup} against a real server taking a thousand posts a second while the backup (a process of its
 * own) runs: the copy, served by a new server, holds every message acknowledged before the backup began, word for word
 * and under the same id, nothing that was never acknowledged, and the files with their bytes; and what it refuses.
 */
class BackupTest {
    private static final int POSTS_PER_SECOND = 1000;

    @TempDir
    Path dir;

    @Test
    void aBackupTakenUnderLoadServesEveryMessageAcknowledgedBeforeItBegan() throws Exception {
        Path data = dir.resolve("data");
        Path out = dir.resolve("backup");
        OkHttpClient client = new OkHttpClient.Builder().connectionPool(new okhttp3.ConnectionPool(16, 1,
                TimeUnit.MINUTES)).build();
        Http http = new Http(client);
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        Map<String, String> before;
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(64, 48,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        image.setRGB(10, 10, 0xff8800);
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", png);
        byte[] picture = png.toByteArray();
        String fileId;
        long during;
        double rate;
        try (RunningServer server = RunningServer.start(data)) {
            String ann = http.claim(server.uri("/"), "Ann");
            Http.Reply uploaded = http.send(new Request.Builder().url(server.uri("/files?name=plan.png").toString())
                    .header("Authorization", "Bearer " + ann)
                    .post(RequestBody.create(picture, okhttp3.MediaType.get("image/png"))).build());
            assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
            fileId = ChatJson.mapper().readTree(uploaded.body()).get("id").asText();
            assertThat(http.send(ann, "POST", server.uri("/chat"), "{\"text\":\"the plan\",\"files\":[\"" + fileId
                    + "\"]}").status()).isEqualTo(201);

            // Eight senders, a thousand posts a second between them, each post's id kept once it is acknowledged.
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong sent = new AtomicLong();
            ExecutorService senders = Executors.newFixedThreadPool(8);
            long start = System.nanoTime();
            for (int t = 0; t < 8; t++) {
                int sender = t;
                senders.execute(() -> {
                    long interval = TimeUnit.SECONDS.toNanos(1) * 8 / POSTS_PER_SECOND;
                    long next = System.nanoTime();
                    for (int i = 0; !stop.get(); i++) {
                        String text = "load " + sender + "-" + i;
                        try {
                            Http.Reply reply = http.post(server.uri("/chat"), Http.TEXT, "Bot" + sender + ": " + text);
                            if (reply.status() == 201) {
                                acknowledged.put(ChatJson.mapper().readTree(reply.body()).get("id").asText(), text);
                                sent.incrementAndGet();
                            }
                        } catch (Exception e) {
                            // counted by what was acknowledged
                        }
                        next += interval;
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                    }
                });
            }
            waitFor(() -> acknowledged.size() >= POSTS_PER_SECOND / 2, Duration.ofSeconds(20));
            before = new HashMap<>(acknowledged);
            long backupStart = System.nanoTime();
            long sentBefore = sent.get();
            try (CommandProcess backup = CommandProcess.start("backup", "--data-dir", data.toString(),
                    out.toString())) {
                String said = backup.nextLine(Duration.ofSeconds(60));
                assertThat(backup.exitCode()).isZero();
                assertThat(said).startsWith("backed up into " + out).contains(" 1 files");
            }
            during = sent.get() - sentBefore;
            rate = during / ((System.nanoTime() - backupStart) / 1e9);
            stop.set(true);
            senders.shutdown();
            assertThat(senders.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
            assertThat(start).isPositive();
        }
        assertThat(rate).as("posts a second while the backup ran (%d posts)", during)
                .isGreaterThan(POSTS_PER_SECOND * 0.8);
        assertThat(Files.exists(out.resolve("backup.json"))).isTrue();
        assertThat(Files.exists(out.resolve("host-token"))).isTrue();

        try (RunningServer restored = RunningServer.start(out)) {
            Map<String, ChatMessage> served = new HashMap<>();
            for (ChatMessage message : everything(http, restored.uri("/chat/history?room=general&limit=500"))) {
                served.put(message.id(), message);
            }
            for (Map.Entry<String, String> sentOne : before.entrySet()) {
                ChatMessage message = served.get(sentOne.getKey());
                assertThat(message).as("acknowledged before the backup: " + sentOne).isNotNull();
                assertThat(message.text()).isEqualTo(sentOne.getValue());
            }
            for (ChatMessage message : served.values()) {
                if (message.text().startsWith("load ")) {
                    assertThat(acknowledged.get(message.id())).as("served, so acknowledged: " + message.id())
                            .isEqualTo(message.text());
                }
            }
            ChatMessage plan = served.values().stream().filter(m -> m.text().equals("the plan")).findFirst()
                    .orElseThrow();
            assertThat(plan.files()).hasSize(1);
            Http.Reply bytes = http.send(new Request.Builder().url(restored.uri("/files/" + fileId).toString())
                    .build());
            assertThat(bytes.status()).isEqualTo(200);
            okhttp3.Response raw = client.newCall(new Request.Builder().url(restored.uri("/files/" + fileId)
                    .toString()).build()).execute();
            assertThat(raw.body().bytes()).isEqualTo(picture);
            raw.close();
        }
    }

    /** Every message of a conversation, page by page from the newest. */
    private static List<ChatMessage> everything(Http http, URI newest) throws Exception {
        List<ChatMessage> all = new ArrayList<>();
        String before = null;
        while (true) {
            Http.Reply page = http.send(null, "GET", URI.create(newest + (before == null ? "" : "&before=" + before)),
                    null);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            HistoryPage read = ChatJson.read(page.body(), HistoryPage.class);
            all.addAll(read.messages());
            if (!read.more() || read.messages().isEmpty()) {
                return all;
            }
            before = read.messages().get(0).id();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, Duration deadline)
            throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + deadline);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void scheduledBackupsAreTakenWhileServingAndOnlyTheNewestAreKept() throws Exception {
        Path backups = dir.resolve("backups");
        try (CommandProcess serve = CommandProcess.start("serve", "--data-dir", dir.resolve("data").toString(),
                "--port", "0", "--host", "127.0.0.1", "--no-announce", "--backup-every", "1s", "--backup-dir",
                backups.toString(), "--backup-keep", "2")) {
            int taken = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (taken < 3 && System.nanoTime() < deadline) {
                if (serve.nextLine(Duration.ofSeconds(20)).startsWith("backed up into " + backups)) {
                    taken++;
                }
            }
            assertThat(taken).isEqualTo(3);
            serve.stop();
        }
        List<Path> kept;
        try (var listed = Files.list(backups)) {
            kept = listed.sorted().toList();
        }
        assertThat(kept).hasSizeBetween(2, 3).allSatisfy(backup -> {
            assertThat(backup.getFileName().toString()).matches("hubbub-\\d{8}-\\d{6}(-\\d+)?");
        });
        // The newest two are whole; a third may have been cut short by the stop, and is never taken for whole.
        assertThat(kept.subList(0, 2)).allSatisfy(backup -> assertThat(backup.resolve("hubbub.db")).exists());
        try (RunningServer restored = RunningServer.start(kept.get(1))) {
            assertThat(restored.port()).isPositive();
        }
    }

    @Test
    void aBackupRefusesANonEmptyDirectoryAServerOnRedisAndADirectoryWithoutData() throws Exception {
        Path data = dir.resolve("data");
        try (RunningServer server = RunningServer.start(data)) {
            Files.createDirectories(dir.resolve("full"));
            Files.writeString(dir.resolve("full/keep.txt"), "mine");
            try (CommandProcess backup = CommandProcess.start("backup", "--data-dir", data.toString(),
                    dir.resolve("full").toString())) {
                assertThat(backup.exitCode()).isEqualTo(1);
                assertThat(backup.stderr()).contains("is not empty; give a new directory for the backup");
            }
            assertThat(Files.readString(dir.resolve("full/keep.txt"))).isEqualTo("mine");
        }
        try (CommandProcess backup = CommandProcess.start("backup", "--data-dir", data.toString(), "--store",
                "redis://127.0.0.1:6379", dir.resolve("r").toString())) {
            assertThat(backup.exitCode()).isEqualTo(1);
            assertThat(backup.stderr()).contains("keeps its state in Redis").contains("BGSAVE");
        }
        try (CommandProcess backup = CommandProcess.start("backup", "--data-dir", dir.resolve("nothing").toString(),
                dir.resolve("n").toString())) {
            assertThat(backup.exitCode()).isEqualTo(1);
            assertThat(backup.stderr()).contains("there is no Hubbub database in");
        }
        try (CommandProcess serve = CommandProcess.start("serve", "--data-dir", dir.resolve("d2").toString(),
                "--backup-every", "24h", "--port", "0", "--no-announce")) {
            assertThat(serve.exitCode()).isEqualTo(1);
            assertThat(serve.stderr()).contains("--backup-every needs --backup-dir");
        }
    }
    @Test
    void aBackupIsReadableByItsUserOnlyAndNeverFollowsALink() throws Exception {
        Path data = dir.resolve("data");
        Path secret = Files.writeString(dir.resolve("secret.txt"), "not the room's");
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Files.setPosixFilePermissions(elsewhere, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), elsewhere);
        Path file = Files.writeString(dir.resolve("a-file"), "");
        Path full = Files.createDirectory(dir.resolve("full"));
        Files.writeString(full.resolve("mine.txt"), "");
        Files.setPosixFilePermissions(full, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Path sticky = Files.createDirectory(dir.resolve("sticky"));
        Files.setAttribute(sticky, "unix:mode", 01777);
        Path theirs = Files.createDirectory(dir.resolve("theirs"));
        java.nio.file.attribute.UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        if (System.getProperty("user.name").equals("root")) {
            Files.setOwner(theirs, users.lookupPrincipalByName("nobody"));
        } else {
            theirs = Path.of("/"); // root's, and the test cannot give a directory away
        }
        try (RunningServer server = RunningServer.start(data)) {
            Http http = new Http(new OkHttpClient());
            String ann = http.claim(server.uri("/"), "Ann");
            java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(64, 48,
                    java.awt.image.BufferedImage.TYPE_INT_RGB);
            java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(image, "png", png);
            Http.Reply uploaded = http.send(new Request.Builder().url(server.uri("/files?name=plan.png").toString())
                    .header("Authorization", "Bearer " + ann)
                    .post(RequestBody.create(png.toByteArray(), okhttp3.MediaType.get("image/png"))).build());
            assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
            String fileId = ChatJson.mapper().readTree(uploaded.body()).get("id").asText();
            assertThat(http.send(ann, "POST", server.uri("/chat"), "{\"text\":\"the plan\",\"files\":[\"" + fileId
                    + "\"]}").status()).isEqualTo(201);
            Files.createSymbolicLink(data.resolve("notes.txt"), secret);
            Path files = data.resolve(dev.hubbub.server.HubbubServer.FILES);

            // An existing empty directory, open to everyone, and a new one: both private, and all in them.
            // One under a directory everyone may write to but only owners may rename in (sticky, like /tmp) too.
            for (Path out : List.of(open, dir.resolve("new/backup"), sticky.resolve("backup"))) {
                dev.hubbub.server.backup.Backup.Result taken = dev.hubbub.server.backup.Backup.take(data, files, out);
                assertThat(taken.files()).isEqualTo(1);
                assertThat(out.resolve("hubbub.db")).exists();
                assertThat(out.resolve("notes.txt")).as("a link in the data directory is not followed")
                        .doesNotExist();
                List<Path> everything;
                try (var walk = Files.walk(out)) {
                    everything = walk.toList();
                }
                assertThat(everything).hasSizeGreaterThan(4).allSatisfy(path -> assertThat(
                        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(path,
                                java.nio.file.LinkOption.NOFOLLOW_LINKS))).as(path.toString())
                        .isEqualTo(Files.isDirectory(path) ? "rwx------" : "rw-------"));
            }

            // Refused: a link (what it points at stays as it was), a file, someone else's directory, a full one, one
            // inside a directory where others could swap it for a link once checked.
            Map<Path, String> refusals = Map.of(link, "is a symbolic link", file, "is a file, not a directory",
                    theirs, "belongs to another user", open, "is not empty", full, "is not empty",
                    shared.resolve("backup"), "which other users can write to");
            for (Map.Entry<Path, String> refused : refusals.entrySet()) {
                assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(
                        () -> dev.hubbub.server.backup.Backup.take(data, files, refused.getKey()),
                        dev.hubbub.server.backup.Backup.Refusal.class))
                        .as(refused.getKey().toString()).isNotNull()
                        .extracting(Throwable::getMessage).asString().contains(refused.getValue());
            }
            try (RunningServer restored = RunningServer.start(dir.resolve("new/backup"))) {
                for (String path : List.of("/files/" + fileId, "/files/" + fileId + "/thumbnail")) {
                    assertThat(http.send(new Request.Builder().url(restored.uri(path).toString()).build()).status())
                            .as("served from the copy: " + path).isEqualTo(200);
                }
            }
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(full)))
                    .as("a refused directory keeps its mode").isEqualTo("rwxr-xr-x");
            assertThat(shared.resolve("backup")).doesNotExist();

            // A link in place of the thumbnail is left out, and the backup goes on without it.
            Path thumbnail;
            try (var walk = Files.walk(files)) {
                thumbnail = walk.filter(path -> path.getFileName().toString().contains(".thumb")).findFirst()
                        .orElseThrow();
            }
            Files.delete(thumbnail);
            Files.createSymbolicLink(thumbnail, secret);
            Path linked = dir.resolve("linked");
            assertThat(dev.hubbub.server.backup.Backup.take(data, files, linked).files()).isEqualTo(1);
            try (var walk = Files.walk(linked)) {
                assertThat(walk.filter(path -> path.getFileName().toString().contains(".thumb")).toList())
                        .isEmpty();
            }
            assertThat(elsewhere).isEmptyDirectory();
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(elsewhere)))
                    .isEqualTo("rwxrwxrwx");
        }
    }
}
