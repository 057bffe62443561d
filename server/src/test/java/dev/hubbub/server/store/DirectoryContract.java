package dev.hubbub.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.hubbub.chat.Names;
import dev.hubbub.chat.PersonStatus;
import dev.hubbub.chat.StreamEvents.RoomInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Directory} does, whichever store keeps it: each store's test opens two directories over one
 * store (for SQLite the same one twice; for Redis two servers' own), so what one does, the other sees: names,
 * tokens, codes and the host's word at once; the invite key and the rooms within a moment (a shared store may keep
 * them in each server's memory, refreshed when they change).
 */
abstract class DirectoryContract {

    /** What another server must see within a moment. */
    private static void soon(org.awaitility.core.ThrowingRunnable assertion) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(assertion);
    }

    /** A directory over the test's store; each call may be another server's. */
    abstract Directory directory();

    @Test
    void aPersonsPictureIsSetReplacedAndRemovedEverywhereAndGoesWithTheirName() {
        Directory directory = directory();
        Directory other = directory();
        String key = directory.identify(directory.claim("Pia", Names.key("Pia"))).orElseThrow().key();
        assertThat(other.picture(key)).isEmpty();
        byte[] first = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
        directory.setPicture(key, first);
        soon(() -> assertThat(other.picture(key)).hasValueSatisfying(png -> assertThat(png).isEqualTo(first)));
        byte[] second = new byte[Directory.MAX_PICTURE_BYTES];
        second[0] = 7;
        other.setPicture(key, second);
        soon(() -> assertThat(directory.picture(key)).hasValueSatisfying(png -> assertThat(png).isEqualTo(second)));
        assertThatThrownBy(() -> directory.setPicture(key, new byte[Directory.MAX_PICTURE_BYTES + 1]))
                .isInstanceOf(IllegalArgumentException.class);
        directory.setPicture(key, null);
        soon(() -> assertThat(other.picture(key)).isEmpty());
        directory.setPicture(key, first);
        other.free(key);
        soon(() -> assertThat(directory.picture(key)).as("freeing the name takes the picture").isEmpty());
    }

    @Test
    void devicesAreListedSeenAndSignedOutOneByOneEverywhere() {
        Directory directory = directory();
        Directory other = directory();
        String laptop = directory.claim("Pia", Names.key("Pia"), "Firefox · Linux");
        Directory.Identity pia = directory.identify(laptop).orElseThrow();
        String phone = other.issueToken(pia, "Safari · iPhone\nwith a line break and far too long a name for any device");
        String quin = directory.claim("Quin", Names.key("Quin"));

        List<Directory.Device> devices = other.devices(pia.key());
        assertThat(devices).extracting(Directory.Device::id).containsExactlyInAnyOrder(Directory.deviceId(laptop),
                Directory.deviceId(phone));
        assertThat(devices).extracting(Directory.Device::label).contains("Firefox · Linux");
        assertThat(devices).allSatisfy(d -> assertThat(d.label()).hasSizeLessThanOrEqualTo(Directory.MAX_DEVICE)
                .doesNotContain("\n"));
        assertThat(devices).allSatisfy(d -> assertThat(d.lastSeen()).isNull());
        assertThat(devices).allSatisfy(d -> assertThat(d.signedIn()).isNotNull());
        assertThat(Directory.deviceId(laptop)).doesNotContain(laptop).hasSize(16);

        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        directory.seen(phone, at);
        soon(() -> assertThat(other.devices(pia.key())).filteredOn(d -> d.id().equals(Directory.deviceId(phone)))
                .extracting(Directory.Device::lastSeen).containsExactly(at));

        assertThat(other.signOut(directory.identify(quin).orElseThrow().key(), Directory.deviceId(phone)))
                .as("not Quin's device").isFalse();
        assertThat(other.signOut(pia.key(), Directory.deviceId(phone))).isTrue();
        soon(() -> assertThat(directory.identify(phone)).isEmpty());
        assertThat(directory.identify(laptop)).isPresent();
        assertThat(directory.devices(pia.key())).extracting(Directory.Device::id)
                .containsExactly(Directory.deviceId(laptop));
    }

    @Test
    void everyoneAtOnceIsWhatAskingPersonByPersonSays() {
        Directory directory = directory();
        Directory other = directory();
        Instant now = Instant.now();
        String piaToken = directory.claim("Pia", Names.key("Pia"), "Firefox · Linux");
        Directory.Identity pia = directory.identify(piaToken).orElseThrow();
        other.issueToken(pia, "Safari · iPhone");
        directory.setPassphrase(pia.key(), "$argon2id$kept");
        directory.makeHost(pia.key());
        Directory.Identity quin = directory.identify(directory.claim("Quin", Names.key("Quin"))).orElseThrow();
        directory.mute(quin.key(), now.plusSeconds(600));
        Directory.Identity ray = directory.identify(directory.claim("Ray", Names.key("Ray"))).orElseThrow();
        directory.remove(ray.key());
        Directory.Identity sam = directory.identify(directory.claim("Sam", Names.key("Sam"))).orElseThrow();
        directory.free(sam.key());

        soon(() -> {
            List<Directory.Person> people = other.people(now);
            assertThat(people).extracting(Directory.Person::identity).as("everyone holding a name, once; Sam freed his")
                    .containsExactlyInAnyOrder(pia, quin, ray);
            for (Directory.Person person : people) {
                String key = person.identity().key();
                assertThat(person.devices()).as(person.identity().name()).isEqualTo(other.devices(key));
                assertThat(person.host()).isEqualTo(other.isHost(key));
                assertThat(person.removed()).isEqualTo(other.isRemoved(key));
                assertThat(Optional.ofNullable(person.mutedUntil())).isEqualTo(other.mutedUntil(key, now));
                assertThat(person.hasPassphrase()).isEqualTo(other.passphrase(key).isPresent());
            }
            Directory.Person first = people.stream().filter(p -> p.identity().equals(pia)).findFirst().orElseThrow();
            assertThat(first.devices()).hasSize(2);
            assertThat(first.host()).isTrue();
            assertThat(first.hasPassphrase()).isTrue();
        });
    }

    @Test
    void aPassphraseIsKeptEverywhereAndTheHostsResetEndsEveryWayInButNothingElse() {
        Directory directory = directory();
        Directory other = directory();
        String token = directory.claim("Pia", Names.key("Pia"));
        Directory.Identity pia = directory.identify(token).orElseThrow();
        assertThat(other.passphrase(pia.key())).isEmpty();
        directory.setPassphrase(pia.key(), "$argon2id$kept");
        soon(() -> assertThat(other.passphrase(pia.key())).contains("$argon2id$kept"));
        String code = other.linkCode(pia, Instant.now().plusSeconds(600));
        directory.join(pia.key(), directory.rooms().get(0).id(), true, false);

        other.resetSignIn(pia.key());
        soon(() -> assertThat(directory.identify(token)).isEmpty());
        assertThat(directory.passphrase(pia.key())).isEmpty();
        assertThat(directory.redeem(code, Instant.now())).as("codes made before the reset").isEmpty();
        assertThat(directory.devices(pia.key())).isEmpty();
        assertThat(directory.claimed(Names.key("Pia"))).contains(pia);
        assertThat(directory.memberships(pia.key())).isNotEmpty();
        String after = other.linkCode(pia, Instant.now().plusSeconds(600));
        assertThat(directory.redeem(after, Instant.now())).contains(pia);

        directory.setPassphrase(pia.key(), "$argon2id$again");
        other.free(pia.key());
        soon(() -> assertThat(directory.passphrase(pia.key())).as("freeing the name ends it").isEmpty());
    }

    @Test
    void aRoomIsRenamedEverywhereKeepingItsIdAndNoLookalikeOfAnother() {
        Directory directory = directory();
        Directory other = directory();
        RoomInfo design = directory.createRoom("Design", null, Instant.now(), 100);
        directory.createRoom("Ops", null, Instant.now(), 100);
        RoomInfo now = other.renameRoom(design.id(), "Plans");
        assertThat(now.id()).isEqualTo(design.id());
        assertThat(now.name()).isEqualTo("Plans");
        soon(() -> assertThat(directory.room(design.id()).orElseThrow().name()).isEqualTo("Plans"));
        assertThatThrownBy(() -> directory.renameRoom(design.id(), "0ps"))
                .isInstanceOf(Directory.RoomExistsException.class);
        // The old name is free again; the new one is taken.
        soon(() -> assertThat(other.createRoom("Design", null, Instant.now(), 100).id()).isNotEqualTo(design.id()));
        assertThatThrownBy(() -> directory.createRoom("plans", null, Instant.now(), 100))
                .isInstanceOf(Directory.RoomExistsException.class);
        assertThat(directory.renameRoom(design.id(), "PLANS").name()).as("its own name, spelled anew").isEqualTo("PLANS");
        assertThatThrownBy(() -> directory.renameRoom("nowhere", "Nowhere"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRoomsOwnRetentionIsKeptEverywhereAndGoesWithTheRoom() {
        Directory directory = directory();
        Directory other = directory();
        RoomInfo design = directory.createRoom("Design", null, Instant.now(), 100);
        assertThat(other.retention()).isEmpty();
        directory.setRetention(design.id(), new Directory.Retention(30, 0));
        directory.setRetention("general", new Directory.Retention(0, 500));
        soon(() -> assertThat(other.retention()).containsEntry(design.id(), new Directory.Retention(30, 0))
                .containsEntry("general", new Directory.Retention(0, 500)));
        other.setRetention("general", Directory.Retention.SERVER);
        soon(() -> assertThat(directory.retention()).doesNotContainKey("general"));
        assertThatThrownBy(() -> directory.setRetention("nowhere", new Directory.Retention(1, 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Directory.Retention(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        directory.deleteRoom(design.id(), Instant.now());
        soon(() -> assertThat(other.retention()).isEmpty());
    }

    @Test
    void aRemovedPersonIsLetBackInEverywhere() {
        Directory directory = directory();
        Directory other = directory();
        String token = directory.claim("Pia", Names.key("Pia"));
        String key = directory.identify(token).orElseThrow().key();
        directory.remove(key);
        soon(() -> assertThat(other.identify(token)).isEmpty());
        other.letBackIn(key);
        soon(() -> assertThat(directory.identify(token)).isPresent());
        assertThat(directory.isRemoved(key)).isFalse();
    }

    @Test
    void aStatusIsSetReplacedAndClearedEverywhereAndGoesWithTheirName() {
        Directory directory = directory();
        Directory other = directory();
        String pia = directory.identify(directory.claim("Pia", Names.key("Pia"))).orElseThrow().key();
        String quin = directory.identify(directory.claim("Quin", Names.key("Quin"))).orElseThrow().key();
        assertThat(other.statuses()).isEmpty();
        PersonStatus dnd = new PersonStatus("dnd", "focusing", "🎧", Instant.parse("2026-12-03T11:00:00Z"), false);
        PersonStatus away = new PersonStatus("away", null, null, null, true);
        directory.setStatus(pia, dnd);
        directory.setStatus(quin, away);
        soon(() -> assertThat(other.statuses()).isEqualTo(java.util.Map.of("Pia", dnd, "Quin", away)));
        soon(() -> assertThat(other.status(pia)).as("one person's alone").isEqualTo(dnd));
        other.setStatus(quin, PersonStatus.PLAIN);
        soon(() -> assertThat(directory.statuses()).as("a plain status is none").containsOnlyKeys("Pia"));
        soon(() -> assertThat(directory.status(quin)).isEqualTo(PersonStatus.PLAIN));
        directory.setStatus(pia, null);
        soon(() -> assertThat(other.statuses()).isEmpty());
        directory.setStatus(pia, dnd);
        directory.setStatus(quin, away);
        other.free(pia);
        soon(() -> assertThat(directory.statuses()).as("freeing the name clears the status")
                .isEqualTo(java.util.Map.of("Quin", away)));
        soon(() -> assertThat(directory.status(pia)).isEqualTo(PersonStatus.PLAIN));
    }

    @Test
    void roomsHaveMembersWhoStarHideAndLeaveThemAndATopic() {
        Directory directory = directory();
        Directory other = directory();
        String pia = directory.identify(directory.claim("Pia", Names.key("Pia"))).orElseThrow().key();
        String quin = directory.identify(directory.claim("Quin", Names.key("Quin"))).orElseThrow().key();
        Instant now = Instant.parse("2026-12-03T10:00:00Z");
        var design = directory.createRoom("Design", pia, now, 50);
        var plans = directory.createRoom("Plans", quin, now, 50);
        soon(() -> assertThat(other.memberships(pia)).as("General, and the room Pia made").containsExactly(
                new Directory.Membership("general", false, false), new Directory.Membership(design.id(), false, false)));
        assertThat(other.memberCounts()).containsEntry("general", 2).containsEntry(design.id(), 1)
                .containsEntry(plans.id(), 1);

        assertThat(other.join(pia, plans.id(), true, false)).isEqualTo(
                new Directory.Membership(plans.id(), true, false));
        directory.join(pia, "general", false, true);
        soon(() -> assertThat(directory.memberships(pia)).containsExactly(
                new Directory.Membership("general", false, true), new Directory.Membership(design.id(), false, false),
                new Directory.Membership(plans.id(), true, false)));
        assertThat(directory.memberCounts()).containsEntry("general", 2).containsEntry(plans.id(), 2);
        assertThatThrownBy(() -> directory.join(pia, "nowhere", false, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> directory.leave(pia, "general")).isInstanceOf(IllegalArgumentException.class);

        assertThat(directory.leave(pia, plans.id())).isTrue();
        assertThat(other.leave(pia, plans.id())).as("not in it any more").isFalse();
        assertThat(other.memberships(pia)).extracting(Directory.Membership::room).containsExactly("general",
                design.id());
        assertThat(other.memberCounts()).containsEntry(plans.id(), 1);

        assertThat(directory.topics()).isEmpty();
        directory.setTopic(design.id(), "Everything we draw");
        soon(() -> assertThat(other.topics()).isEqualTo(java.util.Map.of(design.id(), "Everything we draw")));
        assertThatThrownBy(() -> directory.setTopic(design.id(), "x".repeat(Directory.MAX_TOPIC + 1)))
                .isInstanceOf(IllegalArgumentException.class);
        other.setTopic(design.id(), "");
        soon(() -> assertThat(directory.topics()).isEmpty());

        // A deleted room leaves its members' lists; a freed name leaves every room.
        directory.join(quin, design.id(), false, false);
        directory.deleteRoom(design.id(), now);
        soon(() -> assertThat(other.memberships(quin)).extracting(Directory.Membership::room)
                .containsExactly("general", plans.id()));
        assertThat(other.memberCounts()).doesNotContainKey(design.id());
        other.free(quin);
        soon(() -> assertThat(directory.memberCounts()).containsEntry(plans.id(), 0).containsEntry("general", 1));
    }

    @Test
    void namesTokensAndLinkCodes() {
        Directory directory = directory();
        Directory other = directory();
        String token = directory.claim("Ann", Names.key("Ann"));
        Directory.Identity ann = other.identify(token).orElseThrow();
        assertThat(ann.name()).isEqualTo("Ann");
        assertThat(ann.key()).as("a person's key is not made from the name").matches("~[0-9a-f]{32}");
        assertThat(other.claimed("ann")).contains(ann);
        assertThatThrownBy(() -> other.claim("ANN", Names.key("ANN"))).isInstanceOf(Directory.NameTakenException.class);
        assertThat(other.claimedNames()).containsExactly("Ann");
        String second = other.issueToken(ann);
        assertThat(directory.identify(second)).contains(ann);
        String code = directory.linkCode(ann, Instant.now().plusSeconds(600));
        assertThat(code).matches("[A-Z2-9]{4}-[A-Z2-9]{4}");
        assertThat(other.redeem(code.toLowerCase().replace("-", " "), Instant.now())).contains(ann);
        assertThat(directory.redeem(code, Instant.now())).as("a code works once").isEmpty();
        String late = directory.linkCode(ann, Instant.now().minusSeconds(1));
        assertThat(other.redeem(late, Instant.now())).as("an expired code").isEmpty();
        other.revoke(token);
        assertThat(directory.identify(token)).isEmpty();
        assertThat(directory.identify(second)).as("another device's token stays").isPresent();
        assertThat(directory.identify("not a token")).isEmpty();
    }

    @Test
    void ofManyClaimingOneNameAtOnceExactlyOneGetsIt() {
        List<Directory> directories = List.of(directory(), directory());
        List<CompletableFuture<String>> claims = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            String spelling = i % 2 == 0 ? "Ann" : "ANN";
            Directory directory = directories.get(i % 2);
            claims.add(CompletableFuture.supplyAsync(() -> directory.claim(spelling, "ann")));
        }
        long won = claims.stream().filter(c -> {
            try {
                c.join();
                return true;
            } catch (java.util.concurrent.CompletionException e) {
                assertThat(e.getCause()).isInstanceOf(Directory.NameTakenException.class);
                return false;
            }
        }).count();
        assertThat(won).isEqualTo(1);
    }

    @Test
    void noRoomIsCreatedPastTheLimitEvenFromTwoServersAtOnce() {
        List<Directory> directories = List.of(directory(), directory());
        List<CompletableFuture<Boolean>> creations = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Directory directory = directories.get(i % 2);
            String name = "Room " + i;
            creations.add(CompletableFuture.supplyAsync(() -> {
                try {
                    directory.createRoom(name, "ann", Instant.now(), 5);
                    return true;
                } catch (Directory.RoomsFullException full) {
                    assertThat(full).hasMessageContaining("5 rooms");
                    return false;
                }
            }));
        }
        assertThat(creations.stream().filter(CompletableFuture::join).count()).as("general and four more")
                .isEqualTo(4);
        soon(() -> assertThat(directories.get(1).rooms()).hasSize(5));
    }

    @Test
    void roomsHaveIdsFromTheirNamesAndNamesAreUnique() {
        Directory directory = directory();
        Directory other = directory();
        assertThat(directory.rooms()).extracting(r -> r.id()).containsExactly("general");
        assertThat(directory.createRoom("Design Review", "ann", Instant.now(), 100).id()).isEqualTo("design-review");
        assertThat(other.createRoom("Café", "ann", Instant.now(), 100).id()).isEqualTo("cafe");
        assertThat(directory.createRoom("Café!", "ann", Instant.now(), 100).id()).isEqualTo("cafe-2");
        assertThatThrownBy(() -> other.createRoom("design review", "bob", Instant.now(), 100))
                .isInstanceOf(Directory.RoomExistsException.class);
        assertThat(directory.createRoom("会議", "ann", Instant.now(), 100).id()).isEqualTo("room");
        soon(() -> assertThat(other.rooms()).extracting(r -> r.id())
                .containsExactly("general", "design-review", "cafe", "cafe-2", "room"));
        assertThat(directory.room("room")).as("a room made elsewhere is found at once").isPresent();
        var rules = other.setRules("cafe", true, 30);
        soon(() -> assertThat(directory.room("cafe")).contains(rules));
        assertThat(rules.readOnly()).isTrue();
        assertThat(directory.room("nowhere")).isEmpty();
    }

    @Test
    void anArchivedRoomStaysAndADeletedOneFreesItsNameAndPlaceButNeverItsId() {
        Directory directory = directory();
        Directory other = directory();
        directory.createRoom("Design", "ann", Instant.now(), 3);
        directory.createRoom("Ops", "ann", Instant.now(), 3);
        var archived = other.setArchived("design", true);
        assertThat(archived.archived()).isTrue();
        soon(() -> assertThat(directory.room("design")).contains(archived));
        assertThat(directory.rooms()).as("an archived room is still a room").hasSize(3);
        assertThatThrownBy(() -> directory.createRoom("Later", "ann", Instant.now(), 3))
                .isInstanceOf(Directory.RoomsFullException.class);
        assertThat(directory.setArchived("design", false).archived()).isFalse();

        assertThat(other.deleteRoom("general", Instant.now())).as("general stays").isEmpty();
        soon(() -> assertThat(other.room("design")).isPresent());
        assertThat(other.deleteRoom("design", Instant.now())).map(r -> r.name()).contains("Design");
        assertThat(directory.deleteRoom("design", Instant.now())).as("deleted once").isEmpty();
        soon(() -> assertThat(directory.rooms()).extracting(r -> r.id()).containsExactly("general", "ops"));
        assertThat(directory.room("design")).isEmpty();
        var again = directory.createRoom("design", "bob", Instant.now(), 3);
        assertThat(again.id()).as("a new room of a deleted one's name gets another id").isEqualTo("design-2");
        soon(() -> assertThat(other.room("design-2")).isPresent());
        assertThat(other.room("design")).isEmpty();
    }

    @Test
    void theHostKeepsOrder() {
        Directory directory = directory();
        Directory other = directory();
        String ann = directory.claim("Ann", "ann");
        String bob = directory.claim("Bob", "bob");
        String annKey = directory.claimed("ann").orElseThrow().key();
        String bobKey = directory.claimed("bob").orElseThrow().key();
        directory.makeHost(annKey);
        assertThat(other.isHost(annKey)).isTrue();
        assertThat(other.isHost(bobKey)).isFalse();

        Instant now = Instant.now();
        other.mute(bobKey, now.plusSeconds(60));
        assertThat(directory.mutedUntil(bobKey, now)).isPresent();
        assertThat(directory.mutedUntil(bobKey, now.plusSeconds(61))).as("a mute ends").isEmpty();
        directory.mute(bobKey, null);
        assertThat(other.mutedUntil(bobKey, now)).isEmpty();

        other.remove(bobKey);
        assertThat(directory.isRemoved(bobKey)).isTrue();
        assertThat(directory.identify(bob)).as("a removed person's token lets nobody in").isEmpty();
        assertThat(directory.holder(bob)).contains(new Directory.Identity("Bob", bobKey));
        assertThatThrownBy(() -> directory.claim("bob", "bob")).as("the name stays theirs")
                .isInstanceOf(Directory.NameTakenException.class);
        directory.free(bobKey);
        assertThat(other.holder(bob)).isEmpty();
        Directory.Identity next = other.identify(other.claim("Bob", "bob")).orElseThrow();
        assertThat(next.name()).as("a freed name is anyone's").isEqualTo("Bob");
        assertThat(next.key()).as("and its next holder is someone else").isNotEqualTo(bobKey);
        assertThat(other.isRemoved(next.key())).isFalse();
        assertThat(directory.isRemoved(bobKey)).as("the old person stays as they were").isTrue();

        assertThat(directory.inviteKey()).isEmpty();
        String key = other.newInviteKey(false);
        assertThat(other.inviteKey()).contains(key);
        soon(() -> assertThat(directory.inviteKey()).contains(key));
        assertThat(directory.identify(ann)).isPresent();
        String rotated = directory.newInviteKey(true);
        assertThat(rotated).isNotEqualTo(key);
        soon(() -> assertThat(other.inviteKey()).contains(rotated));
        assertThat(other.identify(ann)).as("the host stays signed in").isPresent();
        assertThat(other.claimed("bob")).isPresent();
        other.openToAll();
        soon(() -> assertThat(directory.inviteKey()).isEmpty());
    }

    @Test
    void aLookalikeOfAClaimedNameIsTakenAndFreedWithIt() {
        Directory directory = directory();
        Directory other = directory();
        String ian = directory.claim("Ian", "ian");
        assertThatThrownBy(() -> other.claim("lan", "lan")).as("capital I and small L")
                .isInstanceOf(Directory.NameTakenException.class).hasMessageContaining("Ian");
        assertThat(other.claimedLookalike("lan")).map(Directory.Identity::name).contains("Ian");
        assertThat(other.claimedLookalike("IAN")).map(Directory.Identity::name).contains("Ian");
        assertThat(other.claimedLookalike("Ivan")).isEmpty();
        other.free(directory.identify(ian).orElseThrow().key());
        assertThat(directory.claimedLookalike("lan")).isEmpty();
        assertThat(directory.claim("lan", "lan")).isNotNull();
        assertThatThrownBy(() -> other.createRoom("Genera1", "ann", Instant.now(), 100))
                .isInstanceOf(Directory.RoomExistsException.class);
    }

    @Test
    void slowModeGivesEachPersonOneTurnPerIntervalThroughEveryServer() {
        Directory directory = directory();
        Directory other = directory();
        assertThat(directory.takeSlowModeTurn("general", "ann", 30, Instant.now())).isEmpty();
        assertThat(other.takeSlowModeTurn("general", "ann", 30, Instant.now())).as("through another server too")
                .hasValueSatisfying(wait -> assertThat(wait).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(30)));
        assertThat(other.takeSlowModeTurn("general", "bob", 30, Instant.now())).as("another person").isEmpty();
        assertThat(other.takeSlowModeTurn("design", "ann", 30, Instant.now())).as("another room").isEmpty();
        assertThat(directory.takeSlowModeTurn("general", "cy", 1, Instant.now())).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> other.takeSlowModeTurn("general", "cy", 1, Instant.now())
                .isEmpty());
    }

    @Test
    void everyServerGetsTheHostTokenTheFirstKept() {
        assertThat(directory().hostToken("first")).isEqualTo("first");
        assertThat(directory().hostToken("second")).isEqualTo("first");
    }

    @Test
    void signingEveryoneOutEndsTokensOfAllButTheHosts() {
        Directory directory = directory();
        String ann = directory.claim("Ann", "ann");
        String bob = directory.claim("Bob", "bob");
        directory.makeHost(directory.identify(ann).orElseThrow().key());
        directory().newInviteKey(true);
        assertThat(directory.identify(ann)).isPresent();
        assertThat(directory.identify(bob)).isEmpty();
        assertThat(directory.isClaimed("bob")).as("the name stays claimed").isTrue();
    }
}
