package dev.hubbub.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.Names;
import dev.hubbub.server.HubbubServer;
import dev.hubbub.server.store.Directory;
import dev.hubbub.server.store.SqliteStore;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import dev.hubbub.server.testing.StreamReader;
import java.nio.file.Path;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Claimed names against a real server: who may post as whom, and a second device of the same person. */
class NamesTest {
    @TempDir
    Path dataDir;

    private final Http http = new Http();
    private RunningServer server;

    @BeforeEach
    void start() throws Exception {
        server = RunningServer.start(dataDir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Http.Reply claim(String json) throws Exception {
        return http.post(server.uri("/session"), Http.JSON, json);
    }

    private String tokenOf(Http.Reply reply) throws Exception {
        return ChatJson.mapper().readTree(reply.body()).get("token").asText();
    }

    private Http.Reply postAs(String token, okhttp3.MediaType type, String body) throws Exception {
        Request.Builder request = new Request.Builder().url(server.uri("/chat").toString())
                .post(RequestBody.create(body, type));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build());
    }

    @Test
    void aClaimedNameGivesATokenAndAStrictCookieAndIsNobodyElses() throws Exception {
        Request request = new Request.Builder().url(server.uri("/session").toString())
                .post(RequestBody.create("{\"name\":\"Ann\"}", Http.JSON)).build();
        String token;
        try (Response response = http.client.newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(201);
            String cookie = response.header("Set-Cookie");
            assertThat(cookie).startsWith("hubbub_token=").contains("HttpOnly").contains("SameSite=Strict")
                    .doesNotContain("Secure");
            token = ChatJson.mapper().readTree(response.body().string()).get("token").asText();
            assertThat(cookie).contains(token);
        }
        for (String lookalike : new String[] {"ann", "ANN", "Ａｎｎ", " Ann "}) {
            Http.Reply taken = claim("{\"name\":\"" + lookalike + "\"}");
            assertThat(taken.status()).as(lookalike).isEqualTo(409);
            assertThat(taken.body()).contains("the name Ann is taken");
        }
        for (String invisible : new String[] {"An\\u200bn", "\\u202eAnn", "Ann\\u3164", "A\\u200dnn", "Ann\\u2060"}) {
            Http.Reply refused = claim("{\"name\":\"" + invisible + "\"}");
            assertThat(refused.status()).as(invisible).isEqualTo(400);
            assertThat(refused.body()).contains("could make it look like someone else's");
        }
        Http.Reply who = http.send(new Request.Builder().url(server.uri("/session").toString())
                .header("Authorization", "Bearer " + token).build());
        assertThat(who.status()).isEqualTo(200);
        assertThat(who.body()).contains("\"name\":\"Ann\"");
    }

    @Test
    void aClaimedNameCannotBeUsedWithoutItsTokenTheTutorialWayOrAsJson() throws Exception {
        String ann = tokenOf(claim("{\"name\":\"Ann\"}"));
        Http.Reply text = postAs(null, Http.TEXT, "ann: it's me, honest");
        assertThat(text.status()).isEqualTo(403);
        assertThat(text.body()).isEqualTo("the name Ann is claimed; sign in as Ann to post with it\n");
        assertThat(postAs(null, Http.JSON, "{\"author\":\"Ann\",\"text\":\"me too\"}").status()).isEqualTo(403);
        String bob = tokenOf(claim("{\"name\":\"Bob\"}"));
        Http.Reply impostor = postAs(bob, Http.JSON, "{\"author\":\"Ann\",\"text\":\"as Ann\"}");
        assertThat(impostor.status()).isEqualTo(403);
        assertThat(impostor.body()).contains("you are signed in as Bob");
        assertThat(postAs(bob, Http.TEXT, "Ann: as Ann").status()).isEqualTo(403);

        try (Http.Stream stream = http.open(server.uri("/chat?view=json"), null)) {
            StreamReader reader = new StreamReader(stream.response().body().byteStream(), "watcher");
            assertThat(postAs(ann, Http.JSON, "{\"text\":\"really me\"}").status()).isEqualTo(201);
            assertThat(postAs(null, Http.TEXT, "Cy: a tutorial client").status()).isEqualTo(201);
            ChatMessage signed = ChatJson.read(reader.next("chat").data(), ChatMessage.class);
            assertThat(signed.author()).isEqualTo("Ann");
            assertThat(signed.verified()).isTrue();
            ChatMessage tutorial = ChatJson.read(reader.next("chat").data(), ChatMessage.class);
            assertThat(tutorial.author()).isEqualTo("Cy");
            assertThat(tutorial.verified()).as("nobody has claimed Cy: accepted, marked unverified").isFalse();
        }
    }

    @Test
    void aSecondDeviceLinkedWithAOneTimeCodePostsAsTheSamePerson() throws Exception {
        String laptop = tokenOf(claim("{\"name\":\"Ann\"}"));
        Http.Reply code = http.send(new Request.Builder().url(server.uri("/session/link").toString())
                .header("Authorization", "Bearer " + laptop).post(RequestBody.create("{}", Http.JSON)).build());
        assertThat(code.status()).isEqualTo(201);
        String linkCode = ChatJson.mapper().readTree(code.body()).get("code").asText();

        Http.Reply phone = claim("{\"code\":\"" + linkCode + "\"}");
        assertThat(phone.status()).isEqualTo(201);
        assertThat(phone.body()).contains("\"name\":\"Ann\"");
        String phoneToken = tokenOf(phone);
        assertThat(phoneToken).isNotEqualTo(laptop);
        assertThat(claim("{\"code\":\"" + linkCode + "\"}").status()).as("a code works once").isEqualTo(403);

        try (Http.Stream stream = http.open(server.uri("/chat?view=json"), null)) {
            StreamReader reader = new StreamReader(stream.response().body().byteStream(), "watcher");
            assertThat(postAs(phoneToken, Http.JSON, "{\"text\":\"from my phone\"}").status()).isEqualTo(201);
            ChatMessage message = ChatJson.read(reader.next("chat").data(), ChatMessage.class);
            assertThat(message.author()).isEqualTo("Ann");
            assertThat(message.verified()).isTrue();
        }
        Http.Reply noCode = http.send(new Request.Builder().url(server.uri("/session/link").toString())
                .post(RequestBody.create("{}", Http.JSON)).build());
        assertThat(noCode.status()).isEqualTo(401);
    }

    @Test
    void signingOutEndsTheTokenAndAKeptTokenSignsInAgain() throws Exception {
        String token = tokenOf(claim("{\"name\":\"Ann\"}"));
        Http.Reply again = claim("{\"token\":\"" + token + "\"}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).contains("\"name\":\"Ann\"");
        Http.Reply out = http.send(new Request.Builder().url(server.uri("/session").toString())
                .header("Authorization", "Bearer " + token).delete().build());
        assertThat(out.status()).isEqualTo(204);
        assertThat(claim("{\"token\":\"" + token + "\"}").status()).isEqualTo(401);
        assertThat(postAs(token, Http.JSON, "{\"text\":\"hi\"}").status())
                .as("an ended token is no token: the name is still claimed").isEqualTo(400);
    }

    @Test
    void aLookalikeOfAClaimedNameIsNobodysToClaimPostUnderOrShowOnlineAs() throws Exception {
        String ian = tokenOf(claim("{\"name\":\"Ian\"}"));
        assertThat(claim("{\"name\":\"Ann\"}").status()).isEqualTo(201);
        // Capital I and small L; an all-Greek ANN; a variation selector; a Cyrillic A among Latin letters.
        Http.Reply lan = claim("{\"name\":\"lan\"}");
        assertThat(lan.status()).isEqualTo(409);
        assertThat(lan.body()).contains("the name lan looks too much like Ian, which is taken");
        assertThat(claim("{\"name\":\"\u0391\u039d\u039d\"}").status()).isEqualTo(409);
        assertThat(claim("{\"name\":\"Ann\ufe0f\"}").status()).isEqualTo(400);
        assertThat(claim("{\"name\":\"\u0410nn\"}").status()).isEqualTo(400);

        Http.Reply unsigned = postAs(null, Http.TEXT, "lan: it's me, really");
        assertThat(unsigned.status()).isEqualTo(403);
        assertThat(unsigned.body()).contains("lan looks too much like Ian, a claimed name");
        assertThat(postAs(null, Http.TEXT, "Ann\u200b: hi").status()).as("an unsigned name follows the rules too")
                .isEqualTo(400);
        assertThat(postAs(null, Http.JSON, "{\"author\":\"\u0391\u039d\u039d\",\"text\":\"hi\"}").status())
                .isEqualTo(403);
        for (String name : new String[] {"lan", "%CE%91%CE%9D%CE%9D", "Ann%E2%80%8B"}) {
            Http.Reply online = http.send(new Request.Builder().url(server.uri("/chat?view=json&name=" + name)
                    .toString()).build());
            assertThat(online.status()).as(name).isIn(400, 403);
        }
        assertThat(server.server().hub().online()).isEmpty();
        assertThat(postAs(ian, Http.JSON, "{\"text\":\"still mine\"}").status()).isEqualTo(201);
        assertThat(postAs(null, Http.TEXT, "Zoë: a name of one's own").status()).isEqualTo(201);
    }

    @Test
    void aNameOutsideUnicodesRecommendedSetIsRefusedButOneHeldAlreadyStillSignsIn() throws Exception {
        assertThat(claim("{\"name\":\"Vera\"}").status()).isEqualTo(201);
        String ann = tokenOf(claim("{\"name\":\"Ann\"}"));
        // An object replacement character (it draws nothing), a small capital, an underline, a double breve below.
        for (String name : new String[] {"Vera\ufffc", "Ver\u1d00", "Vera\u0332", "Tom\u035c"}) {
            Http.Reply claimed = claim("{\"name\":\"" + name + "\"}");
            assertThat(claimed.status()).as(name).isEqualTo(400);
            assertThat(claimed.body()).contains("which could make it look like someone else's");
            assertThat(postAs(null, Http.TEXT, name + ": hi").status()).as("unsigned " + name).isEqualTo(400);
            Http.Reply room = http.send(new Request.Builder().url(server.uri("/rooms").toString())
                    .header("Authorization", "Bearer " + ann)
                    .post(RequestBody.create("{\"name\":\"" + name + "\"}", Http.JSON)).build());
            assertThat(room.status()).as("room " + name).isEqualTo(400);
        }

        // Mia's name was claimed when the rules were looser: she keeps it, by her token and by her passphrase.
        server.close();
        String mia;
        try (SqliteStore store = SqliteStore.open(dataDir.resolve(HubbubServer.DATABASE), 0)) {
            Directory directory = store.directory();
            mia = directory.claim("Mia\u1d0d", Names.key("Mia\u1d0d"));
            directory.setPassphrase(directory.identify(mia).orElseThrow().key(),
                    new Passphrases().hash("test", "mia's own passphrase"));
        }
        server = RunningServer.start(dataDir);
        assertThat(postAs(mia, Http.JSON, "{\"text\":\"still here\"}").status()).isEqualTo(201);
        Http.Reply again = claim("{\"name\":\"Mia\u1d0d\",\"passphrase\":\"mia's own passphrase\"}");
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        assertThat(claim("{\"name\":\"Mia\u1d0d\"}").status()).as("still hers").isEqualTo(409);
    }

    @Test
    void roomsCannotHaveLookalikeNames() throws Exception {
        String ann = tokenOf(claim("{\"name\":\"Ann\"}"));
        for (String name : new String[] {"Genera1", "GENERAL", "\u0047\u0435neral", "General\u200b"}) {
            Http.Reply made = http.send(new Request.Builder().url(server.uri("/rooms").toString())
                    .header("Authorization", "Bearer " + ann)
                    .post(RequestBody.create("{\"name\":\"" + name + "\"}", Http.JSON)).build());
            assertThat(made.status()).as(name).isIn(400, 409);
        }
        assertThat(server.server().hub().rooms()).extracting(r -> r.id()).containsExactly("general");
    }

    @Test
    void aPersonMakesLinkCodesWithinALimit() throws Exception {
        String ann = tokenOf(claim("{\"name\":\"Ann\"}"));
        String bob = tokenOf(claim("{\"name\":\"Bob\"}"));
        for (int i = 0; i < SessionHandler.LINK_CODE_BURST; i++) {
            assertThat(linkCode(ann).status()).isEqualTo(201);
        }
        Http.Reply tooMany = linkCode(ann);
        assertThat(tooMany.status()).isEqualTo(429);
        assertThat(tooMany.body()).contains("too many link codes for Ann");
        assertThat(linkCode(bob).status()).as("another person's are their own").isEqualTo(201);
    }

    private Http.Reply linkCode(String token) throws Exception {
        return http.send(new Request.Builder().url(server.uri("/session/link").toString())
                .header("Authorization", "Bearer " + token).post(RequestBody.create("", Http.JSON)).build());
    }
}
