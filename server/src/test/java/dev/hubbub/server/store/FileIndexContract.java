package dev.hubbub.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.chat.Attachment;
import dev.hubbub.chat.Names;
import dev.hubbub.server.testing.Events;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What every {@link FileIndex} does, whichever store keeps it: each store's test hands out stores over one set of
 * data ({@link #store}: for SQLite the same one each time; for Redis, another server's each time). Files recorded
 * through one are found through another; a hashed blob takes over every file that used the unhashed one; the
 * conversations whose messages carry a file are known (the host's console sees only those of rooms); a file some kept
 * message carries is never forgotten; and a store that is not {@linkplain FileIndex#shared shared} forgets old files
 * nobody sent, releasing their blobs.
 */
abstract class FileIndexContract {

    /** A store over the test's data; each call may be another server's. */
    abstract Store store();

    private static FileIndex.StoredFile file(String id, FileIndex.Blob blob, Instant at) {
        return new FileIndex.StoredFile(id, blob, id + ".png", "image/png", 640, 480, true, "~ann", at);
    }

    private static FileIndex.Blob unhashed(String id, long size) {
        return new FileIndex.Blob(FileIndex.Blob.UNHASHED + id, size);
    }

    @Test
    void aFileRecordedThroughOneServerIsFoundThroughAnother() {
        FileIndex a = store().files();
        FileIndex b = store().files();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<FileIndex.Blob> placed = new ArrayList<>();
        assertThat(a.add(file("f1", unhashed("f1", 5), at), blob -> placed.add(blob))).isTrue();
        assertThat(placed).containsExactly(unhashed("f1", 5));
        assertThat(b.find("f1")).contains(file("f1", unhashed("f1", 5), at));
        assertThat(b.find("f1").orElseThrow().attachment().thumbnail()).isEqualTo("/files/f1/thumbnail");
        assertThat(b.find("f2")).isEmpty();
        assertThat(b.blobs()).contains(unhashed("f1", 5));
    }

    @Test
    void theLargestFilesOfRoomsAreListedAndTheHostRemovesOneEverywhere() {
        Store one = store();
        FileIndex a = one.files();
        FileIndex b = store().files();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        a.add(file("small", unhashed("small", 5), at), blob -> true);
        a.add(file("big", unhashed("big", 500), at), blob -> true);
        b.add(file("middle", unhashed("middle", 50), at), blob -> true);
        for (String id : List.of("small", "big", "middle")) {
            one.events().append(withFiles(Events.inRoom("design", "Ann", "the plan"), a.find(id).orElseThrow()
                    .attachment())).join();
        }
        assertThat(b.largestInRooms(2)).extracting(f -> f.file().id()).containsExactly("big", "middle");
        assertThat(a.largestInRooms(10)).extracting(f -> f.file().id()).containsExactly("big", "middle", "small");
        assertThat(a.largestInRooms(1).get(0).rooms()).containsExactly("design");

        assertThat(b.removeFromRooms("big")).isTrue();
        assertThat(a.find("big")).isEmpty();
        assertThat(a.largestInRooms(10)).extracting(f -> f.file().id()).containsExactly("middle", "small");
        assertThat(a.removeFromRooms("big")).as("gone already").isFalse();
    }

    @Test
    void aFileOnlyDirectMessagesCarryIsNeitherListedNorRemovedForTheHost() {
        Store one = store();
        FileIndex files = one.files();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        files.add(file("private", unhashed("private", 900), at), blob -> true);
        files.add(file("shared", unhashed("shared", 90), at), blob -> true);
        files.add(file("unsent", unhashed("unsent", 9000), at), blob -> true);
        one.events().append(withFiles(Events.direct("Ann", "Bob", "just for you"), files.find("private")
                .orElseThrow().attachment())).join();
        Attachment shared = files.find("shared").orElseThrow().attachment();
        one.events().append(withFiles(Events.direct("Ann", "Bob", "and this"), shared)).join();
        one.events().append(withFiles(Events.inRoom("design", "Ann", "for everyone"), shared)).join();

        FileIndex other = store().files();
        List<FileIndex.InRooms> listed = other.largestInRooms(10);
        assertThat(listed).extracting(f -> f.file().id()).containsExactly("shared");
        assertThat(listed.get(0).rooms()).as("the room, never the direct conversation").containsExactly("design");
        assertThat(other.removeFromRooms("private")).isFalse();
        assertThat(other.removeFromRooms("unsent")).isFalse();
        assertThat(files.find("private")).isPresent();
        assertThat(files.find("unsent")).isPresent();
        assertThat(other.carriedIn("private")).containsExactly(Conversations.direct(Names.key("Ann"),
                Names.key("Bob")));
    }

    @Test
    void aHashedBlobTakesOverEveryFileThatUsedItsUnhashedName() {
        FileIndex a = store().files();
        FileIndex b = store().files();
        Instant at = Instant.now();
        a.add(file("f1", unhashed("f1", 5), at), blob -> true);
        b.add(file("f2", unhashed("f2", 5), at), blob -> true);
        FileIndex.Blob hashed = new FileIndex.Blob("ab".repeat(32), 5);
        List<FileIndex.Renamed> told = new CopyOnWriteArrayList<>();
        assertThat(a.rename(unhashed("f1", 5), hashed, (from, to) -> FileIndex.Renamed.LINKED, told::add))
                .isEqualTo(FileIndex.Renamed.LINKED);
        assertThat(b.rename(unhashed("f2", 5), hashed, (from, to) -> FileIndex.Renamed.ALREADY_STORED, told::add))
                .isEqualTo(FileIndex.Renamed.ALREADY_STORED);
        assertThat(told).containsExactly(FileIndex.Renamed.LINKED, FileIndex.Renamed.ALREADY_STORED);
        assertThat(b.find("f1").orElseThrow().blob()).isEqualTo(hashed);
        assertThat(a.find("f2").orElseThrow().blob()).isEqualTo(hashed);
        assertThat(a.blobs()).contains(hashed).doesNotContain(unhashed("f1", 5), unhashed("f2", 5));
        assertThat(a.rename(unhashed("f3", 5), hashed, (from, to) -> FileIndex.Renamed.GONE, told::add))
                .isEqualTo(FileIndex.Renamed.GONE);
    }

    @Test
    void theConversationsThatCarryAFileAreKnownAndAFileCarriedIsNeverForgotten() {
        Store one = store();
        FileIndex files = one.files();
        Instant longAgo = Instant.now().minusSeconds(7200);
        files.add(file("sent", unhashed("sent", 10), longAgo), blob -> true);
        files.add(file("unsent", unhashed("unsent", 20), longAgo), blob -> true);
        files.add(file("recent", unhashed("recent", 30), Instant.now()), blob -> true);
        Attachment sent = files.find("sent").orElseThrow().attachment();
        one.events().append(withFiles(Events.inRoom("design", "Ann", "the plan"), sent)).join();
        one.events().append(withFiles(Events.direct("Ann", "Bob", "for you"), sent)).join();
        FileIndex other = store().files();
        assertThat(other.carriedIn("sent")).containsExactlyInAnyOrder("design",
                Conversations.direct(Names.key("Ann"), Names.key("Bob")));
        assertThat(other.carriedIn("unsent")).isEmpty();

        List<FileIndex.Blob> released = new CopyOnWriteArrayList<>();
        files.onReleased(released::addAll);
        List<FileIndex.Blob> forgotten = other.forgetUnsent(Instant.now().minusSeconds(3600), Long.MAX_VALUE);
        assertThat(files.find("sent")).as("carried by kept messages").isPresent();
        assertThat(files.find("recent")).as("uploaded after the cut").isPresent();
        if (files.shared()) {
            // Servers sharing a files directory never forget (FileIndex#shared).
            assertThat(forgotten).isEmpty();
            assertThat(files.find("unsent")).isPresent();
        } else {
            assertThat(forgotten).containsExactly(unhashed("unsent", 20));
            assertThat(files.find("unsent")).isEmpty();
            assertThat(released).containsExactly(unhashed("unsent", 20));
        }
    }

    @Test
    void aDeletedMessagesFilesGoWithItUnlessAnotherMessageCarriesThem() {
        Store one = store();
        FileIndex files = one.files();
        files.add(file("alone", unhashed("alone", 10), Instant.now()), blob -> true);
        files.add(file("twice", unhashed("twice", 20), Instant.now()), blob -> true);
        Attachment alone = files.find("alone").orElseThrow().attachment();
        Attachment twice = files.find("twice").orElseThrow().attachment();
        Position first = one.events().append(withFiles(Events.inRoom("design", "Ann", "the plan"), alone)).join()
                .logged().position();
        Position second = one.events().append(withFiles(Events.inRoom("design", "Ann", "again"), twice)).join()
                .logged().position();
        one.events().append(withFiles(Events.inRoom("ops", "Ann", "elsewhere"), twice)).join();
        for (Position message : List.of(first, second)) {
            one.events().append(new LogEvent.Delete("design", "Ann", "~ann", "", Instant.now(), null, null, message))
                    .join();
        }
        FileIndex other = store().files();
        assertThat(other.find("alone")).as("nobody may fetch it, its uploader neither").isEmpty();
        assertThat(other.carriedIn("alone")).isEmpty();
        assertThat(other.find("twice")).as("still carried in ops").isPresent();
        assertThat(other.carriedIn("twice")).containsExactly("ops");
    }

    private static LogEvent withFiles(LogEvent.Message message, Attachment file) {
        return new LogEvent.Message(message.conversation(), message.author(), message.authorKey(),
                message.verified(), message.text(), message.at(), null, message.to(), message.toKey(), List.of(file),
                null, null, null);
    }
}
