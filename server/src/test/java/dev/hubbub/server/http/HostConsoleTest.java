package dev.hubbub.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.TwoPeopleTest;
import java.util.UUID;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

/**
 * The host's console against a real server: everyone who holds a name (online or not) with what a host may see of
 * them and nothing more, the server's facts, the largest files and removing one, renaming a room; each refused to
 * whoever is not a host, and each action told to everyone.
 */
class HostConsoleTest extends TwoPeopleTest {

    private String host() throws Exception {
        String hana = http.claim(server.uri("/"), "Hana");
        assertThat(send(hana, "POST", "/host/claim", "{\"token\":\"" + server.server().hostToken() + "\"}")
                .status()).isEqualTo(200);
        return hana;
    }

    @Test
    void theConsoleShowsEveryoneTheServerAndItsFilesToTheHostOnly() throws Exception {
        String hana = host();
        for (String path : new String[] {"/host/people", "/host/server", "/host/files"}) {
            assertThat(send(bob, "GET", path, null).status()).as(path).isEqualTo(403);
            assertThat(send(null, "GET", path, null).status()).as(path).isEqualTo(401);
        }
        String secret = "SECRET-" + UUID.randomUUID();
        assertThat(send(ann, "POST", "/chat", "{\"to\":\"Bob\",\"text\":\"" + secret + "\"}").status())
                .isEqualTo(201);
        assertThat(send(ann, "PUT", "/profile/passphrase", "{\"passphrase\":\"correct horse battery\"}").status())
                .isEqualTo(204);
        assertThat(send(hana, "POST", "/host/remove", "{\"name\":\"Bob\"}").status()).isEqualTo(200);
        stream(ann, "/chat?view=json").until(e -> e.data().contains("\"you\""), java.time.Duration.ofSeconds(10));

        Http.Reply people = send(hana, "GET", "/host/people", null);
        assertThat(people.status()).isEqualTo(200);
        JsonNode list = ChatJson.mapper().readTree(people.body());
        assertThat(list.findValuesAsText("name")).containsExactly("Ann", "Bob", "Hana");
        JsonNode annRow = list.get(0);
        assertThat(annRow.get("online").asBoolean()).isTrue();
        assertThat(annRow.get("devices").asInt()).isEqualTo(1);
        assertThat(annRow.get("passphrase").asBoolean()).isTrue();
        assertThat(list.get(1).get("removed").asBoolean()).isTrue();
        assertThat(list.get(1).get("online").asBoolean()).isFalse();
        assertThat(list.get(2).get("host").asBoolean()).isTrue();
        // What a host does not see: messages, tokens, passphrases, device ids.
        assertThat(people.body()).doesNotContain(secret).doesNotContain(ann).doesNotContain("argon2")
                .doesNotContain("\"id\"");

        JsonNode facts = ChatJson.mapper().readTree(send(hana, "GET", "/host/server", null).body());
        assertThat(facts.get("store").asText()).isEqualTo("SQLite");
        assertThat(facts.get("storeAnswering").asBoolean()).isTrue();
        assertThat(facts.get("storeBytes").asLong()).isPositive();
        assertThat(facts.get("streams").asInt()).isPositive();
        assertThat(facts.get("people").asInt()).isEqualTo(3);
        assertThat(facts.get("postsLastMinute").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(facts.get("uptimeSeconds").asLong()).isGreaterThanOrEqualTo(0);

        byte[] big = new byte[300_000];
        byte[] small = new byte[1_000];
        String bigId = upload(ann, "big.bin", big);
        String smallId = upload(ann, "small.bin", small);
        assertThat(send(ann, "POST", "/chat", "{\"text\":\"the big one\",\"files\":[\"" + bigId + "\"]}").status())
                .isEqualTo(201);
        assertThat(send(ann, "POST", "/chat", "{\"text\":\"the small one\",\"files\":[\"" + smallId + "\"]}")
                .status()).isEqualTo(201);
        upload(ann, "not-sent-yet.bin", new byte[500_000]);
        JsonNode stored = ChatJson.mapper().readTree(send(hana, "GET", "/host/files", null).body());
        assertThat(stored.get("used").asLong()).isGreaterThanOrEqualTo(801_000);
        assertThat(stored.get("largest").findValuesAsText("name")).containsExactly("big.bin", "small.bin");
        assertThat(stored.get("largest").get(0).get("sentIn").get(0).asText()).isEqualTo("general");

        assertThat(send(null, "DELETE", "/host/files/" + bigId, null).status()).isEqualTo(401);
        assertThat(send(ann, "DELETE", "/host/files/" + bigId, null).status()).isEqualTo(403);
        assertThat(send(hana, "DELETE", "/host/files/" + bigId, null).status()).isEqualTo(200);
        assertThat(send(ann, "GET", "/files/" + bigId, null).status()).isEqualTo(404);
        assertThat(send(hana, "DELETE", "/host/files/" + bigId, null).status()).isEqualTo(404);
        JsonNode after = ChatJson.mapper().readTree(send(hana, "GET", "/host/files", null).body());
        assertThat(after.get("largest").findValuesAsText("name")).containsExactly("small.bin");
        assertThat(after.get("used").asLong()).isLessThan(801_000);
        assertThat(send(ann, "GET", "/chat/history", null).body()).contains("Hana removed the file big.bin")
                .contains("the big one");
    }

    @Test
    void aDirectMessagesFilesCountInTheTotalButTheHostNeverSeesNorRemovesThem() throws Exception {
        String hana = host();
        String secretName = "salary-" + UUID.randomUUID() + ".xlsx";
        String privateId = upload(ann, secretName, new byte[200_000]);
        assertThat(send(ann, "POST", "/chat", "{\"to\":\"Bob\",\"text\":\"for you\",\"files\":[\"" + privateId
                + "\"]}").status()).isEqualTo(201);
        String publicId = upload(ann, "plan.pdf", new byte[1_000]);
        assertThat(send(ann, "POST", "/chat", "{\"text\":\"the plan\",\"files\":[\"" + publicId + "\"]}")
                .status()).isEqualTo(201);

        Http.Reply listed = send(hana, "GET", "/host/files", null);
        JsonNode files = ChatJson.mapper().readTree(listed.body());
        assertThat(files.get("used").asLong()).as("the direct message's file counts").isGreaterThanOrEqualTo(201_000);
        assertThat(files.get("largest").findValuesAsText("name")).containsExactly("plan.pdf");
        assertThat(listed.body()).doesNotContain(secretName).doesNotContain(privateId).doesNotContain("dm:");

        Http.Reply removed = send(hana, "DELETE", "/host/files/" + privateId, null);
        Http.Reply nothing = send(hana, "DELETE", "/host/files/" + privateId.substring(0, 21)
                + (privateId.charAt(21) == 'A' ? 'B' : 'A'), null);
        assertThat(removed.status()).isEqualTo(404);
        assertThat(removed.body()).as("answered as if there were no such file").isEqualTo(nothing.body());
        assertThat(send(bob, "GET", "/files/" + privateId, null).status()).as("still Bob's").isEqualTo(200);
        assertThat(send(ann, "GET", "/chat/history", null).body()).doesNotContain(secretName)
                .doesNotContain("removed the file");
    }

    @Test
    void theHostRenamesARoomKeepingItsIdAndEveryoneIsTold() throws Exception {
        String hana = host();
        assertThat(send(ann, "POST", "/rooms", "{\"name\":\"Design\"}").status()).isEqualTo(201);
        assertThat(send(ann, "POST", "/rooms", "{\"name\":\"Ops\"}").status()).isEqualTo(201);
        var events = stream(ann, "/chat?view=json");
        assertThat(send(ann, "POST", "/host/rename-room", "{\"room\":\"design\",\"name\":\"Plans\"}").status())
                .isEqualTo(403);
        Http.Reply taken = send(hana, "POST", "/host/rename-room", "{\"room\":\"design\",\"name\":\"0ps\"}");
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.body()).contains("Ops");
        assertThat(send(hana, "POST", "/host/rename-room", "{\"room\":\"nowhere\",\"name\":\"X\"}").status())
                .isEqualTo(404);
        assertThat(send(hana, "POST", "/host/rename-room", "{\"room\":\"design\",\"name\":\"Plans\"}").status())
                .isEqualTo(200);
        events.until(e -> e.type().equals("room") && e.data().contains("\"name\":\"Plans\""),
                java.time.Duration.ofSeconds(10));
        assertThat(send(ann, "GET", "/rooms/design", null).body()).contains("\"name\":\"Plans\"");
        assertThat(send(ann, "GET", "/chat/history?room=design", null).body())
                .contains("Hana renamed # Design to # Plans");
    }

