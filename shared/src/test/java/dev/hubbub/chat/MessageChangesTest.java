package dev.hubbub.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageChangesTest {
    private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");
    private final ChatMessage message = new ChatMessage("t.1", "general", "Ann", true, "helo @Bob", AT, null, null,
            List.of(), List.of("Bob"), false);

    private static StreamEvents.ReactionChange react(String name, String emoji, boolean added) {
        return new StreamEvents.ReactionChange("t.9", "t.1", "general", name, emoji, added);
    }

    @Test
    void anEditReplacesTheTextAndItsMentionsAndMarksTheTime() {
        ChatMessage edited = MessageChanges.apply(message, new StreamEvents.Edit("t.2", "t.1", "general",
                "hello @room", AT.plusSeconds(5), List.of(), true));
        assertThat(edited.text()).isEqualTo("hello @room");
        assertThat(edited.mentions()).isEmpty();
        assertThat(edited.mentionsRoom()).isTrue();
        assertThat(edited.editedAt()).isEqualTo(AT.plusSeconds(5));
        assertThat(new StreamEvents.Deletion("t.3", "t.1", "general", AT).target()).isEqualTo("t.1");
    }

    @Test
    void reactionsAreSetsInTheOrderFirstUsedAndADeletionIsFinal() {
        ChatMessage m = message;
        for (StreamEvents.Change change : List.<StreamEvents.Change>of(react("Bob", "👍", true), react("Cy", "🎉", true), react("Cy", "👍", true),
                react("Bob", "👍", true), react("Dee", "🎉", false), react("Cy", "🎉", false))) {
            m = MessageChanges.apply(m, change);
        }
        assertThat(m.reactions()).containsExactly(new ChatMessage.Reactions("👍", List.of("Bob", "Cy")));
        ChatMessage deleted = MessageChanges.apply(m, new StreamEvents.Deletion("t.4", "t.1", "general", AT));
        assertThat(deleted.deleted()).isTrue();
        assertThat(deleted.text()).isEmpty();
        assertThat(deleted.reactions()).isEmpty();
        assertThat(MessageChanges.apply(deleted, react("Bob", "👍", true))).isSameAs(deleted);
        assertThat(MessageChanges.apply(deleted, new StreamEvents.Edit("t.5", "t.1", "general", "back", AT, null,
                false)).deleted()).isTrue();
    }
}
