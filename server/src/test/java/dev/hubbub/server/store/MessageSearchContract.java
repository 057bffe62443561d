package dev.hubbub.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hubbub.chat.Attachment;
import dev.hubbub.chat.Mentions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MessageSearch} does, whatever store it searches: a message is found by its words and by the
 * names of its files, only by whom may read it, once however many ways it matches; an edit keeps its files findable,
 * a deletion takes both away. Run against each store (SqliteContractsTest, RedisContractsTest). A tailed index may
 * be a moment behind the log: each search is waited for, within a deadline.
 */
abstract class MessageSearchContract {
    private static final Duration WAIT = Duration.ofSeconds(10);

    abstract Store store();

    private static Attachment file(String id, String name) {
        return new Attachment(id, name, "application/pdf", 1000, null, null, "/files/" + id, null);
    }

    private List<String> found(Store store, String query, String personKey) {
        return store.search().search(query, personKey, null, 10).join().stream()
                .map(l -> l.state().text() + l.event().files().stream().map(f -> " [" + f.name() + "]")
                        .reduce("", String::concat)).toList();
    }

    private void eventually(Store store, String query, String personKey, List<String> expected) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(found(store, query, personKey)).as(query + " by "
                + personKey).containsExactlyElementsOf(expected));
    }

    @Test
    void filesAreFoundByTheirNamesOnlyWhereTheSearcherMayReadAndOnce() {
        Store store = store();
        EventLog log = store.events();
        log.append(LogEvent.Message.inRoom("general", "Ann", "ann", true, "the plan, as promised", Instant.now(),
                null, List.of(file("f1", "roadmap-2027.pdf")), Mentions.Found.NONE)).join();
        Logged secret = log.append(LogEvent.Message.direct(Conversations.direct("ann", "bob"), "Ann", "ann", "",
                Instant.now(), null, "Bob", "bob", List.of(file("f2", "salary review.pdf")), Mentions.Found.NONE))
                .join().logged();
        Logged cys = log.append(LogEvent.Message.inRoom("general", "Cy", "cy", true, "the roadmap is out",
                Instant.now(), null, List.of(file("f3", "roadmap.png")), Mentions.Found.NONE)).join().logged();

        eventually(store, "roadmap", "dana", List.of("the roadmap is out [roadmap.png]",
                "the plan, as promised [roadmap-2027.pdf]"));
        eventually(store, "salary", "bob", List.of(" [salary review.pdf]"));
        eventually(store, "salary", "dana", List.of());
        eventually(store, "2027", "dana", List.of("the plan, as promised [roadmap-2027.pdf]"));

        // An edit changes the words, not the files; a deletion takes both away.
        log.append(new LogEvent.Edit("general", "Cy", "cy", "out now", Instant.now(), null, null, null,
                cys.position())).join();
        eventually(store, "png", "dana", List.of("out now [roadmap.png]"));
        log.append(new LogEvent.Delete(secret.event().conversation(), "Ann", "ann", "", Instant.now(), "Bob", "bob",
                secret.position())).join();
        eventually(store, "salary", "bob", List.of());
    }
}
