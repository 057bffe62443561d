package dev.hubbub.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubbub.chat.Api;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.StreamReader;
import dev.hubbub.server.testing.TwoPeopleTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rooms for a crowd, over HTTP against a real server: the room browser ({@code GET /rooms} with topics, member counts
 * and the reader's own marks, searched), joining, starring, hiding and leaving ({@code /rooms/{id}/membership}, told
 * to the person's own streams), topics (a line in the room, a {@code topic} event to everyone), and the people
 * directory ({@code GET /people}: everyone who holds a name, online or not, paged); each with its bad input.
 */
class RoomMembersTest extends TwoPeopleTest {
    /** A refusal as "STATUS sentence". */
    private String refused(String token, String method, String path, String json) throws Exception {
        Http.Reply reply = send(token, method, path, json);
        return reply.status() + " " + reply.body().strip();
    }

    private JsonNode ok(String token, String method, String path, String json) throws Exception {
        Http.Reply reply = send(token, method, path, json);
        assertThat(reply.status()).as(method + " " + path + ": " + reply.body()).isBetween(200, 201);
        return ChatJson.mapper().readTree(reply.body());
    }

    private StreamReader stream(String token) throws Exception {
        return stream(token, "/chat?view=json");
    }

    private List<Api.RoomEntry> rooms(String token, String query) throws Exception {
        return List.of(ChatJson.read(ok(token, "GET", "/rooms" + query, null).toString(), Api.RoomDirectory.class)
                .rooms().toArray(Api.RoomEntry[]::new));
    }

    @Test
    void theRoomBrowserListsEveryRoomWithItsTopicAndMembersAndPeopleJoinStarHideAndLeave() throws Exception {
        ok(ann, "POST", "/rooms", "{\"name\":\"Café design\"}");
        ok(ann, "POST", "/rooms", "{\"name\":\"Plans\"}");
        assertThat(rooms(null, "")).extracting(Api.RoomEntry::id, Api.RoomEntry::members, Api.RoomEntry::joined)
                .as("not signed in: no marks").containsExactly(
                        org.assertj.core.groups.Tuple.tuple("general", 2, null),
                        org.assertj.core.groups.Tuple.tuple("cafe-design", 1, null),
                        org.assertj.core.groups.Tuple.tuple("plans", 1, null));
        assertThat(rooms(bob, "")).extracting(Api.RoomEntry::id, Api.RoomEntry::joined).containsExactly(
                org.assertj.core.groups.Tuple.tuple("general", true),
                org.assertj.core.groups.Tuple.tuple("cafe-design", false),
                org.assertj.core.groups.Tuple.tuple("plans", false));
        assertThat(rooms(bob, "?q=CAFE%20des")).extracting(Api.RoomEntry::id).as("accents and case aside")
                .containsExactly("cafe-design");

        // Bob joins, starred; his own stream hears it (Ann's does not); his rooms list it.
        StreamReader bobs = stream(bob);
        StreamReader anns = stream(ann);
        bobs.next(StreamEvents.HELLO);
        anns.next(StreamEvents.HELLO);
        assertThat(ok(bob, "PUT", "/rooms/cafe-design/membership", "{\"starred\":true}").toString())
                .isEqualTo("{\"room\":\"cafe-design\",\"joined\":true,\"starred\":true,\"hidden\":false}");
        assertThat(ChatJson.read(bobs.next(StreamEvents.MEMBERSHIP).data(), Api.Membership.class))
                .isEqualTo(new Api.Membership("cafe-design", true, true, false));
        assertThat(send(bob, "PUT", "/rooms/plans/membership", null).status()).as("no body: joins").isEqualTo(200);
        ok(bob, "PUT", "/rooms/plans/membership", "{\"hidden\":true}");
        assertThat(ok(bob, "GET", "/profile/rooms", null).toString()).isEqualTo("{\"rooms\":["
                + "{\"room\":\"general\",\"joined\":true,\"starred\":false,\"hidden\":false},"
                + "{\"room\":\"cafe-design\",\"joined\":true,\"starred\":true,\"hidden\":false},"
                + "{\"room\":\"plans\",\"joined\":true,\"starred\":false,\"hidden\":true}]}");
        assertThat(rooms(null, "")).extracting(Api.RoomEntry::members).containsExactly(2, 2, 2);
        ok(bob, "PUT", "/rooms/plans/membership", "{\"starred\":true}");
        assertThat(ChatJson.read(ok(bob, "GET", "/rooms/plans", null).toString(), Api.RoomEntry.class))
                .as("a mark left out stays").extracting(Api.RoomEntry::starred, Api.RoomEntry::hidden)
                .containsExactly(true, true);

        assertThat(ok(bob, "DELETE", "/rooms/plans/membership", null).get("joined").asBoolean()).isFalse();
        assertThat(rooms(bob, "?q=plans").get(0)).extracting(Api.RoomEntry::joined, Api.RoomEntry::members)
                .containsExactly(false, 1);

        // What is refused, with a sentence.
        assertThat(refused(bob, "DELETE", "/rooms/general/membership", null))
                .isEqualTo("403 everyone stays in General (you can hide it, or mute it)");
        assertThat(send(bob, "PUT", "/rooms/nowhere/membership", null).status()).isEqualTo(404);
        assertThat(send(null, "PUT", "/rooms/plans/membership", null).status()).isEqualTo(401);
        assertThat(send(bob, "PUT", "/rooms/plans/membership", "{\"starred\":\"yes\"}").status()).isEqualTo(400);
        assertThat(send(bob, "POST", "/rooms/plans/membership", null).status()).isEqualTo(405);
        assertThat(send(null, "GET", "/profile/rooms", null).status()).isEqualTo(401);
        assertThat(send(null, "GET", "/rooms/nowhere", null).status()).isEqualTo(404);
        int waited = 0;
        for (int i = 0; i < RoomsHandler.CHANGE_BURST + 2 && waited == 0; i++) {
            waited = send(ann, "PUT", "/rooms/plans/membership", "{\"starred\":" + (i % 2 == 0) + "}").status()
                    == 429 ? 1 : 0;
        }
        assertThat(waited).as("changes past the burst wait").isEqualTo(1);
    }

    @Test
    void aTopicIsALineInTheRoomAndAnEventToEveryoneAndWhatMayNotPostThereMayNotSetIt() throws Exception {
        ok(ann, "POST", "/rooms", "{\"name\":\"Design\"}");
        StreamReader anns = stream(ann);
        anns.next(StreamEvents.HELLO);
        assertThat(ok(bob, "PUT", "/rooms/design/topic", "{\"topic\":\"  Everything we draw  \"}").toString())
                .isEqualTo("{\"room\":\"design\",\"topic\":\"Everything we draw\"}");
        assertThat(ChatJson.read(anns.next(StreamEvents.TOPIC).data(), Api.Topic.class))
                .isEqualTo(new Api.Topic("design", "Everything we draw"));
        JsonNode history = ok(ann, "GET", "/chat/history?room=design", null).get("messages");
        assertThat(history.get(history.size() - 1).get("text").asText()).isEqualTo("Bob set the topic: Everything "
                + "we draw");
        assertThat(rooms(null, "?q=draw")).extracting(Api.RoomEntry::id, Api.RoomEntry::topic)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("design", "Everything we draw"));

        assertThat(refused(bob, "PUT", "/rooms/design/topic", "{\"topic\":\"" + "x".repeat(251) + "\"}"))
                .isEqualTo("400 a topic is at most 250 characters (251)");
        assertThat(send(bob, "PUT", "/rooms/design/topic", "{\"topic\":\"a\\u0007b\"}").status()).isEqualTo(400);
        assertThat(send(null, "PUT", "/rooms/design/topic", "{\"topic\":\"x\"}").status()).isEqualTo(401);
        assertThat(send(bob, "PUT", "/rooms/nowhere/topic", "{\"topic\":\"x\"}").status()).isEqualTo(404);
        String host = server.server().hostToken();
        assertThat(send(ann, "POST", "/host/claim", "{\"token\":\"" + host + "\"}").status()).isBetween(200, 204);
        ok(ann, "POST", "/host/room", "{\"room\":\"design\",\"readOnly\":true,\"slowModeSeconds\":0}");
        assertThat(refused(bob, "PUT", "/rooms/design/topic", "{\"topic\":\"mine now\"}"))
                .isEqualTo("403 # Design is read-only: only the host posts there");
        assertThat(ok(ann, "PUT", "/rooms/design/topic", "{\"topic\":\"\"}").get("topic").asText()).isEmpty();
        history = ok(ann, "GET", "/chat/history?room=design", null).get("messages");
        assertThat(history.get(history.size() - 1).get("text").asText()).isEqualTo("Ann cleared the topic");
    }

    @Test
    void thePeopleDirectoryListsEveryoneWhoHoldsANameOnlineOrNotAPageAtATime() throws Exception {
        for (String name : List.of("Cy", "Dana", "Élodie", "Eve")) {
            http.claim(server.uri("/"), name);
        }
        send(bob, "PUT", "/profile/status", "{\"state\":\"away\",\"text\":\"lunch\"}");
        stream(ann).next(StreamEvents.HELLO);
        JsonNode all = ok(null, "GET", "/people", null);
        List<String> shown = new ArrayList<>();
        all.get("people").forEach(p -> shown.add(p.get("name").asText() + (p.get("online").asBoolean() ? "*" : "")
                + (p.has("status") ? " " + p.get("status").get("state").asText() : "")));
        assertThat(shown).containsExactly("Ann*", "Bob away", "Cy", "Dana", "Eve", "Élodie");
        assertThat(all.get("more").asBoolean()).isFalse();

        JsonNode first = ok(null, "GET", "/people?limit=2", null);
        assertThat(first.get("people")).extracting(p -> p.get("name").asText()).containsExactly("Ann", "Bob");
        assertThat(first.get("more").asBoolean()).isTrue();
        JsonNode next = ok(null, "GET", "/people?limit=2&after=Bob", null);
        assertThat(next.get("people")).extracting(p -> p.get("name").asText()).containsExactly("Cy", "Dana");
        assertThat(ok(null, "GET", "/people?q=elo", null).get("people"))
                .extracting(p -> p.get("name").asText()).as("accents aside").containsExactly("Élodie");
        assertThat(send(null, "GET", "/people?limit=0", null).status()).isEqualTo(400);
        assertThat(send(null, "GET", "/people?limit=lots", null).status()).isEqualTo(400);
        assertThat(send(null, "GET", "/people?limit=501", null).status()).isEqualTo(400);
    }
}
