package dev.hubbub.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.TwoPeopleTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

/**
 * Getting back in, against a real server: a passphrase (set, refused when too short, signing in on another device, a
 * wrong one, and its limits per name and per address), the devices a person is signed in on (listed, one signed out),
 * and the host's reset (every way in ends, a one-time code lets the person back, their direct messages stay theirs)
 * and letting a removed person back in.
 */
class GettingBackInTest extends TwoPeopleTest {
    private static final String FIREFOX = "Mozilla/5.0 (Android 14; Mobile; rv:120.0) Gecko/120.0 Firefox/120.0";

    private Http.Reply signIn(String json, String userAgent) throws Exception {
        Request.Builder request = new Request.Builder().url(server.uri("/session").toString())
                .post(RequestBody.create(json, Http.JSON));
        if (userAgent != null) {
            request.header("User-Agent", userAgent);
        }
        return http.send(request.build());
    }

    private static String tokenOf(Http.Reply reply) throws Exception {
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return ChatJson.mapper().readTree(reply.body()).get("token").asText();
    }

    private String withPassphrase(String name, String passphrase) {
        return "{\"name\":\"" + name + "\",\"passphrase\":\"" + passphrase + "\"}";
    }

    @Test
    void aPassphraseSignsInOnAnyDeviceAndEachDeviceCanBeSignedOut() throws Exception {
        Http.Reply tooShort = send(ann, "PUT", "/profile/passphrase", "{\"passphrase\":\"short\"}");
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.body()).contains("8 to 200 characters");
        assertThat(send(ann, "GET", "/profile/passphrase", null).body()).contains("\"set\":false");
        assertThat(send(ann, "PUT", "/profile/passphrase", "{\"passphrase\":\"correct horse battery\"}").status())
                .isEqualTo(204);
        assertThat(send(ann, "GET", "/profile/passphrase", null).body()).contains("\"set\":true");
        assertThat(send(null, "PUT", "/profile/passphrase", "{\"passphrase\":\"correct horse battery\"}").status())
                .isEqualTo(401);

