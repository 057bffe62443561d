package dev.hubbub.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.server.HubbubServer;
import dev.hubbub.server.files.FileLimits;
import dev.hubbub.server.testing.RawClient;
import dev.hubbub.server.testing.RunningServer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads, downloads and who may see them, against a real server with real files (and a disk that fills up). */
class FilesTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    /**
     * HTTP/1.1: the JDK's client, upgrading a plain connection to HTTP/2 (h2c), now and then misreads a large answer
     * ("Frame type(78) length(6309445) exceeds MAX_FRAME_SIZE", on JDK 17 and 25); curl's h2c, on the same server
     * and file, never did in 120 downloads.
     */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private RunningServer server;
    private FileSystem smallDisk;

    private void start(UnaryOperator<dev.hubbub.server.ServerConfig> adjust) throws Exception {
        server = RunningServer.start(dataDir, adjust);
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        if (smallDisk != null) {
            smallDisk.close();
        }
    }

    private Path filesDir() {
        return dataDir.resolve(HubbubServer.FILES);
    }

    private String claim(String name) throws Exception {
        HttpResponse<String> reply = send(HttpRequest.newBuilder(server.uri("/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}")));
        assertThat(reply.statusCode()).isEqualTo(201);
        return ChatJson.mapper().readTree(reply.body()).get("token").asText();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> upload(String token, String name, String type, byte[] bytes) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/files?name="
                + URLEncoder.encode(name, StandardCharsets.UTF_8))).POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (type != null) {
            request.header("Content-Type", type);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    private JsonNode uploaded(String token, String name, String type, byte[] bytes) throws Exception {
        HttpResponse<String> reply = upload(token, name, type, bytes);
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(201);
        return ChatJson.mapper().readTree(reply.body());
    }

    private HttpResponse<String> post(String token, String json) throws Exception {
        return send(HttpRequest.newBuilder(server.uri("/chat")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpResponse<byte[]> download(String token, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private long filesIn(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).count();
        }
    }

    private void awaitNoFilesIn(Path dir) throws InterruptedException {
        await("no files in " + dir, () -> {
            try {
                return filesIn(dir) == 0;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.sleep(20);
        }
    }

    static byte[] png(int width, int height, boolean alpha) throws IOException {
        BufferedImage image = new BufferedImage(width, height, alpha ? BufferedImage.TYPE_INT_ARGB
                : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, width / 2, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    void aFileSentInARoomDownloadsByteForByteWithHeadersThatKeepItAFile() throws Exception {
        start(UnaryOperator.identity());
        String ann = claim("Ann");
        String bob = claim("Bob");
        byte[] plan = randomBytes(3_000_000, 1);
        JsonNode file = uploaded(ann, "plan 2026 – final.pdf", "application/pdf", plan);
        String id = file.get("id").asText();
        assertThat(id).matches("[A-Za-z0-9_-]{22}");
        assertThat(file.get("url").asText()).isEqualTo("/files/" + id);
        assertThat(file.get("size").asLong()).isEqualTo(plan.length);
        assertThat(file.get("type").asText()).isEqualTo("application/pdf");

        HttpResponse<String> sent = post(ann, "{\"text\":\"here is the plan\",\"files\":[\"" + id + "\"]}");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
        HttpResponse<String> page = send(HttpRequest.newBuilder(server.uri("/chat/history?room=general"))
                .header("Authorization", "Bearer " + bob));
        JsonNode message = ChatJson.mapper().readTree(page.body()).get("messages").get(0);
        assertThat(message.get("text").asText()).isEqualTo("here is the plan");
        assertThat(message.get("files").get(0).get("name").asText()).isEqualTo("plan 2026 – final.pdf");

        for (String reader : new String[] {bob, null}) {
            HttpResponse<byte[]> got = download(reader, "/files/" + id);
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(sha256(got.body())).isEqualTo(sha256(plan));
            var headers = got.headers();
            assertThat(headers.firstValue("Content-Type")).hasValue("application/octet-stream");
            assertThat(headers.firstValue("Content-Disposition")).hasValue(
                    "attachment; filename=\"plan 2026 _ final.pdf\"; filename*=UTF-8''plan%202026%20%E2%80%93%20final.pdf");
            assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(headers.firstValue("Content-Security-Policy").orElseThrow()).startsWith("sandbox");
            assertThat(headers.firstValue("Cache-Control")).hasValue("private, max-age=31536000, immutable");
            assertThat(headers.firstValue("ETag")).hasValue("\"" + id + "\"");
        }
        String etag = "\"" + id + "\"";
        assertThat(download(bob, "/files/" + id, "If-None-Match", etag).statusCode()).isEqualTo(304);

        HttpResponse<byte[]> middle = download(bob, "/files/" + id, "Range", "bytes=1000-1999");
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.headers().firstValue("Content-Range")).hasValue("bytes 1000-1999/" + plan.length);
        assertThat(middle.body()).isEqualTo(java.util.Arrays.copyOfRange(plan, 1000, 2000));
        HttpResponse<byte[]> rest = download(bob, "/files/" + id, "Range", "bytes=2999990-");
        assertThat(rest.body()).isEqualTo(java.util.Arrays.copyOfRange(plan, 2_999_990, 3_000_000));
        HttpResponse<byte[]> tail = download(bob, "/files/" + id, "Range", "bytes=-5");
        assertThat(tail.body()).isEqualTo(java.util.Arrays.copyOfRange(plan, 2_999_995, 3_000_000));
        assertThat(download(bob, "/files/" + id, "Range", "bytes=3000000-").statusCode()).isEqualTo(416);
        assertThat(download(bob, "/files/" + id + "/thumbnail").statusCode()).isEqualTo(404);

        // The tutorial stream says a file was sent.
        try (RawClient raw = RawClient.connect(server.port())) {
            raw.send("GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n");
            raw.readUntil("data: Ann: here is the plan\ndata: \uD83D\uDCCE plan 2026 – final.pdf (3.0 MB)\n", WAIT);
        }
    }

    @Test
    void aStoppedServerLeavesNoFileThreadsBehind() throws Exception {
        java.util.function.Supplier<java.util.Set<Thread>> fileThreads = () -> Thread.getAllStackTraces().keySet()
                .stream().filter(t -> t.getName().startsWith("hubbub-file-") && t.isAlive())
                .collect(java.util.stream.Collectors.toSet());
        java.util.Set<Thread> before = fileThreads.get();
        start(UnaryOperator.identity());
        String ann = claim("Ann");
        // Past the size at which arriving bytes are synced in the background, and hashed after.
        uploaded(ann, "big.bin", null, randomBytes((int) (17L << 20), 9));
        await("the file hashed", () -> {
            try (var named = Files.list(filesDir().resolve("blobs"))) {
                return named.anyMatch(dir -> dir.getFileName().toString().length() == 2);
            } catch (IOException e) {
                return false;
            }
        });
        assertThat(fileThreads.get()).as("the hasher and the syncer ran").hasSizeGreaterThan(before.size());
        server.close();
        server = null;
        await("no file threads left by the stopped server", () -> before.containsAll(fileThreads.get()));
    }

    @Test
    void theSameBytesAreStoredOnce() throws Exception {
        start(UnaryOperator.identity());
        String ann = claim("Ann");
        byte[] bytes = randomBytes(100_000, 2);
        String first = uploaded(ann, "a.bin", null, bytes).get("id").asText();
        String second = uploaded(ann, "b.bin", null, bytes).get("id").asText();
        assertThat(first).isNotEqualTo(second);
        // Each is stored at once; the copy goes once its hash is known, and both files are the one blob named by it.
        await("one blob, named by its hash", () -> {
            try {
                // The copy's bytes are counted off once it is gone (a moment after its file goes).
                return filesIn(filesDir().resolve("blobs")) == 1
                        && Files.exists(filesDir().resolve("blobs").resolve(sha256(bytes).substring(0, 2))
                                .resolve(sha256(bytes)))
                        && server.server().files().used() == 100_000;
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(server.server().files().used()).isEqualTo(100_000);
        assertThat(download(ann, "/files/" + first).body()).isEqualTo(bytes);
        assertThat(download(ann, "/files/" + second).body()).isEqualTo(bytes);
    }

    @Test
    void aFileDownloadsWholeWhileItIsBeingHashedAndRenamed() throws Exception {
        start(UnaryOperator.identity());
        String ann = claim("Ann");
        byte[] shared = randomBytes(300_000, 20);
        for (int i = 0; i < 15; i++) {
            // Every other upload is a copy of stored content, so it is dropped rather than renamed.
            byte[] bytes = i % 2 == 0 ? shared : randomBytes(300_000, 100 + i);
            String id = uploaded(ann, "f" + i + ".png", null, bytes).get("id").asText();
            for (int n = 0; n < 4; n++) {
                HttpResponse<byte[]> got = download(ann, "/files/" + id);
                assertThat(got.statusCode()).isEqualTo(200);
                assertThat(got.body()).isEqualTo(bytes);
            }
        }
        // Pictures: their thumbnails move with them.
        for (int i = 0; i < 10; i++) {
            JsonNode picture = uploaded(ann, "p" + i + ".png", "image/png", png(300 + i, 200, false));
            for (int n = 0; n < 4; n++) {
                HttpResponse<byte[]> small = download(ann, picture.get("thumbnail").asText());
                assertThat(small.statusCode()).isEqualTo(200);
                assertThat(ImageIO.read(new ByteArrayInputStream(small.body())).getWidth()).isEqualTo(300 + i);
            }
        }
    }

    @Test
    void picturesGetThumbnailsAndAreShownInlineWhateverTheyWereSentAs() throws Exception {
        start(UnaryOperator.identity());
        String ann = claim("Ann");
        byte[] big = png(1600, 1200, false);
        JsonNode photo = uploaded(ann, "screen.png", "application/octet-stream", big);
        assertThat(photo.get("type").asText()).isEqualTo("image/png");
        assertThat(photo.get("width").asInt()).isEqualTo(1600);
        assertThat(photo.get("height").asInt()).isEqualTo(1200);
        String id = photo.get("id").asText();
        assertThat(photo.get("thumbnail").asText()).isEqualTo("/files/" + id + "/thumbnail");
        HttpResponse<byte[]> small = download(ann, "/files/" + id + "/thumbnail");
        assertThat(small.statusCode()).isEqualTo(200);
        assertThat(small.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(small.body()));
        assertThat(thumbnail.getWidth()).isEqualTo(400);
        assertThat(thumbnail.getHeight()).isEqualTo(300);
        HttpResponse<byte[]> whole = download(ann, "/files/" + id);
        assertThat(whole.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(whole.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("inline;");

        JsonNode clear = uploaded(ann, "dot.png", "image/png", png(300, 200, true));
        HttpResponse<byte[]> clearThumb = download(ann, clear.get("thumbnail").asText());
        assertThat(clearThumb.headers().firstValue("Content-Type")).hasValue("image/png");

        for (String webp : new String[] {"photo.webp", "transparent.webp"}) {
            byte[] bytes;
            try (InputStream in = FilesTest.class.getResourceAsStream("/files/" + webp)) {
                bytes = in.readAllBytes();
            }
            JsonNode picture = uploaded(ann, webp, "image/webp", bytes);
            assertThat(picture.get("type").asText()).isEqualTo("image/webp");
            assertThat(picture.has("thumbnail")).as(webp + " has a thumbnail").isTrue();
            BufferedImage webpThumb = ImageIO.read(new ByteArrayInputStream(
                    download(ann, picture.get("thumbnail").asText()).body()));
            assertThat(webpThumb.getWidth()).isEqualTo(webp.equals("photo.webp") ? 400 : 300);
        }
    }

    @Test
    void aPhotoIsTurnedUprightAsItsExifOrientationSays() throws Exception {
        start(UnaryOperator.identity());
        String ann = claim("Ann");
        BufferedImage wide = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(wide, "jpeg", jpeg);
        JsonNode photo = uploaded(ann, "phone.jpg", "image/jpeg", withOrientation(jpeg.toByteArray(), 6));
        assertThat(photo.get("width").asInt()).isEqualTo(100);
        assertThat(photo.get("height").asInt()).isEqualTo(200);
        BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(
                download(ann, photo.get("thumbnail").asText()).body()));
        assertThat(thumbnail.getWidth()).isEqualTo(100);
        assertThat(thumbnail.getHeight()).isEqualTo(200);
    }

    /** The JPEG with an EXIF segment (big-endian TIFF, one entry: Orientation) right after its start marker. */
    static byte[] withOrientation(byte[] jpeg, int orientation) {
        byte[] tiff = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0,
            0, 0, 0, 0, 0, 0};
        byte[] exif = {'E', 'x', 'i', 'f', 0, 0};
        int length = 2 + exif.length + tiff.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.write(exif, 0, exif.length);
        out.write(tiff, 0, tiff.length);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    @Test
    void aFileInADirectMessageIsForItsTwoPeopleOnly() throws Exception {
        start(UnaryOperator.identity());
        String ann = claim("Ann");
        String bob = claim("Bob");
        String cy = claim("Cy");
        String id = uploaded(ann, "salary.xlsx", null, randomBytes(5000, 3)).get("id").asText();
        assertThat(download(ann, "/files/" + id).statusCode()).as("its uploader, before sending").isEqualTo(200);
        assertThat(download(bob, "/files/" + id).statusCode()).as("not sent yet").isEqualTo(404);
        assertThat(post(ann, "{\"to\":\"Bob\",\"text\":\"for you\",\"files\":[\"" + id + "\"]}").statusCode())
                .isEqualTo(201);
        assertThat(download(bob, "/files/" + id).statusCode()).isEqualTo(200);
        assertThat(download(cy, "/files/" + id).statusCode()).isEqualTo(404);
        assertThat(download(null, "/files/" + id).statusCode()).isEqualTo(404);
        assertThat(download(cy, "/files/" + id + "/thumbnail").statusCode()).isEqualTo(404);
        String guessed = id.substring(0, 21) + (id.charAt(21) == 'A' ? 'B' : 'A');
        assertThat(download(bob, "/files/" + guessed).statusCode()).isEqualTo(404);
        // Bob saw it, but only Ann may send it on: it cannot be made public by someone else.
        HttpResponse<String> leak = post(bob, "{\"text\":\"look\",\"files\":[\"" + id + "\"]}");
        assertThat(leak.statusCode()).isEqualTo(400);
        assertThat(leak.body()).contains("upload it with POST /files first");
        assertThat(download(cy, "/files/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void refusalsSayWhyAndKeepNothing() throws Exception {
        start(config -> config.with(b -> b.files(FileLimits.defaults().withMaxFileBytes(1_000_000).withUploadsPerMinute(8))));
        String ann = claim("Ann");
        HttpResponse<String> anonymous = upload(null, "a.txt", "text/plain", "hi".getBytes(StandardCharsets.UTF_8));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("sign in");
        HttpResponse<String> nameless = send(HttpRequest.newBuilder(server.uri("/files"))
                .header("Authorization", "Bearer " + ann).POST(HttpRequest.BodyPublishers.ofString("hi")));
        assertThat(nameless.statusCode()).isEqualTo(400);
        assertThat(nameless.body()).contains("?name=");
        HttpResponse<String> lying = upload(ann, "cat.png", "image/png",
                "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8));
        assertThat(lying.statusCode()).isEqualTo(415);
        assertThat(lying.body()).contains("sent as image/png, but its bytes are not a PNG image");
        HttpResponse<String> tooBig = upload(ann, "big.bin", null, randomBytes(1_000_001, 4));
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(tooBig.body()).contains("larger than 1.0 MB");
        HttpResponse<String> empty = upload(ann, "empty.txt", "text/plain", new byte[0]);
        assertThat(empty.statusCode()).isEqualTo(400);
        // A right-to-left override shows this as "reportexe.pdf"; a zero-width joiner hides in a name.
        for (String hiding : new String[] {"report\u202efdp.exe", "notes\u200d.txt"}) {
            HttpResponse<String> refused = upload(ann, hiding, "text/plain", "hi".getBytes(StandardCharsets.UTF_8));
            assertThat(refused.statusCode()).as(hiding).isEqualTo(400);
            assertThat(refused.body()).as(hiding)
                    .contains("the file's name contains an invisible or direction-changing character");
        }
        HttpResponse<String> unknown = post(ann, "{\"text\":\"x\",\"files\":[\"AAAAAAAAAAAAAAAAAAAAAA\"]}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(filesIn(filesDir())).isZero();
        assertThat(server.server().files().used()).isZero();
        HttpResponse<String> last = null;
        for (int i = 0; i < 8 && (last == null || last.statusCode() != 429); i++) {
            last = upload(ann, "n.txt", "text/plain", ("n" + i).getBytes(StandardCharsets.UTF_8));
        }
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.body()).contains("at most 8 a minute");
        assertThat(last.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void anAnnouncedGigabyteIsRefusedAtOnceAndTheConnectionClosedWithoutReadingIt() throws Exception {
        start(UnaryOperator.identity());
        String ann = claim("Ann");
        try (RawClient raw = RawClient.connect(server.port())) {
            raw.send("POST /files?name=huge.iso HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ann
                    + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000000000\r\n\r\n");
            String reply = raw.readUntil("the most this server takes in one file", WAIT);
            assertThat(reply).startsWith("HTTP/1.1 413").contains("Connection: close");
            raw.drainUntilClosed(WAIT);
        }
        // Without a length, the upload is cut where it passes the limit.
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /files?name=stream.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ann
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = randomBytes(1 << 20, 5);
            String answer = null;
            socket.setSoTimeout(10_000);
            try {
                for (int i = 0; i < 100; i++) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
            } catch (IOException closed) {
                // the server stopped reading and closed: what it answered is waiting
            }
            answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(answer).isEqualTo("HTTP/1.1 413");
        }
        awaitNoFilesIn(filesDir());
    }

    @Test
    void anInterruptedUploadLeavesNothing() throws Exception {
        start(UnaryOperator.identity());
        String ann = claim("Ann");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /files?name=half.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ann
                    + "\r\nContent-Length: 10000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(randomBytes(2_000_000, 6));
            out.flush();
            await("the upload under way", () -> {
                try {
                    return filesIn(filesDir().resolve("incoming")) == 1;
                } catch (IOException e) {
                    return false;
                }
            });
        }
        awaitNoFilesIn(filesDir());
        assertThat(server.server().files().used()).isZero();
    }

    @Test
    void whenStorageIsFullUnsentFilesGoFirstThenUploadsAreRefused() throws Exception {
        start(config -> config.with(b -> b.files(FileLimits.defaults().withMaxFileBytes(2_000_000)
                .withMaxTotalBytes(3_000_000).withUnsentGrace(Duration.ZERO))));
        String ann = claim("Ann");
        String sent = uploaded(ann, "sent.bin", null, randomBytes(2_000_000, 7)).get("id").asText();
        assertThat(post(ann, "{\"text\":\"kept\",\"files\":[\"" + sent + "\"]}").statusCode()).isEqualTo(201);
        String unsent = uploaded(ann, "unsent.bin", null, randomBytes(900_000, 8)).get("id").asText();
        String next = uploaded(ann, "next.bin", null, randomBytes(900_000, 9)).get("id").asText();
        assertThat(download(ann, "/files/" + unsent).statusCode()).as("the unsent file made room").isEqualTo(404);
        assertThat(download(ann, "/files/" + sent).statusCode()).isEqualTo(200);
        assertThat(download(ann, "/files/" + next).statusCode()).isEqualTo(200);
        assertThat(post(ann, "{\"text\":\"kept too\",\"files\":[\"" + next + "\"]}").statusCode()).isEqualTo(201);
        HttpResponse<String> full = upload(ann, "more.bin", null, randomBytes(200_000, 10));
        assertThat(full.statusCode()).isEqualTo(413);
        assertThat(full.body()).contains("storage for files is full");
        assertThat(server.server().files().used()).isEqualTo(2_900_000);
    }

    @Test
    void aStalledUploadHoldsOnlyWhatItSent() throws Exception {
        start(config -> config.with(b -> b.files(FileLimits.defaults().withMaxFileBytes(3_000_000)
                .withMaxTotalBytes(3_000_000))));
        String ann = claim("Ann");
        try (RawClient stalled = RawClient.connect(server.port())) {
            // Announces the whole storage, sends a little, and waits.
            stalled.send("POST /files?name=stalled.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ann
                    + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 3000000\r\n\r\n"
                    + "x".repeat(1000));
            await("the stalled upload has begun", () -> server.server().files().arriving() > 0);
            String id = uploaded(ann, "meanwhile.bin", null, randomBytes(1_500_000, 17)).get("id").asText();
            assertThat(download(ann, "/files/" + id).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aFullDiskIsAClearErrorAndLeavesNoHalfFile() throws Exception {
        smallDisk = Jimfs.newFileSystem(Configuration.unix().toBuilder().setMaxSize(4 * 1024 * 1024)
                .setBlockSize(8192).build());
        Path files = smallDisk.getPath("/files");
        start(config -> config.with(b -> b.filesDir(files)));
        String ann = claim("Ann");
        HttpResponse<String> tooMuch = upload(ann, "video.mp4", "video/mp4", randomBytes(6_000_000, 11));
        assertThat(tooMuch.statusCode()).isEqualTo(507);
        assertThat(tooMuch.body()).contains("could not store the file").contains("nothing was kept");
        assertThat(filesIn(files)).isZero();
        byte[] small = randomBytes(1_000_000, 12);
        String id = uploaded(ann, "small.bin", null, small).get("id").asText();
        assertThat(sha256(download(ann, "/files/" + id).body())).isEqualTo(sha256(small));
    }

    @Test
    void aFileGoesWithTheLastKeptMessageThatCarriesIt() throws Exception {
        start(config -> config.with(b -> b.historyLimit(10)));
        String ann = claim("Ann");
        String id = uploaded(ann, "old.bin", null, randomBytes(50_000, 13)).get("id").asText();
        assertThat(post(ann, "{\"text\":\"old\",\"files\":[\"" + id + "\"]}").statusCode()).isEqualTo(201);
        assertThat(server.server().files().used()).isEqualTo(50_000);
        for (int i = 0; i < 520; i++) {
            assertThat(post(ann, "{\"text\":\"filler " + i + "\"}").statusCode()).isEqualTo(201);
        }
        await("the file deleted with its message", () -> server.server().files().used() == 0);
        assertThat(download(ann, "/files/" + id).statusCode()).isEqualTo(404);
        assertThat(filesIn(filesDir().resolve("blobs"))).isZero();
    }

    @Test
    void whatACrashLeftBehindIsCleanedUpOnStart() throws Exception {
        start(UnaryOperator.identity());
        String ann = claim("Ann");
        byte[] kept = randomBytes(10_000, 14);
        String id = uploaded(ann, "kept.bin", null, kept).get("id").asText();
        assertThat(post(ann, "{\"text\":\"x\",\"files\":[\"" + id + "\"]}").statusCode()).isEqualTo(201);
        server.close();
        server = null;
        Files.write(filesDir().resolve("incoming").resolve("upload-1.part"), randomBytes(1000, 15));
        Path orphan = filesDir().resolve("blobs").resolve("ab").resolve("ab" + "0".repeat(62));
        Files.createDirectories(orphan.getParent());
        Files.write(orphan, randomBytes(1000, 16));
        start(UnaryOperator.identity());
        assertThat(filesIn(filesDir().resolve("incoming"))).isZero();
        assertThat(Files.exists(orphan)).isFalse();
        assertThat(sha256(download(ann, "/files/" + id).body())).isEqualTo(sha256(kept));
        assertThat(server.server().files().used()).isEqualTo(10_000);
    }

    @Test
    void scriptsInSvgAndHtmlAreServedAsDownloads() throws Exception {
        start(UnaryOperator.identity());
        String ann = claim("Ann");
        for (String[] file : new String[][] {{"x.svg", "image/svg+xml",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"},
            {"x.html", "text/html", "<script>alert(1)</script>"}}) {
            String id = uploaded(ann, file[0], file[1], file[2].getBytes(StandardCharsets.UTF_8)).get("id").asText();
            HttpResponse<byte[]> got = download(ann, "/files/" + id);
            assertThat(got.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
            assertThat(got.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment;");
            assertThat(got.headers().firstValue("Content-Security-Policy").orElseThrow()).startsWith("sandbox");
        }
    }
}
