package dev.hubbub.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.HistoryPage;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RedisServer;
import dev.hubbub.server.testing.RunningServer;
import dev.hubbub.server.testing.StreamReader;
import dev.hubbub.sse.ServerSentEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A person is not their name. On a database made by the build before persons existed (SQLite, and Redis: files in
 * {@code fixtures/before-persons}, made by that build with Ann (the host), Bob and Cy, a direct conversation between
 * Ann and Bob with a file, an edit and a reaction), everything is still everyone's after the upgrade; then the host
 * frees Bob's name, and whoever claims it next is someone else with an empty past: none of old Bob's conversations,
 * files, search results, replay or edit rights. The same on a server that never knew names alone.
 */
class PersonsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Path FIXTURES = Path.of("src", "test", "resources", "fixtures", "before-persons");

    @TempDir
    Path dir;

    private final Http http = new Http();
    private final List<AutoCloseable> open = new ArrayList<>();
    private RunningServer server;
    private RedisServer redis;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.copy(path, target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
                }
            }
        }
    }

    private Http.Reply send(String token, String method, String path, String json) throws Exception {
        Request.Builder request = new Request.Builder().url(server.uri(path).toString());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        request.method(method, json == null ? null : RequestBody.create(json, Http.JSON));
        return http.send(request.build());
    }

    private String claim(String name) throws Exception {
        Http.Reply reply = send(null, "POST", "/session", "{\"name\":\"" + name + "\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return ChatJson.mapper().readTree(reply.body()).get("token").asText();
    }

    private String post(String token, String json) throws Exception {
        Http.Reply reply = send(token, "POST", "/chat", json);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return ChatJson.mapper().readTree(reply.body()).get("id").asText();
    }

    private List<String> history(String token, String with) throws Exception {
        Http.Reply reply = send(token, "GET", "/chat/history?with=" + with, null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return ChatJson.read(reply.body(), HistoryPage.class).messages().stream().map(ChatMessage::text).toList();
    }

    private int found(String token, String words) throws Exception {
        Http.Reply reply = send(token, "GET", "/search?q=" + words, null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return ChatJson.mapper().readTree(reply.body()).get("results").size();
    }

    /** What the structured stream replays to {@code token}: every chat text up to a line posted after it opened. */
    private List<String> replayed(String token) throws Exception {
        var call = http.client.newCall(new Request.Builder().url(server.uri("/chat?view=json").toString())
                .header("Authorization", "Bearer " + token).build());
        var response = call.execute();
        open.add(call::cancel);
        StreamReader stream = new StreamReader(response.body().byteStream(), "stream");
        stream.next("hello");
        post(token, "{\"text\":\"sentinel\"}");
        List<String> texts = new ArrayList<>();
        for (ServerSentEvent e : stream.until(e -> e.type().equals("chat") && e.data().contains("sentinel"), WAIT)) {
            if (e.type().equals("chat")) {
                texts.add(ChatJson.read(e.data(), ChatMessage.class).text());
            }
        }
        return texts;
    }

    /**
     * Ann frees Bob's name (Ann is a host; Bob and Ann wrote to each other, with a file): the next Bob is somebody
     * else.
     */
    private void theNextHolderOfAFreedNameIsSomeoneElse(String ann, String oldBob, String oldBobsDirect,
                                                        String oldBobsInTheRoom, String fileId) throws Exception {
        assertThat(send(ann, "POST", "/host/free-name", "{\"name\":\"Bob\"}").status()).isEqualTo(200);
        assertThat(send(oldBob, "GET", "/session", null).status()).as("old Bob's token went with the name")
                .isEqualTo(401);
        String newBob = claim("Bob");
        assertThat(history(newBob, "Ann")).isEmpty();
        assertThat(found(newBob, "secret")).isZero();
        assertThat(replayed(newBob)).doesNotContain("secret for bob", "got it");
        assertThat(send(newBob, "GET", "/files/" + fileId, null).status()).isEqualTo(404);
        assertThat(send(newBob, "PATCH", "/chat/" + oldBobsDirect, "{\"text\":\"rewritten\"}").status())
                .as("old Bob's direct message is not even the new Bob's to see").isEqualTo(404);
        Http.Reply notHis = send(newBob, "PATCH", "/chat/" + oldBobsInTheRoom, "{\"text\":\"rewritten\"}");
        assertThat(notHis.status()).as("old Bob's message in the room is not the new Bob's to edit").isEqualTo(403);
        assertThat(notHis.body()).contains("by someone who held the name Bob before you");
        assertThat(send(newBob, "DELETE", "/chat/" + oldBobsInTheRoom, null).status()).isEqualTo(403);
        // A new conversation between Ann and the new Bob; Ann's with the old Bob stays out of it.
        post(newBob, "{\"to\":\"Ann\",\"text\":\"hi, I'm new\"}");
        assertThat(history(ann, "Bob")).containsExactly("hi, I'm new");
        assertThat(history(newBob, "Ann")).containsExactly("hi, I'm new");
    }

    private void everythingIsStillEveryones(Map<String, String> was) throws Exception {
        String ann = was.get("ann");
        String bob = was.get("bob");
        assertThat(ChatJson.mapper().readTree(send(ann, "GET", "/session", null).body()).get("name").asText())
                .isEqualTo("Ann");
        assertThat(send(ann, "GET", "/host", null).status()).as("Ann is still a host").isEqualTo(200);
        assertThat(send(was.get("cy"), "GET", "/session", null).status()).isEqualTo(200);
        assertThat(history(ann, "Bob")).containsExactly("secret for bob", "got it");
        assertThat(history(bob, "Ann")).containsExactly("secret for bob", "got it");
        assertThat(found(bob, "secret")).isEqualTo(1);
        assertThat(send(bob, "GET", "/files/" + was.get("file"), null).status()).isEqualTo(200);
        assertThat(send(ann, "PATCH", "/chat/" + was.get("secret"), "{\"text\":\"secret for bob, edited\"}")
                .status()).isEqualTo(200);
        assertThat(send(bob, "PATCH", "/chat/" + was.get("secret"), "{\"text\":\"not his\"}").status())
                .isEqualTo(403);
        HistoryPage general = ChatJson.read(send(ann, "GET", "/chat/history", null).body(), HistoryPage.class);
        ChatMessage hello = general.messages().stream().filter(m -> m.id().equals(was.get("hello"))).findFirst()
                .orElseThrow();
        assertThat(hello.text()).isEqualTo("hello everyone");
        assertThat(hello.reactions()).singleElement().satisfies(r -> assertThat(r.names()).containsExactly("Bob"));
        assertThat(send(bob, "DELETE", "/chat/" + was.get("hello") + "/reactions/%F0%9F%91%8D", null).status())
                .as("Bob's reaction is still his to take back").isEqualTo(200);
    }

    private Map<String, String> fixture(Path copy) throws IOException {
        JsonNode json = ChatJson.mapper().readTree(Files.readString(copy.resolve("fixture.json")));
        return ChatJson.mapper().convertValue(json, new com.fasterxml.jackson.core.type.TypeReference<>() { });
    }

    @Test
    void aSqliteDatabaseFromBeforePersonsKeepsEveryonesAndFreesNamesFromTheirPast() throws Exception {
        Path data = dir.resolve("data");
        copy(FIXTURES.resolve("sqlite"), data);
        Map<String, String> was = fixture(data);
        server = RunningServer.start(data);
        everythingIsStillEveryones(was);
        theNextHolderOfAFreedNameIsSomeoneElse(was.get("ann"), was.get("bob"), was.get("reply"), was.get("bobsRoom"),
                was.get("file"));
    }

    @Test
    void aRedisStoreFromBeforePersonsKeepsEveryonesAndFreesNamesFromTheirPast() throws Exception {
        Path copy = dir.resolve("redis-fixture");
        copy(FIXTURES.resolve("redis"), copy);
        Map<String, String> was = fixture(copy);
        redis = RedisServer.start(copy.resolve("redis"));
        server = RunningServer.start(copy.resolve("data"), c -> c.with(b -> b.store(redis.uri())
                .filesDir(copy.resolve("files"))));
        everythingIsStillEveryones(was);
        theNextHolderOfAFreedNameIsSomeoneElse(was.get("ann"), was.get("bob"), was.get("reply"), was.get("bobsRoom"),
                was.get("file"));
    }

    @Test
    void onANewServerTooTheNextHolderOfAFreedNameIsSomeoneElse() throws Exception {
        server = RunningServer.start(dir.resolve("data"));
        String ann = claim("Ann");
        assertThat(send(ann, "POST", "/host/claim", "{\"token\":\"" + server.server().hostToken() + "\"}")
                .status()).isEqualTo(200);
        String bob = claim("Bob");
        Http.Reply uploaded = http.send(new Request.Builder().url(server.uri("/files?name=plan.txt").toString())
                .header("Authorization", "Bearer " + ann).post(RequestBody.create("the plan", Http.TEXT)).build());
        String file = ChatJson.mapper().readTree(uploaded.body()).get("id").asText();
        post(ann, "{\"to\":\"Bob\",\"text\":\"secret for bob\",\"files\":[\"" + file + "\"]}");
        String reply = post(bob, "{\"to\":\"Ann\",\"text\":\"got it\"}");
        String inTheRoom = post(bob, "{\"text\":\"bob in general\"}");
        assertThat(send(bob, "GET", "/files/" + file, null).status()).isEqualTo(200);
        theNextHolderOfAFreedNameIsSomeoneElse(ann, bob, reply, inTheRoom, file);
    }
}