        // On a phone with nothing of Ann's: her name and passphrase.
        String phone = tokenOf(signIn(withPassphrase("ann", "correct horse battery"), FIREFOX));
        assertThat(send(phone, "GET", "/session", null).body()).contains("\"name\":\"Ann\"");
        Http.Reply wrong = signIn(withPassphrase("Ann", "correct horse staple"), null);
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.body()).contains("not Ann’s passphrase");
        // Bob set none: the same answer, so nobody learns who set one.
        Http.Reply none = signIn(withPassphrase("Bob", "correct horse battery"), null);
        assertThat(none.status()).isEqualTo(403);
        assertThat(none.body()).contains("not Bob’s passphrase");
        // A name nobody holds is claimed with its passphrase.
        String cy = tokenOf(signIn(withPassphrase("Cy", "cy's own passphrase"), null));
        assertThat(send(cy, "GET", "/profile/passphrase", null).body()).contains("\"set\":true");

        JsonNode devices = ChatJson.mapper().readTree(send(ann, "GET", "/session/devices", null).body());
        assertThat(devices).hasSize(2);
        JsonNode current = devices.get(0).get("current").asBoolean() ? devices.get(0) : devices.get(1);
        JsonNode other = devices.get(0).get("current").asBoolean() ? devices.get(1) : devices.get(0);
        assertThat(current.get("current").asBoolean()).isTrue();
        assertThat(other.get("label").asText()).isEqualTo("Firefox · Android");
        assertThat(Instant.parse(other.get("signedInAt").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(other.toString()).doesNotContain(phone);
        // The phone opened a stream: it was seen.
        stream(phone, "/chat?view=json").until(e -> true,
                Duration.ofSeconds(10));
        JsonNode seen = ChatJson.mapper().readTree(send(phone, "GET", "/session/devices", null).body());
        assertThat(seen.findValues("lastSeenAt")).isNotEmpty();

        assertThat(send(bob, "DELETE", "/session/devices/" + other.get("id").asText(), null).status())
                .isEqualTo(404);
        assertThat(send(ann, "DELETE", "/session/devices/" + other.get("id").asText(), null).status())
                .isEqualTo(204);
        assertThat(send(phone, "GET", "/session", null).status()).isEqualTo(401);
        assertThat(send(ann, "GET", "/session", null).status()).isEqualTo(200);
        assertThat(ChatJson.mapper().readTree(send(ann, "GET", "/session/devices", null).body())).hasSize(1);

        // Kept across a restart: the passphrase, and the devices.
        server.close();
        server = dev.hubbub.server.testing.RunningServer.start(dataDir);
        assertThat(ChatJson.mapper().readTree(send(ann, "GET", "/session/devices", null).body())).hasSize(1);
        tokenOf(signIn(withPassphrase("Ann", "correct horse battery"), null));
    }

    @Test
    void passphraseTriesAreLimitedPerNameAndPerAddress() throws Exception {
        assertThat(send(ann, "PUT", "/profile/passphrase", "{\"passphrase\":\"correct horse battery\"}").status())
                .isEqualTo(204);
        String cy = http.claim(server.uri("/"), "Cy");
        for (int i = 0; i < SessionHandler.TRIES_PER_NAME_BURST; i++) {
            assertThat(tryOnce("Ann").status()).isEqualTo(403);
        }
        Http.Reply limited = tryOnce("Ann");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.body()).contains("too many passphrase tries for Ann");
        assertThat(limited.retryAfter()).isNotNull();
        // Even the right passphrase waits its turn: guessing cannot go on by mixing in a right one.
        assertThat(signIn(withPassphrase("Ann", "correct horse battery"), null).status()).isIn(429);
        // The address: its other tries (Bob's name) until its own limit, then even a name with tries left waits.
        int left = SessionHandler.TRIES_PER_ADDRESS_BURST - SessionHandler.TRIES_PER_NAME_BURST - 2;
        for (int i = 0; i < left; i++) {
            assertThat(tryOnce("Bob").status()).isEqualTo(403);
        }
        Http.Reply address = tryOnce("Cy");
        assertThat(address.status()).isEqualTo(429);
        assertThat(address.body()).contains("too many passphrase tries");
        assertThat(send(cy, "GET", "/session", null).status()).isEqualTo(200);
    }

    @Test
    void aFloodOfPassphrasesFromThreeAddressesDelaysASignInFromAnotherByAFewHashesAtMost() throws Exception {
        assertThat(send(ann, "PUT", "/profile/passphrase", "{\"passphrase\":\"correct horse battery\"}").status())
                .isEqualTo(204);
        long started = System.nanoTime();
        tokenOf(signIn(withPassphrase("Ann", "correct horse battery"), null));
        long alone = (System.nanoTime() - started) / 1_000_000;

        // Sixty people (claimed from six addresses: ten at once is what claims allow an address) set a passphrase at
        // the same moment, twenty from each of 127.0.0.2, .3 and .4.
        List<String> flooders = new ArrayList<>();
        for (int a = 0; a < 6; a++) {
            Http from = new Http(Http.from("127.0.0." + (10 + a), 1));
            for (int i = 0; i < 10; i++) {
                flooders.add(from.claim(server.uri("/"), "Flood " + a + " " + i));
            }
        }
        List<String> floodingAddresses = List.of("127.0.0.2", "127.0.0.3", "127.0.0.4");
        List<okhttp3.OkHttpClient> floods = new ArrayList<>();
        for (String address : floodingAddresses) {
            floods.add(Http.from(address, flooders.size()));
        }
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < flooders.size(); i++) {
            answers.add(setPassphrase(floods.get(i % floods.size()), flooders.get(i)));
        }
        // Under way: the flood's first hashes are done (one passphrase is set), and most are still to come.
        await("the flood's hashes under way").atMost(Duration.ofSeconds(30)).until(() -> {
            for (String token : flooders.subList(0, floods.size())) {
                if (send(token, "GET", "/profile/passphrase", null).body().contains("\"set\":true")) {
                    return true;
                }
            }
            return false;
        });

        started = System.nanoTime();
        Http.Reply mine = signIn(withPassphrase("Ann", "correct horse battery"), null);
        long underFlood = (System.nanoTime() - started) / 1_000_000;
        assertThat(mine.status()).as(mine.body()).isEqualTo(201);
        assertThat(answers.stream().filter(CompletableFuture::isDone).count()).as("answered before Ann got in")
                .isLessThan(flooders.size() / 2);
        // Her turn waits for one hash of each flooding address at most, then hers runs beside theirs.
        assertThat(underFlood).as("a sign-in alone took %d ms", alone)
                .isLessThan((floodingAddresses.size() + 1) * alone + 2_000);
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        List<Integer> codes = answers.stream().map(CompletableFuture::join).toList();
        assertThat(codes).as("each address's in turn; those whose turn did not come in time refused").contains(204)
                .isSubsetOf(204, 503);
    }

    @Test
    void twoSignInsFromOneAddressBothGetIn() throws Exception {
        assertThat(send(ann, "PUT", "/profile/passphrase", "{\"passphrase\":\"correct horse battery\"}").status())
                .isEqualTo(204);
        assertThat(send(bob, "PUT", "/profile/passphrase", "{\"passphrase\":\"bob's own passphrase\"}").status())
                .isEqualTo(204);
        okhttp3.OkHttpClient oneAddress = Http.from("127.0.0.5", 2);
        List<CompletableFuture<okhttp3.Response>> signIns = new ArrayList<>();
        for (String json : List.of(withPassphrase("Ann", "correct horse battery"),
                withPassphrase("Bob", "bob's own passphrase"))) {
            CompletableFuture<okhttp3.Response> answer = new CompletableFuture<>();
            signIns.add(answer);
            oneAddress.newCall(new Request.Builder().url(server.uri("/session").toString())
                    .post(RequestBody.create(json, Http.JSON)).build()).enqueue(completing(answer));
        }
        for (CompletableFuture<okhttp3.Response> signIn : signIns) {
            try (okhttp3.Response response = signIn.get(30, TimeUnit.SECONDS)) {
                assertThat(response.code()).as("the second waits its turn").isEqualTo(201);
            }
        }
    }

    private CompletableFuture<Integer> setPassphrase(okhttp3.OkHttpClient from, String token) {
        CompletableFuture<okhttp3.Response> answer = new CompletableFuture<>();
        from.newCall(new Request.Builder().url(server.uri("/profile/passphrase").toString())
                .header("Authorization", "Bearer " + token)
                .put(RequestBody.create("{\"passphrase\":\"a passphrase of " + token + "\"}", Http.JSON))
                .build()).enqueue(completing(answer));
        return answer.thenApply(response -> {
            response.close();
            return response.code();
        });
    }

    private static okhttp3.Callback completing(CompletableFuture<okhttp3.Response> answer) {
        return new okhttp3.Callback() {
            @Override
            public void onFailure(okhttp3.Call call, java.io.IOException e) {
                answer.completeExceptionally(e);
            }

            @Override
            public void onResponse(okhttp3.Call call, okhttp3.Response response) {
                answer.complete(response);
            }
        };
    }

    /**
     * One wrong try for {@code name}; the sign-ins' own limit (one a second after a burst) is waited out, as its
     * {@code Retry-After} says, so that only the passphrase limits answer.
     */
    private Http.Reply tryOnce(String name) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            Http.Reply reply = signIn(withPassphrase(name, "wrong " + UUID.randomUUID()), null);
            if (reply.status() != 429 || reply.body().contains("passphrase") || Instant.now().isAfter(deadline)) {
                return reply;
            }
            Thread.sleep(Long.parseLong(reply.retryAfter()) * 1000);
        }
    }

    @Test
    void theHostsResetLetsAPersonBackWithAOneTimeCodeAndTheirDirectMessagesStayTheirs() throws Exception {
        String host = http.claim(server.uri("/"), "Hana");
        assertThat(send(host, "POST", "/host/claim", "{\"token\":\"" + server.server().hostToken() + "\"}")
                .status()).isEqualTo(200);
        String secret = "SECRET-" + UUID.randomUUID();
        assertThat(send(ann, "POST", "/chat", "{\"to\":\"bob\",\"text\":\"" + secret + "\"}").status())
                .isEqualTo(201);
        assertThat(send(ann, "PUT", "/profile/passphrase", "{\"passphrase\":\"correct horse battery\"}").status())
                .isEqualTo(204);

        assertThat(send(ann, "POST", "/host/reset-sign-in", "{\"name\":\"Bob\"}").status()).isEqualTo(403);
        Http.Reply reset = send(host, "POST", "/host/reset-sign-in", "{\"name\":\"Ann\"}");
        assertThat(reset.status()).as(reset.body()).isEqualTo(200);
        String code = ChatJson.mapper().readTree(reset.body()).get("code").asText();
        // What the host gets is a code, nothing of Ann's.
        assertThat(reset.body()).doesNotContain(secret).doesNotContain(ann);
        assertThat(send(ann, "GET", "/session", null).status()).isEqualTo(401);
        assertThat(signIn(withPassphrase("Ann", "correct horse battery"), null).status()).isEqualTo(403);
        assertThat(send(bob, "GET", "/chat/history", null).body()).contains("reset Ann’s sign-in");

        String back = tokenOf(signIn("{\"code\":\"" + code + "\"}", null));
        assertThat(send(back, "GET", "/session", null).body()).contains("\"name\":\"Ann\"");
        assertThat(send(back, "GET", "/chat/history?with=Bob", null).body()).contains(secret);
        assertThat(send(back, "GET", "/profile/passphrase", null).body()).contains("\"set\":false");
        assertThat(signIn("{\"code\":\"" + code + "\"}", null).status()).isEqualTo(403);

        // Removed, then let back in: the same tokens work again. While removed, a right passphrase is answered as a
        // wrong one is, so the sign-in tells a guesser nothing.
        assertThat(send(bob, "PUT", "/profile/passphrase", "{\"passphrase\":\"bob's own passphrase\"}").status())
                .isEqualTo(204);
        assertThat(send(host, "POST", "/host/remove", "{\"name\":\"Bob\"}").status()).isEqualTo(200);
        assertThat(send(bob, "GET", "/session", null).status()).isEqualTo(403);
        Http.Reply rightOne = signIn(withPassphrase("Bob", "bob's own passphrase"), null);
        Http.Reply wrongOne = signIn(withPassphrase("Bob", "not bob's passphrase"), null);
        assertThat(wrongOne).as("the same status, words and headers").isEqualTo(rightOne);
        assertThat(rightOne.status()).isEqualTo(403);
        assertThat(rightOne.body()).contains("the host removed Bob from this room");
        assertThat(send(host, "POST", "/host/let-back-in", "{\"name\":\"Bob\"}").status()).isEqualTo(200);
        assertThat(send(bob, "GET", "/session", null).status()).isEqualTo(200);
        assertThat(send(bob, "GET", "/chat/history", null).body()).contains("let Bob back in");
    }
}
