package dev.hubbub.desktop.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.StreamEvents;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The window's models without a window: what the side list and the typing line show, from what the stream says. */
class PlacesAndPeopleTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    private static ChatMessage direct(String author, String to) {
        return new ChatMessage("m-" + author + to, "general", author, true, "hi", NOW, null, to, List.of());
    }

    @Test
    void aMembershipHeardWhileTheListIsOnItsWayOutlivesTheListsOlderAnswer() {
        Places places = new Places("Ann");
        places.memberships(java.util.List.of());
        places.loadingMemberships();
        places.membership(new dev.hubbub.chat.Api.Membership("design", true, false, false));
        places.memberships(java.util.List.of());   // asked before the join, answered after it
        assertThat(places.isJoined("design")).isTrue();
        places.membership(new dev.hubbub.chat.Api.Membership("design", false, false, false));
        assertThat(places.isJoined("design")).isFalse();
        // Before any list came: the change waits for it.
        Places fresh = new Places("Ann");
        fresh.loadingMemberships();
        fresh.membership(new dev.hubbub.chat.Api.Membership("ops", true, false, false));
        fresh.memberships(java.util.List.of());
        assertThat(fresh.isJoined("ops")).isTrue();
    }

    @Test
    void roomsListArchivedOnesLastThenPeopleAndForgetWhatTheServerNoLongerHas() {
        Places places = new Places("Ann");
        places.rooms(List.of(new StreamEvents.RoomInfo("general", "General"),
                new StreamEvents.RoomInfo("old", "Old", false, 0, true, false),
                new StreamEvents.RoomInfo("design", "Design")));
        places.directWith("Bob");
        assertThat(places.places()).extracting(Places.Place::label)
                .containsExactly("# General", "# Design", "# Old", "@ Bob");
        assertThat(places.places().get(2).archived()).isTrue();

        places.show("design");
        String gone = places.rooms(List.of(new StreamEvents.RoomInfo("general", "General")));
        assertThat(gone).as("the room shown went while the app was away").isEqualTo("Design");
        assertThat(places.places()).extracting(Places.Place::key).containsExactly("general", "@bob");
    }

    @Test
    void aDirectMessageBelongsToTheOtherPersonWhoeverWroteIt() {
        Places places = new Places("Ann");
        assertThat(places.placeOf(direct("Bob", "Ann"))).isEqualTo("@bob");
        assertThat(places.placeOf(direct("ann", "Bob"))).isEqualTo("@bob");
        assertThat(places.directPeople()).isEqualTo(Map.of("@bob", "Bob"));
    }

    @Test
    void unseenCountsClearWhenThePlaceIsShownAndAreKeptAcrossRuns() {
        Places places = new Places("Ann");
        places.directWith("Bob");
        places.unseen("@bob");
        places.unseen("@bob");
        assertThat(places.unreadCounts()).isEqualTo(Map.of("@bob", 2));

        Places nextRun = new Places("Ann");
        nextRun.restore(places.unreadCounts(), places.directPeople());
        assertThat(nextRun.places()).contains(new Places.Place("@bob", "@ Bob", 2));
        nextRun.show("@bob");
        assertThat(nextRun.unreadCounts()).isEmpty();
        assertThat(nextRun.activeLabel().get()).isEqualTo("@ Bob");
    }

    @Test
    void aDeletedRoomLeavesTheListAndSaysWhetherItWasShown() {
        Places places = new Places("Ann");
        places.roomChanged(new StreamEvents.RoomInfo("design", "Design"));
        places.show("design");
        assertThat(places.activeRoom().get().name()).isEqualTo("Design");
        assertThat(places.roomChanged(new StreamEvents.RoomInfo("design", "Design", false, 0, false, true))).isTrue();
        assertThat(places.places()).extracting(Places.Place::key).containsExactly("general");
    }

    @Test
    void typingIsSaidForThePlaceShownAndGoesAfterAWhileOrWhenTheMessageComes() {
        People people = new People("Ann");
        people.typing(new StreamEvents.Typing("general", "Bob", null), NOW);
        people.typing(new StreamEvents.Typing("general", "Ann", null), NOW);
        people.typing(new StreamEvents.Typing("design", "Cy", null), NOW);
        assertThat(people.typingText().get()).isEqualTo("Bob is typing…");

        people.typing(new StreamEvents.Typing("general", "Dee", null), NOW);
        assertThat(people.typingText().get()).isEqualTo("Bob and Dee are typing…");
        people.wrote("general", "Dee", NOW.plusSeconds(1));
        assertThat(people.typingText().get()).isEqualTo("Bob is typing…");

        people.refreshTyping(NOW.plus(People.TYPING_SHOWN).plusSeconds(1));
        assertThat(people.typingText().get()).isEmpty();
    }

    @Test
    void presenceIsOneEntryPerPersonWhateverTheCase() {
        People people = new People("Ann");
        people.presence(List.of("Ann", "Bob"));
        people.joined("bob");
        people.joined("Cy");
        people.left("ANN");
        assertThat(people.online()).containsExactly("Bob", "Cy");
    }
}
