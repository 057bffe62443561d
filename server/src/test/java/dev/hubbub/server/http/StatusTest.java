package dev.hubbub.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.PersonStatus;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import dev.hubbub.server.testing.StreamReader;
import dev.hubbub.server.testing.TwoPeopleTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Statuses over HTTP against a real server: setting and clearing one's own, what bad input gets, the {@code status}
 * events every structured stream hears (and the tutorial stream never does), {@code GET /statuses} for those online
 * or named, a do-not-disturb that ends by itself, and statuses kept across a restart.
 */
class StatusTest extends TwoPeopleTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private Map<String, PersonStatus> statuses(String query) throws Exception {
        Http.Reply reply = send(null, "GET", "/statuses" + query, null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode all = ChatJson.mapper().readTree(reply.body()).get("statuses");
        Map<String, PersonStatus> found = new java.util.TreeMap<>();
        all.fields().forEachRemaining(e -> found.put(e.getKey(), ChatJson.read(e.getValue().toString(),
                PersonStatus.class)));
        return found;
    }

    private static StreamEvents.StatusChange nextStatus(StreamReader reader) throws InterruptedException {
        return ChatJson.read(reader.next(StreamEvents.STATUS).data(), StreamEvents.StatusChange.class);
    }

    @Test
    void aStatusIsSetForEveryoneToSeeClearedAndKeptAcrossARestart() throws Exception {
        StreamReader bobSees = stream(bob, "/chat?view=json");
        StreamReader tutorial = stream(null, "/chat");
        StreamReader annOnline = stream(ann, "/chat?view=json");
        Instant until = Instant.now().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

        Http.Reply set = send(ann, "PUT", "/profile/status",
                "{\"state\":\"dnd\",\"text\":\"  focusing  \",\"emoji\":\"🎧\",\"until\":\"" + until + "\"}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        PersonStatus dnd = new PersonStatus("dnd", "focusing", "🎧", until, false);
        assertThat(ChatJson.read(set.body(), PersonStatus.class)).isEqualTo(dnd);
        assertThat(nextStatus(bobSees)).isEqualTo(new StreamEvents.StatusChange("Ann", dnd));
        assertThat(nextStatus(annOnline)).as("one's own other devices hear it too")
                .isEqualTo(new StreamEvents.StatusChange("Ann", dnd));
        assertThat(statuses("")).as("those online").isEqualTo(Map.of("Ann", dnd));

        // Bob is away (set by his idle client); then back, which clears it: a plain status is nobody's business.
        assertThat(send(bob, "PUT", "/profile/status", "{\"state\":\"away\",\"auto\":true}").status())
                .isEqualTo(200);
        assertThat(nextStatus(annOnline).status()).isEqualTo(new PersonStatus("away", null, null, null, true));
        assertThat(statuses("")).containsOnlyKeys("Ann", "Bob");
        assertThat(send(bob, "DELETE", "/profile/status", null).status()).isEqualTo(200);
        assertThat(nextStatus(annOnline)).isEqualTo(new StreamEvents.StatusChange("Bob", PersonStatus.PLAIN));
        assertThat(statuses("")).containsOnlyKeys("Ann");
        assertThat(tutorial.poll(Duration.ofMillis(300))).as("the tutorial stream hears no statuses").isNull();

        // Those not online are asked for by name; a restart keeps statuses.
        int port = server.port();
        server.close();
        server = RunningServer.start(dataDir, c -> c.with(b -> b.port(port)));
        assertThat(statuses("")).as("nobody is online").isEmpty();
        assertThat(statuses("?name=ann&name=Bob&name=Nobody")).isEqualTo(Map.of("Ann", dnd));
    }

    @Test
    void aDoNotDisturbEndsByItselfAndIsActiveThenKeepingItsText() throws Exception {
        Instant soon = Instant.now().plus(Duration.ofSeconds(2));
        assertThat(send(ann, "PUT", "/profile/status", "{\"state\":\"dnd\",\"text\":\"call\",\"until\":\"" + soon
                + "\"}").status()).isEqualTo(200);
        assertThat(statuses("?name=Ann").get("Ann").state()).isEqualTo("dnd");
        await().atMost(WAIT).until(() -> statuses("?name=Ann").get("Ann").equals(new PersonStatus("active", "call",
                null, null, false)));
    }

    @Test
    void badInputGetsAClearSentenceAndChangesNothing() throws Exception {
        record Case(String token, String method, String body, int status, String says) {
        }
        String past = Instant.now().minusSeconds(60).toString();
        String far = Instant.now().plus(Duration.ofDays(8)).toString();
        List<Case> cases = List.of(
                new Case(null, "PUT", "{\"state\":\"away\"}", 401, "sign in to set your status"),
                new Case(ann, "POST", "{\"state\":\"away\"}", 405, "/profile/status takes PUT"),
                new Case(ann, "PUT", "{\"state\":\"busy\"}", 400, "a status's state is active, away or dnd, not 'busy'"),
                new Case(ann, "PUT", "{\"text\":\"hi\"}", 400, "a status's state is active, away or dnd"),
                new Case(ann, "PUT", "{\"state\":\"active\",\"text\":\"" + "x".repeat(101) + "\"}", 400,
                        "a status's text is at most 100 characters (101)"),
                new Case(ann, "PUT", "{\"state\":\"active\",\"emoji\":\"🎧🎧\"}", 400,
                        "a status's emoji is one emoji of Unicode's list"),
                new Case(ann, "PUT", "{\"state\":\"active\",\"emoji\":\"ok\"}", 400, "a status's emoji is one emoji"),
                new Case(ann, "PUT", "{\"state\":\"dnd\"}", 400, "do not disturb needs an end"),
                new Case(ann, "PUT", "{\"state\":\"dnd\",\"until\":\"" + past + "\"}", 400,
                        "do not disturb ends after now"),
                new Case(ann, "PUT", "{\"state\":\"dnd\",\"until\":\"" + far + "\"}", 400,
                        "do not disturb ends within 7 days"),
                new Case(ann, "PUT", "{\"state\":\"dnd\",\"until\":\"tomorrow\"}", 400, "invalid JSON"),
                new Case(ann, "PUT", "{\"state\":\"active\",\"auto\":true}", 400, "only away is set automatically"),
                new Case(ann, "PUT", "{\"state\":", 400, "malformed JSON"),
                new Case(ann, "PUT", "{\"state\":\"active\",\"text\":\"back soon \u202eBUY CHEAP\"}", 400,
                        "a status's text contains an invisible or direction-changing character (U+202E)"),
                new Case(ann, "PUT", "{\"state\":\"active\",\"text\":\"lunch\u200b\"}", 400, "(U+200B)"),
                new Case(ann, "PUT", "{\"state\":\"active\",\"text\":\"lunch\ufffc\"}", 400, "(U+FFFC)"),
                new Case(ann, "PUT", "{\"state\":\"active\",\"text\":\"lunch\u0332\"}", 400,
                        "a combining mark Unicode does not recommend (U+0332)"));
        for (Case c : cases) {
            Http.Reply reply = send(c.token(), c.method(), "/profile/status", c.body());
            assertThat(reply.status()).as(c.body()).isEqualTo(c.status());
            assertThat(reply.body()).as(c.body()).contains(c.says());
        }
        assertThat(statuses("?name=Ann")).as("nothing was set").isEmpty();
        String many = "?name=" + String.join("&name=", java.util.Collections.nCopies(101, "Ann"));
        Http.Reply tooMany = send(null, "GET", "/statuses" + many, null);
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.body()).isEqualToIgnoringNewLines("ask for at most 100 names at once (101 asked)");

        // Changes are a few a minute at most: a client flapping between away and active is told to wait.
        int refused = 0;
        for (int i = 0; i < StatusHandler.CHANGE_BURST + 3; i++) {
            refused += send(bob, "PUT", "/profile/status", "{\"state\":\"away\"}").status() == 429 ? 1 : 0;
        }
        assertThat(refused).isGreaterThan(0);
    }
}
