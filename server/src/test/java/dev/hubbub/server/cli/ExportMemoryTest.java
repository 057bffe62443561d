package dev.hubbub.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.Pictures;
import dev.hubbub.server.testing.RawClient;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports of a message carrying ten pictures of 4.8 MB each (a 64 MB page) from a real {@code hubbub serve} in a JVM
 * with a 96 MB heap, eight at once: each is answered whole (every picture inside, byte for byte, and one more past the
 * page's budget linked instead; the JSON complete), and the server goes on answering; and exports past what one
 * person, an address and the server may run at once are refused with a sentence. A page built whole in memory ends in
 * {@code OutOfMemoryError} here at the first export.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportMemoryTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int PICTURES = 10;
    /** Where the exports come from: four from each, as many as an address may run at once. */
    private static final List<String> ADDRESSES = List.of("127.0.0.2", "127.0.0.3");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private CommandProcess serve;
    private int port;
    private URI base;
    private byte[] picture;
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private String pastTheBudget;

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    @BeforeAll
    void startAServerWithTenPicturesInOneMessage(@TempDir Path dataDir) throws Exception {
        port = freePort();
        base = URI.create("http://127.0.0.1:" + port + "/");
        serve = CommandProcess.startWithJvmOptions(List.of("-Xmx96m"), "serve", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--data-dir", dataDir.toString(), "--no-announce", "--uploads-per-minute",
                "100000", "--max-posts-per-second", "1000", "--post-burst", "1000");
        while (!serve.nextLine(WAIT).equals("Press Ctrl-C to stop.")) {
            // the welcome lines
        }
        for (String name : List.of("Ann", "Bob", "Cy", "Dee", "Eve")) {
            HttpResponse<String> claimed = send(null, "POST", "/session", "{\"name\":\"" + name + "\"}");
            tokens.put(name, ChatJson.mapper().readTree(claimed.body()).get("token").asText());
        }
        picture = Pictures.noise(1264);
        assertThat(picture.length).isBetween(4_700_000, 5_000_000);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < PICTURES; i++) {
            HttpResponse<String> uploaded = http.send(HttpRequest.newBuilder(base.resolve("/files?name=noise-" + i
                    + ".png")).timeout(WAIT).header("Authorization", "Bearer " + tokens.get("Ann"))
                    .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(picture))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
            ids.add(ChatJson.mapper().readTree(uploaded.body()).get("id").asText());
        }
        HttpResponse<String> posted = send(tokens.get("Ann"), "POST", "/chat", "{\"text\":\"ten pictures\",\"files\":"
                + ChatJson.write(ids) + "}");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
        // One more, past the page's 50 MB of pictures: a link to it on the server instead.
        HttpResponse<String> more = send(tokens.get("Ann"), "POST", "/chat", "{\"text\":\"one more\",\"files\":[\""
                + ids.get(0) + "\"]}");
        assertThat(more.statusCode()).as(more.body()).isEqualTo(201);
        pastTheBudget = "<a href=\"http://127.0.0.1:" + port + "/files/" + ids.get(0) + "\">";
    }

    @AfterAll
    void stop() {
        if (serve != null) {
            serve.close();
        }
    }

    private HttpResponse<String> send(String token, String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(WAIT)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The same request for OkHttp, whose clients can leave from another loopback address ({@link Http#from}). */
    private okhttp3.Request exportCall(String name, String format) {
        return new okhttp3.Request.Builder().url(base.resolve("/export?room=general&format=" + format).toString())
                .header("Authorization", "Bearer " + tokens.get(name)).build();
    }

    private HttpRequest export(String name, String format) {
        return HttpRequest.newBuilder(base.resolve("/export?room=general&format=" + format)).timeout(WAIT)
                .header("Authorization", "Bearer " + tokens.get(name)).build();
    }

    @Test
    void eightExportsOfTenBigPicturesAtOnceAreAnsweredWholeInANinetySixMegabyteHeap() throws Exception {
        byte[] encoded = Base64.getEncoder().encode(picture);
        ExecutorService readers = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<String>> exports = new ArrayList<>();
            for (String name : List.of("Ann", "Bob", "Cy", "Dee")) {
                // Four from each of two addresses: as many as an address may run at once.
                OkHttpClient from = Http.from(ADDRESSES.get(exports.size() / 4), 4);
                for (String format : List.of("html", name.equals("Ann") || name.equals("Bob") ? "json" : "html")) {
                    exports.add(CompletableFuture.supplyAsync(() -> {
                        try (okhttp3.Response reply = from.newCall(exportCall(name, format)).execute();
                             InputStream body = reply.body().byteStream()) {
                            assertThat(reply.code()).isEqualTo(200);
                            return format.equals("html") ? checkPage(body, encoded, pastTheBudget) : checkJson(body);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }, readers));
                }
            }
            for (CompletableFuture<String> export : exports) {
                assertThat(export.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("whole");
            }
        } finally {
            readers.shutdownNow();
        }
        HttpResponse<String> posted = send(tokens.get("Eve"), "POST", "/chat", "{\"text\":\"still here\"}");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
        assertThat(serve.stderr()).doesNotContain("OutOfMemoryError");
    }

    /**
     * Reads a page as it arrives: it is one whole page, every picture within the budget is inside it, byte for byte,
     * and the one past it is {@code link}.
     */
    private static String checkPage(InputStream page, byte[] encoded, String link) throws IOException {
        byte[] marker = "data:image/png;base64,".getBytes(StandardCharsets.US_ASCII);
        byte[] linked = link.getBytes(StandardCharsets.US_ASCII);
        int linkMatched = 0;
        int links = 0;
        InputStream in = new BufferedInputStream(page, 64 * 1024);
        byte[] start = in.readNBytes(15);
        assertThat(new String(start, StandardCharsets.US_ASCII)).isEqualTo("<!doctype html>");
        int matched = 0;
        int whole = 0;
        byte[] tail = new byte[14];
        for (int b; (b = in.read()) >= 0; ) {
            System.arraycopy(tail, 1, tail, 0, tail.length - 1);
            tail[tail.length - 1] = (byte) b;
            linkMatched = b == linked[linkMatched] ? linkMatched + 1 : b == linked[0] ? 1 : 0;
            if (linkMatched == linked.length) {
                linkMatched = 0;
                links++;
            }
            matched = b == marker[matched] ? matched + 1 : b == marker[0] ? 1 : 0;
            if (matched == marker.length) {
                matched = 0;
                byte[] data = in.readNBytes(encoded.length);
                assertThat(data).as("picture %d", whole + 1).isEqualTo(encoded);
                assertThat(in.read()).as("the picture's address ends there").isEqualTo('"');
                whole++;
            }
        }
        assertThat(new String(tail, StandardCharsets.US_ASCII)).isEqualTo("</body></html>");
        assertThat(whole).as("pictures inside the page").isEqualTo(PICTURES);
        assertThat(links).as("the picture past the budget, linked").isEqualTo(1);
        return "whole";
    }

    private static String checkJson(InputStream json) throws IOException {
        JsonNode export = ChatJson.mapper().readTree(json);
        JsonNode messages = export.get("conversations").get(0).get("messages");
        assertThat(messages.findValuesAsText("text")).contains("ten pictures", "one more");
        assertThat(messages.findValues("files").get(0).size()).isEqualTo(PICTURES);
        return "whole";
    }

    @Test
    void exportsPastWhatOnePersonAndTheServerMayRunAtOnceAreRefusedWithASentence() throws Exception {
        List<RawClient> stalled = new ArrayList<>();
        try {
            for (String name : List.of("Ann", "Bob", "Cy", "Dee")) {
                for (int i = 0; i < 2; i++) {
                    RawClient client = RawClient.connectWithoutReading(port, ADDRESSES.get(stalled.size() / 4));
                    stalled.add(client);
                    client.send("GET /export?room=general&format=html HTTP/1.1\r\nHost: 127.0.0.1:" + port
                            + "\r\nAuthorization: Bearer " + tokens.get(name) + "\r\n\r\n");
                    // The answer has begun: the export is running, and stalls as this client reads no more.
                    assertThat(client.readUntil("\r\n\r\n", WAIT)).startsWith("HTTP/1.1 200");
                    if (name.equals("Ann") && i == 1) {
                        HttpResponse<String> third = http.send(export("Ann", "json"),
                                HttpResponse.BodyHandlers.ofString());
                        assertThat(third.statusCode()).isEqualTo(429);
                        assertThat(third.headers().firstValue("Retry-After")).isPresent();
                        assertThat(third.body()).contains("you are exporting 2 conversations already");
                    }
                    if (name.equals("Bob") && i == 1) {
                        try (okhttp3.Response fifth = Http.from(ADDRESSES.get(0), 1).newCall(exportCall("Eve",
                                "json")).execute()) {
                            assertThat(fifth.code()).as("a fifth from one address").isEqualTo(429);
                            assertThat(fifth.body().string()).contains("4 exports are running from your address");
                        }
                    }
                }
            }
            HttpResponse<String> ninth = http.send(export("Eve", "json"), HttpResponse.BodyHandlers.ofString());
            assertThat(ninth.statusCode()).isEqualTo(503);
            assertThat(ninth.body()).contains("the server is busy with other exports");
        } finally {
            for (RawClient client : stalled) {
                client.close();
            }
        }
        // Their readers gone, the stalled exports end and free their places.
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            HttpResponse<String> again = http.send(export("Eve", "json"), HttpResponse.BodyHandlers.ofString());
            if (again.statusCode() == 200) {
                assertThat(again.body()).contains("ten pictures");
                break;
            }
            assertThat(System.nanoTime()).as("places freed in time; last: " + again.body()).isLessThan(deadline);
            Thread.sleep(100);
        }
        assertThat(serve.stderr()).doesNotContain("OutOfMemoryError");
    }
}
