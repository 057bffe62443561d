package dev.hubbub.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubbub.server.testing.Events;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventLog} does, whichever store keeps it: each store's test hands out logs over one history
 * ({@link #log}: for SQLite the same log each time; for Redis, another server's each time), so what is appended
 * through one is read and tailed through another. One semantics for both: ids that name the history, one copy of a
 * retried post, ranges kept to their scope, pages of one conversation, messages as they stand now, a tail that
 * delivers in order and gives a failing reader the same batch again, and failures as failed futures.
 */
abstract class EventLogContract {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** A log over the test's history; each call may be another server's. */
    abstract EventLog log();

    /** Closes one of the logs {@link #log} handed out (its store), as a server shutting down does. */
    abstract void close(EventLog log);

    /** Everything the store keeps of the log, as text: every row or key, read around the log. */
    abstract String stored();

    static LogEvent withClientId(LogEvent.Message event, String clientId) {
        return event.withClientId(clientId);
    }

    private static LogEvent action(LogEvent.Kind kind, String author, String text, Position target) {
        return LogEvent.of(kind, "general", author, author.toLowerCase(java.util.Locale.ROOT), true, text,
                Instant.now(), null, null, null, null, null, target, null, null, false);
    }

    static List<String> texts(List<Logged> logged) {
        return logged.stream().map(l -> l.event().text()).toList();
    }

    @Test
    void idsNameTheHistoryAndARetriedPostIsStoredOnce() {
        EventLog a = log();
        EventLog b = log();
        assertThat(b.epoch()).isEqualTo(a.epoch());
        Logged first = a.append(Events.inGeneral("Ann", "one")).join().logged();
        Logged second = b.append(Events.inGeneral("Bob", "two")).join().logged();
        assertThat(second.position()).isGreaterThan(first.position());
        String id = a.format(second.position());
        assertThat(b.parse(id)).contains(second.position());
        String otherEpoch = (id.startsWith("0") ? "1" : "0") + id.substring(1);
        assertThat(a.parse(otherEpoch)).as("an id of another history names nothing here").isEmpty();
        assertThat(a.parse("nonsense")).isEmpty();
        assertThat(a.parse(null)).isEmpty();

        List<CompletableFuture<EventLog.Appended>> retries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            retries.add((i % 2 == 0 ? a : b).append(withClientId(Events.inGeneral("Cy", "once"), "cy-1")));
        }
        List<EventLog.Appended> answers = retries.stream().map(CompletableFuture::join).toList();
        assertThat(answers.stream().map(x -> x.logged().position()).distinct()).hasSize(1);
        assertThat(answers.stream().filter(x -> !x.duplicate())).hasSize(1);
        assertThat(answers.get(9).logged().event().text()).isEqualTo("once");
        Position last = answers.get(0).logged().position();
        assertThat(texts(a.range(Position.START, last, EventLog.Scope.ALL, 100).join()))
                .containsExactly("one", "two", "once");
        assertThat(b.head()).isEqualTo(last);
        assertThat(b.storedAs("cy-1").join()).as("asked without appending, on any server").contains(last);
        assertThat(a.storedAs("nobody-sent-this").join()).isEmpty();
    }

    @Test
    void aTailHearsWhatWasStoredThenEveryNewEventOfEveryServerInOrder() {
        EventLog a = log();
        EventLog b = log();
        a.append(Events.inGeneral("Ann", "before the tail")).join();
        List<String> heard = new CopyOnWriteArrayList<>();
        try (EventLog.Tail tail = b.tail(Position.START, batch -> batch.forEach(l -> heard.add(l.event().text())))) {
            List<String> sent = new ArrayList<>(List.of("before the tail"));
            Position last = null;
            for (int i = 0; i < 50; i++) {
                last = (i % 2 == 0 ? a : b).append(Events.inGeneral("Ann", "m" + i)).join().logged().position();
                sent.add("m" + i);
            }
            await().atMost(WAIT).until(() -> heard.size() == sent.size());
            assertThat(heard).containsExactlyElementsOf(sent);
            assertThat(b.head()).isEqualTo(last);
            assertThat(log().head()).as("a server that appended nothing and tails nothing still knows the head")
                    .isEqualTo(last);
        }
        List<String> fromTheMiddle = new CopyOnWriteArrayList<>();
        Position third = a.range(Position.START, a.head(), EventLog.Scope.ALL, 100).join().get(2).position();
        try (EventLog.Tail tail = a.tail(third, batch -> batch.forEach(l -> fromTheMiddle.add(l.event().text())))) {
            await().atMost(WAIT).until(() -> fromTheMiddle.size() == 48);
            assertThat(fromTheMiddle.get(0)).as("a tail starts after its position").isEqualTo("m2");
        }
    }

    @Test
    void aTailWhoseReaderFailsGetsTheSameBatchAgainAndNothingIsSkipped() {
        EventLog log = log();
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        try (EventLog.Tail tail = log.tail(Position.START, batch -> {
            if (failures.getAndIncrement() == 0) {
                throw new IllegalStateException("the disk is full, once");
            }
            batch.forEach(l -> seen.add(l.event().text()));
        })) {
            log.append(Events.inGeneral("Ann", "one")).join();
            log.append(Events.inGeneral("Ann", "two")).join();
            await().atMost(WAIT).until(() -> seen.size() >= 2);
            assertThat(seen).containsExactly("one", "two");
            assertThat(failures.get()).isGreaterThan(1);
        }
    }

    @Test
    void rangesKeepToTheirScopeAndPagesToTheirConversation() {
        EventLog log = log();
        log.append(Events.inGeneral("Ann", "public")).join();
        log.append(Events.direct("Ann", "Bob", "just us")).join();
        log.append(Events.inRoom("design", "Cy", "in design")).join();
        for (int i = 0; i < 7; i++) {
            log.append(Events.inGeneral("Bob", "g" + i)).join();
        }
        EventLog other = log();
        Position head = other.head();
        assertThat(texts(other.range(Position.START, head, EventLog.Scope.everything("cy"), 100).join()))
                .doesNotContain("just us").contains("public", "in design");
        assertThat(texts(other.range(Position.START, head, EventLog.Scope.everything("bob"), 100).join()))
                .contains("just us");
        assertThat(texts(other.range(Position.START, head, EventLog.Scope.everything(null), 100).join()))
                .doesNotContain("just us");
        assertThat(texts(other.range(Position.START, head, EventLog.Scope.room("general"), 3).join()))
                .containsExactly("g4", "g5", "g6");
        assertThat(texts(other.range(Position.START, head, EventLog.Scope.ALL, 100).join())).hasSize(10);

        EventLog.Page newest = other.page("general", null, null, 3).join();
        assertThat(texts(newest.events())).containsExactly("g4", "g5", "g6");
        assertThat(newest.more()).isTrue();
        EventLog.Page older = other.page("general", newest.events().get(0).position(), null, 10).join();
        assertThat(texts(older.events())).containsExactly("public", "g0", "g1", "g2", "g3");
        assertThat(older.more()).isFalse();
        EventLog.Page after = other.page("general", null, older.events().get(0).position(), 2).join();
        assertThat(texts(after.events())).containsExactly("g0", "g1");
        assertThat(after.more()).isTrue();
        assertThat(other.message(older.events().get(0).position()).join().orElseThrow().state().text())
                .isEqualTo("public");
        assertThat(other.page("nowhere", null, null, 10).join().events()).isEmpty();
    }

    @Test
    void whatActionsDoToAMessageIsTheSameFromEveryServer() {
        EventLog a = log();
        EventLog b = log();
        Logged message = a.append(Events.inGeneral("Ann", "helo")).join().logged();
        Logged other = a.append(Events.inGeneral("Bob", "spam")).join().logged();
        a.append(action(LogEvent.Kind.EDIT, "Ann", "hello", message.position())).join();
        b.append(action(LogEvent.Kind.REACT, "Cy", "👍", message.position())).join();
        a.append(action(LogEvent.Kind.REACT, "Cy", "👍", message.position())).join();
        b.append(action(LogEvent.Kind.REACT, "Cy", "🎉", message.position())).join();
        b.append(action(LogEvent.Kind.REACT, "Dan", "🎉", message.position())).join();
        b.append(action(LogEvent.Kind.UNREACT, "Cy", "🎉", message.position())).join();
        Logged.State state = b.message(message.position()).join().orElseThrow().state();
        assertThat(state.text()).isEqualTo("hello");
        assertThat(state.editedAt()).isNotNull();
        assertThat(state.reactions()).containsExactly(new Logged.Reaction("👍", List.of("Cy")),
                new Logged.Reaction("🎉", List.of("Dan")));

        a.append(action(LogEvent.Kind.DELETE, "Ann", LogEvent.REMOVED, other.position())).join();
        Logged.State removed = b.page("general", null, null, 10).join().events().get(1).state();
        assertThat(removed.deleted()).isTrue();
        assertThat(removed.text()).isEmpty();
        assertThat(removed.removedBy()).isEqualTo("Ann");
        assertThat(b.page("general", null, null, 10).join().events().get(0).state().text()).isEqualTo("hello");
        a.append(action(LogEvent.Kind.EDIT, "Bob", "back from the dead", other.position())).join();
        assertThat(b.message(other.position()).join().orElseThrow().state().deleted())
                .as("a deleted message stays deleted").isTrue();
        assertThat(b.message(Position.of(Long.MAX_VALUE / 4)).join()).as("no message there").isEmpty();
    }

    @Test
    void aMessageByAnAppIsMarkedSoWhereverItIsReadAndAPersonsIsNot() {
        EventLog a = log();
        Logged person = a.append(Events.inRoom("releases", "Ann", "deploying")).join().logged();
        Logged app = a.append(Events.inRoom("releases", "deploybot", "deployed 1.2").byApp()).join().logged();
        Logged reacted = a.append(LogEvent.of(LogEvent.Kind.REACT, "releases", "Ann", "ann", true, "👍", Instant.now(),
                null, null, null, null, null, app.position(), null, null, false)).join().logged();
        assertThat(app.event().app()).isTrue();
        assertThat(reacted.changed().event().app()).as("an action carries the mark of the message it changed").isTrue();

        EventLog other = log();
        List<Logged> range = other.range(Position.START, other.head(), EventLog.Scope.ALL, 100).join().stream()
                .filter(l -> l.event().conversation().equals("releases")).toList();
        assertThat(range).extracting(l -> l.event().app()).containsExactly(false, true, false);
        assertThat(range.get(2).changed().event().app()).isTrue();
        assertThat(other.page("releases", null, null, 10).join().events()).extracting(l -> l.event().app())
                .containsExactly(false, true);
        assertThat(other.message(app.position()).join().orElseThrow().event().app()).isTrue();
        assertThat(other.message(person.position()).join().orElseThrow().event().app()).isFalse();
    }

    @Test
    void anActionCarriesItsMessageAsItStandsRightAfterItWhereverItIsRead() {
        EventLog a = log();
        EventLog b = log();
        Logged message = a.append(LogEvent.Message.inRoom("general", "Ann", "ann", true, "helo @Bob", Instant.now(),
                null, List.of(), new dev.hubbub.chat.Mentions.Found(List.of("Bob"), false))).join().logged();
        Position target = message.position();
        LogEvent edit = new LogEvent.Edit("general", "Ann", "ann", "hello @room", Instant.now(), null, null,
                new dev.hubbub.chat.Mentions.Found(List.of(), true), target);
        Logged edited = b.append(edit).join().logged().changed();
        assertThat(edited.position()).isEqualTo(target);
        assertThat(edited.event().author()).as("the message as it was appended").isEqualTo("Ann");
        assertThat(edited.state().text()).isEqualTo("hello @room");
        assertThat(edited.state().mentions().names()).isEmpty();
        assertThat(edited.state().mentions().room()).isTrue();
        assertThat(edited.state().editedAt()).isNotNull();

        // Reactions are sets, each emoji in the order first used.
        Logged last = null;
        for (Object[] step : new Object[][] {{"Bob", "👍", true}, {"Cy", "🎉", true}, {"Cy", "👍", true},
                {"Bob", "👍", true}, {"Dee", "🎉", false}, {"Cy", "🎉", false}}) {
            LogEvent.Kind kind = (boolean) step[2] ? LogEvent.Kind.REACT : LogEvent.Kind.UNREACT;
            last = (last == null ? a : b).append(action(kind, (String) step[0], (String) step[1], target)).join()
                    .logged();
        }
        assertThat(last.changed().state().reactions()).containsExactly(
                new Logged.Reaction("👍", List.of("Bob", "Cy")));
        assertThat(last.changed().state().text()).isEqualTo("hello @room");

        // Read back from another server, each action carries what it made of the message then.
        List<Logged> all = log().range(Position.START, a.head(), EventLog.Scope.ALL, 100).join();
        assertThat(all.get(0).changed()).as("a message changes nothing").isNull();
        assertThat(all.get(1).changed().state().text()).isEqualTo("hello @room");
        assertThat(all.get(1).changed().state().reactions()).isEmpty();
        assertThat(all.get(7).changed().state().reactions()).hasSize(1);
        List<Logged> tailed = new CopyOnWriteArrayList<>();
        try (EventLog.Tail tail = log().tail(Position.START, tailed::addAll)) {
            await().atMost(WAIT).until(() -> tailed.size() == all.size());
        }
        assertThat(tailed.get(2).changed().state().reactions()).containsExactly(
                new Logged.Reaction("👍", List.of("Bob")));

        // A deletion is final: later actions leave the message deleted.
        Logged deleted = a.append(action(LogEvent.Kind.DELETE, "Ann", "", target)).join().logged().changed();
        assertThat(deleted.state().deleted()).isTrue();
        assertThat(deleted.state().text()).isEmpty();
        assertThat(deleted.state().reactions()).isEmpty();
        assertThat(b.append(action(LogEvent.Kind.REACT, "Bob", "👍", target)).join().logged().changed().state()
                .deleted()).isTrue();
        assertThat(b.append(action(LogEvent.Kind.EDIT, "Ann", "back", target)).join().logged().changed().state()
                .text()).isEmpty();

        Logged unknown = a.append(action(LogEvent.Kind.REACT, "Bob", "👍", Position.of(Long.MAX_VALUE / 4)))
                .join().logged();
        assertThat(unknown.changed()).as("an action on a message the store does not keep").isNull();
    }

    @Test
    void aThreadKeepsItsRepliesOutOfItsRoomAndItsRootCountsThem() {
        EventLog a = log();
        EventLog b = log();
        Logged root = a.append(Events.inRoom("design", "Ann", "the plan")).join().logged();
        a.append(Events.inRoom("design", "Bob", "in the room")).join();
        Position thread = root.position();
        Logged first = b.append(Events.inRoom("design", "Bob", "reply one").inThread(thread, false)).join().logged();
        assertThat(first.event().thread()).isEqualTo(thread);
        assertThat(first.changed().position()).as("a reply carries its root as it stands right after")
                .isEqualTo(thread);
        assertThat(first.changed().state().replies().count()).isEqualTo(1);
        assertThat(first.changed().state().replies().people()).containsExactly("Bob");
        a.append(Events.inRoom("design", "Cy", "reply two, also in the room").inThread(thread, true)).join();
        a.append(Events.inRoom("design", "Bob", "reply three").inThread(thread, false)).join();
        for (String name : List.of("Dee", "Eve", "Fay", "Gus")) {
            b.append(Events.inRoom("design", name, "me too").inThread(thread, false)).join();
        }
        Logged last = a.append(Events.inRoom("design", "Ann", "last").inThread(thread, false)).join().logged();
        Logged.Replies replies = last.changed().state().replies();
        assertThat(replies.count()).isEqualTo(8);
        assertThat(replies.people()).as("the first five who replied, in the order they first did")
                .containsExactly("Bob", "Cy", "Dee", "Eve", "Fay");
        assertThat(replies.lastAt()).isEqualTo(last.event().at());

        // The room's pages leave out what is only in the thread; the root counts it from every server.
        EventLog.Page room = b.page("design", null, null, 10).join();
        assertThat(texts(room.events())).containsExactly("the plan", "in the room", "reply two, also in the room");
        assertThat(room.events().get(0).state().replies().count()).isEqualTo(8);
        assertThat(room.events().get(1).state().replies()).as("no thread, no summary").isNull();
        assertThat(texts(b.page("design", null, null, 2).join().events()))
                .containsExactly("in the room", "reply two, also in the room");
        assertThat(b.page("design", null, null, 2).join().more()).isTrue();
        assertThat(a.message(thread).join().orElseThrow().state().replies().count()).isEqualTo(8);

        // The thread pages like a conversation: its replies, oldest first, not its root.
        EventLog.Page newest = a.thread(thread, null, null, 3).join();
        assertThat(texts(newest.events())).containsExactly("me too", "me too", "last");
        assertThat(newest.more()).isTrue();
        EventLog.Page older = b.thread(thread, newest.events().get(0).position(), null, 10).join();
        assertThat(texts(older.events())).containsExactly("reply one", "reply two, also in the room",
                "reply three", "me too", "me too");
        assertThat(older.more()).isFalse();
        assertThat(texts(a.thread(thread, null, first.position(), 2).join().events()))
                .containsExactly("reply two, also in the room", "reply three");

        // A deleted reply stays as a placeholder and still counts; a deleted room forgets its threads.
        b.append(LogEvent.of(LogEvent.Kind.DELETE, "design", "Bob", "bob", true, "", Instant.now(), null, null, null,
                null, null, first.position(), null, null, false)).join();
        assertThat(a.thread(thread, null, null, 1).join().events()).hasSize(1);
        assertThat(a.message(thread).join().orElseThrow().state().replies().count()).isEqualTo(8);
        assertThat(a.thread(thread, null, null, 100).join().events().get(0).state().deleted()).isTrue();
        List<Logged> tailed = new CopyOnWriteArrayList<>();
        try (EventLog.Tail tail = log().tail(root.position(), tailed::addAll)) {
            await().atMost(WAIT).until(() -> tailed.size() == 10);
        }
        assertThat(tailed.get(1).event().thread()).isEqualTo(thread);
        assertThat(tailed.get(1).changed().state().replies().count()).as("read back, as it was right after")
                .isEqualTo(1);
        assertThat(tailed.get(2).event().alsoInRoom()).isTrue();
        a.append(new LogEvent.RoomDeleted("design", "Ann", "ann", "Design", Instant.now())).join();
        assertThat(b.thread(thread, null, null, 10).join().events()).isEmpty();
    }

    @Test
    void pinsAreKeptOnTheMessageAndListedNewestFirstUntilUnpinnedOrDeleted() {
        EventLog a = log();
        EventLog b = log();
        Logged first = a.append(Events.inRoom("design", "Ann", "the plan")).join().logged();
        Logged second = a.append(Events.inRoom("design", "Bob", "the budget")).join().logged();
        a.append(Events.inRoom("ops", "Bob", "elsewhere")).join();
        Logged pinned = b.append(pin(LogEvent.Kind.PIN, "Cy", first.position())).join().logged();
        assertThat(pinned.changed().state().pinned().by()).isEqualTo("Cy");
        assertThat(pinned.changed().state().pinned().at()).isEqualTo(pinned.event().at());
        a.append(pin(LogEvent.Kind.PIN, "Ann", second.position())).join();
        assertThat(b.append(pin(LogEvent.Kind.PIN, "Dee", first.position())).join().logged().changed().state()
                .pinned().by()).as("pinned already: it stays Cy's pin").isEqualTo("Cy");
        assertThat(texts(b.pinned("design").join())).containsExactly("the budget", "the plan");
        assertThat(a.pinned("ops").join()).isEmpty();
        assertThat(a.message(first.position()).join().orElseThrow().state().pinned().by()).isEqualTo("Cy");
        assertThat(a.page("design", null, null, 10).join().events().get(1).state().pinned()).isNotNull();

        Logged unpinned = a.append(pin(LogEvent.Kind.UNPIN, "Cy", first.position())).join().logged();
        assertThat(unpinned.changed().state().pinned()).isNull();
        assertThat(texts(b.pinned("design").join())).containsExactly("the budget");
        b.append(LogEvent.of(LogEvent.Kind.DELETE, "design", "Bob", "bob", true, "", Instant.now(), null, null, null,
                null, null, second.position(), null, null, false)).join();
        assertThat(a.pinned("design").join()).as("a deleted message is no longer pinned").isEmpty();
        a.append(pin(LogEvent.Kind.PIN, "Ann", first.position())).join();
        a.append(new LogEvent.RoomDeleted("design", "Ann", "ann", "Design", Instant.now())).join();
        assertThat(b.pinned("design").join()).isEmpty();
    }

    @Test
    void aNoticeInADirectConversationIsItsTwoPeoplesAlone() {
        EventLog a = log();
        a.append(new LogEvent.Notice("dm:~ann:~bob", "Ann", "~ann", "Ann pinned a message", Instant.now(), "Bob",
                "~bob")).join();
        a.append(new LogEvent.Notice("general", "Ann", "~ann", "Ann muted Cy", Instant.now())).join();
        Position head = log().head();
        assertThat(texts(log().range(Position.START, head, EventLog.Scope.everything("~bob"), 10).join()))
                .containsExactly("Ann pinned a message", "Ann muted Cy");
        assertThat(texts(log().range(Position.START, head, EventLog.Scope.everything("~cy"), 10).join()))
                .containsExactly("Ann muted Cy");
        assertThat(log().range(Position.START, head, EventLog.Scope.ALL, 10).join().get(0).event().toKey())
                .isEqualTo("~bob");
    }

    private static LogEvent pin(LogEvent.Kind kind, String author, Position target) {
        return LogEvent.of(kind, "design", author, author.toLowerCase(java.util.Locale.ROOT), true, "", Instant.now(),
                null, null, null, null, null, target, null, null, false);
    }

    @Test
    void aDeletedMessagesWordsFilesAndReactionsAreGoneFromEveryReadAndFromTheStore() {
        EventLog a = log();
        EventLog b = log();
        dev.hubbub.chat.Attachment file = new dev.hubbub.chat.Attachment("f1", "zanzibar-budget.pdf",
                "application/pdf", 10, null, null, "/files/f1", null);
        Logged message = a.append(LogEvent.Message.inRoom("design", "Ann", "ann", true, "the zanzibar plan",
                Instant.now(), null, List.of(file), null)).join().logged();
        Position target = message.position();
        a.append(new LogEvent.Edit("design", "Ann", "ann", "the zanzibar plan, costed", Instant.now(), null, null,
                null, target)).join();
        b.append(new LogEvent.React("design", "Cy", "cy", "👍", Instant.now(), null, null, target)).join();
        b.append(pin(LogEvent.Kind.PIN, "Cy", target)).join();
        b.append(new LogEvent.Notice("design", "Cy", "cy", new PinNotice(true, "Cy", "the zanzibar plan, costed")
                .text(), Instant.now(), null, null, target)).join();
        Logged reply = b.append(Events.inRoom("design", "Bob", "sounds good").answering(target,
                new LogEvent.Quote("Ann", "the zanzibar plan, costed"))).join().logged();
        Logged inThread = a.append(Events.inRoom("design", "Dee", "count me in").inThread(target, true))
                .join().logged();
        assertThat(stored()).as("the test's words are there before").contains("zanzibar");

        Logged deletion = a.append(pin(LogEvent.Kind.DELETE, "Ann", target)).join().logged();
        assertThat(deletion.changed().event().text()).isEmpty();
        assertThat(deletion.changed().event().files()).isEmpty();

        EventLog other = log();
        List<Logged> all = other.range(Position.START, other.head(), EventLog.Scope.ALL, 100).join();
        assertThat(all.stream().map(l -> l.event().kind()))
                .as("the earlier edit, reaction and pin went with it")
                .containsExactly(LogEvent.Kind.MESSAGE, LogEvent.Kind.NOTICE, LogEvent.Kind.MESSAGE,
                        LogEvent.Kind.MESSAGE, LogEvent.Kind.DELETE);
        assertThat(all.get(0).event().text()).isEmpty();
        assertThat(all.get(1).event().text()).as("the pin's line names no words")
                .isEqualTo(new PinNotice(true, "Cy", "").text());
        assertThat(all.get(2).event().quote()).isEqualTo(new LogEvent.Quote("Ann", ""));
        assertThat(all.get(3).changed().state().replies().count()).as("a reply still counts").isEqualTo(1);
        List<Logged> tailed = new CopyOnWriteArrayList<>();
        try (EventLog.Tail tail = other.tail(Position.START, tailed::addAll)) {
            await().atMost(WAIT).until(() -> tailed.size() == all.size());
        }
        List<Object> reads = List.of(all, tailed, other.page("design", null, null, 10).join(),
                other.message(target).join(), other.message(reply.position()).join(),
                other.thread(target, null, null, 10).join(), other.pinned("design").join());
        assertThat(reads).allSatisfy(read -> assertThat(String.valueOf(read)).doesNotContain("zanzibar"));
        assertThat(other.message(target).join().orElseThrow().state().reactions()).isEmpty();
        assertThat(other.pinned("design").join()).isEmpty();
        assertThat(other.message(inThread.position()).join()).isPresent();
        assertThat(stored()).as("nothing the store keeps").doesNotContain("zanzibar");
    }

    @Test
    void anEditLeavesOnlyItsNewWordsWhereverTheMessageIsKept() {
        EventLog a = log();
        EventLog b = log();
        Logged message = a.append(Events.inRoom("design", "Ann", "first kumquat draft")).join().logged();
        Position target = message.position();
        a.append(new LogEvent.Edit("design", "Ann", "ann", "second quince draft", Instant.now(), null, null, null,
                target)).join();
        b.append(new LogEvent.React("design", "Cy", "cy", "👍", Instant.now(), null, null, target)).join();
        b.append(Events.inRoom("design", "Bob", "sounds good").answering(target,
                new LogEvent.Quote("Ann", "second quince draft"))).join();
        b.append(new LogEvent.Notice("design", "Cy", "cy", new PinNotice(true, "Cy", "second quince draft").text(),
                Instant.now(), null, null, target)).join();
        a.append(Events.inRoom("design", "Dee", "count me in").inThread(target, false)).join();
        Logged edit = b.append(new LogEvent.Edit("design", "Ann", "ann", "the final words", Instant.now(), null,
                null, null, target)).join().logged();
        assertThat(edit.changed().event().text()).isEqualTo("the final words");

        EventLog other = log();
        List<Logged> all = other.range(Position.START, other.head(), EventLog.Scope.ALL, 100).join();
        assertThat(all.stream().map(l -> l.event().kind())).as("the earlier edit went; the reaction stays")
                .containsExactly(LogEvent.Kind.MESSAGE, LogEvent.Kind.REACT, LogEvent.Kind.MESSAGE,
                        LogEvent.Kind.NOTICE, LogEvent.Kind.MESSAGE, LogEvent.Kind.EDIT);
        assertThat(all.get(3).event().text()).isEqualTo(new PinNotice(true, "Cy", "the final words").text());
        assertThat(all.get(0).event().text()).isEqualTo("the final words");
        assertThat(all.get(1).changed().state().text()).isEqualTo("the final words");
        assertThat(all.get(1).changed().state().reactions()).hasSize(1);
        assertThat(all.get(2).event().quote()).isEqualTo(new LogEvent.Quote("Ann", "the final words"));
        List<Logged> tailed = new CopyOnWriteArrayList<>();
        try (EventLog.Tail tail = other.tail(Position.START, tailed::addAll)) {
            await().atMost(WAIT).until(() -> tailed.size() == all.size());
        }
        List<Object> reads = List.of(all, tailed, other.page("design", null, null, 10).join(),
                other.message(target).join(), other.thread(target, null, null, 10).join());
        assertThat(reads).allSatisfy(read -> assertThat(String.valueOf(read)).doesNotContain("kumquat")
                .doesNotContain("quince"));
        assertThat(stored()).doesNotContain("kumquat").doesNotContain("quince");
    }

    @Test
    void aDeletedRoomsEventsAreForgottenWithItsDeletion() {
        EventLog a = log();
        EventLog b = log();
        a.append(Events.inRoom("design", "Ann", "the secret plan")).join();
        Logged note = b.append(Events.inRoom("design", "Bob", "a note")).join().logged();
        a.append(Events.inGeneral("Ann", "general chatter")).join();
        Logged deletion = b.append(new LogEvent.RoomDeleted("design", "Ann", "ann", "Design", Instant.now()))
                .join().logged();
        List<Logged> all = a.range(Position.START, a.head(), EventLog.Scope.ALL, 100).join();
        assertThat(texts(all)).containsExactly("general chatter", "Design");
        assertThat(all.get(1).event().kind()).isEqualTo(LogEvent.Kind.ROOM_DELETED);
        assertThat(all.get(1).position()).isEqualTo(deletion.position());
        assertThat(a.page("design", null, null, 10).join().events()).isEmpty();
        assertThat(a.message(note.position()).join()).isEmpty();
        assertThat(a.trimmedUpTo()).as("the hole a deleted room leaves is no gap in the history")
                .isEqualTo(Position.START);
    }

    @Test
    void aRoomsOwnRetentionForgetsItsOlderEventsByAgeOrNumberAndNoOtherRoomsEvents() {
        EventLog a = log();
        EventLog b = log();
        Instant long_ago = Instant.now().minus(java.time.Duration.ofDays(40));
        a.append(LogEvent.Message.inRoom("design", "Ann", "ann", false, "old plan", long_ago, null, null, null)).join();
        a.append(LogEvent.Message.inRoom("general", "Ann", "ann", false, "old chatter", long_ago, null, null, null))
                .join();
        for (int i = 1; i <= 5; i++) {
            (i % 2 == 0 ? a : b).append(Events.inRoom("design", "Bob", "new " + i)).join();
        }
        assertThat(b.forgetInRoom("design", Instant.now().minus(java.time.Duration.ofDays(30)), 0)).isEqualTo(1);
        assertThat(texts(a.page("design", null, null, 10).join().events()))
                .containsExactly("new 1", "new 2", "new 3", "new 4", "new 5");
        assertThat(a.forgetInRoom("design", null, 2)).isEqualTo(3);
        assertThat(texts(b.page("design", null, null, 10).join().events())).containsExactly("new 4", "new 5");
        assertThat(texts(b.page("general", null, null, 10).join().events())).containsExactly("old chatter");
        assertThat(a.forgetInRoom("design", null, 2)).as("nothing more to forget").isZero();
        assertThat(a.forgetInRoom("empty", Instant.now(), 1)).isZero();
        assertThat(a.trimmedUpTo()).as("a room's own retention is no gap in the whole history")
                .isEqualTo(Position.START);
    }

    @Test
    void aClosedLogAnswersWithFailedFuturesAndThrowsNothing() {
        EventLog log = log();
        Logged stored = log.append(Events.inGeneral("Ann", "before")).join().logged();
        close(log);
        List<CompletableFuture<?>> answers = List.of(log.append(Events.inGeneral("Ann", "after")),
                log.range(Position.START, stored.position(), EventLog.Scope.ALL, 10),
                log.page("general", null, null, 10), log.message(stored.position()));
        for (CompletableFuture<?> answer : answers) {
            assertThat(answer).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(StoreException.class);
        }
    }
}