    @Test
    void aRoomsOwnRetentionKeepsOnlyItsNewestMessagesAndEveryoneIsTold() throws Exception {
        String hana = host();
        assertThat(send(ann, "POST", "/rooms", "{\"name\":\"Design\"}").status()).isEqualTo(201);
        for (int i = 1; i <= 5; i++) {
            assertThat(send(ann, "POST", "/chat", "{\"room\":\"design\",\"text\":\"plan " + i + "\"}").status())
                    .isEqualTo(201);
        }
        assertThat(send(ann, "POST", "/chat", "{\"text\":\"in general\"}").status()).isEqualTo(201);
        assertThat(send(ann, "POST", "/host/retention", "{\"room\":\"design\",\"messages\":3}").status())
                .isEqualTo(403);
        Http.Reply wrong = send(hana, "POST", "/host/retention", "{\"room\":\"design\",\"days\":-1}");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains("0 to 3650 days");
        assertThat(send(hana, "POST", "/host/retention", "{\"room\":\"design\",\"messages\":3}").status())
                .isEqualTo(200);
        assertThat(send(hana, "GET", "/host/retention", null).body())
                .isEqualTo("[{\"room\":\"design\",\"days\":0,\"messages\":3}]");
        // Kept: plan 4, plan 5 and the notice; gone: the room's making and plans 1 to 3.
        assertThat(server.server().applyRetention()).isEqualTo(4);
        String design = send(ann, "GET", "/chat/history?room=design", null).body();
        assertThat(design).contains("plan 4").contains("plan 5").contains("Hana set this room to keep its newest 3 messages")
                .doesNotContain("plan 3").doesNotContain("plan 1");
        assertThat(send(ann, "GET", "/chat/history", null).body()).contains("in general");
        // Kept across a restart; then back to the server's own.
        server.close();
        server = dev.hubbub.server.testing.RunningServer.start(dataDir);
        assertThat(send(hana, "GET", "/host/retention", null).body()).contains("\"messages\":3");
        assertThat(send(hana, "POST", "/host/retention", "{\"room\":\"design\"}").status()).isEqualTo(200);
        assertThat(send(hana, "GET", "/host/retention", null).body()).isEqualTo("[]");
        assertThat(send(ann, "GET", "/chat/history?room=design", null).body())
                .contains("Hana set this room to keep its messages as the server does");
    }

    private String upload(String token, String name, byte[] bytes) throws Exception {
        Http.Reply reply = http.send(new Request.Builder().url(server.uri("/files?name=" + name).toString())
                .header("Authorization", "Bearer " + token)
                .post(RequestBody.create(bytes, okhttp3.MediaType.get("application/octet-stream"))).build());
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return ChatJson.mapper().readTree(reply.body()).get("id").asText();
    }
}
