package dev.hubbub.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ChatJsonTest {

    @Test
    void writesAMessageWithAnIsoTimeAndNoNullFields() {
        ChatMessage message = new ChatMessage("e1.7", "general", "Ann", true, "hi \"there\"\n😀",
                Instant.parse("2026-11-24T08:49:33.123Z"), null, null);
        assertThat(ChatJson.write(message)).isEqualTo("{\"id\":\"e1.7\",\"room\":\"general\",\"author\":\"Ann\","
                + "\"verified\":true,\"text\":\"hi \\\"there\\\"\\n😀\",\"sentAt\":\"2026-11-24T08:49:33.123Z\"}");
    }

    @Test
    void aMessageSurvivesTheRoundTrip() {
        ChatMessage message = new ChatMessage("e1.42", "dm:ann:bob", "Bob", true, "line\nline",
                Instant.parse("2026-01-02T03:04:05.678901Z"), "k-1", "Ann");
        assertThat(ChatJson.read(ChatJson.write(message), ChatMessage.class)).isEqualTo(message);
    }

    @Test
    void readsADraftAndIgnoresUnknownProperties() {
        assertThat(ChatJson.read("{\"author\":\"Ann\",\"text\":\"hi\",\"mood\":\"great\"}", Draft.class))
                .isEqualTo(new Draft("Ann", "hi", null, null, null));
        assertThat(ChatJson.read("{\"text\":\"hi\",\"to\":\"Bob\"}", Draft.class).to()).isEqualTo("Bob");
        assertThatThrownBy(() -> ChatJson.read("{\"text\":\"hi\",\"to\":\"Bob\",\"room\":\"x\"}", Draft.class))
                .hasMessage("a message goes to a room or to a person, not both");
    }

    @Test
    void aDraftThatBreaksARuleGivesThatRulesReason() {
        assertThatThrownBy(() -> ChatJson.read("{\"author\":\"Ann\"}", Draft.class))
                .isInstanceOf(InvalidMessageException.class).hasMessage("text is empty");
        assertThatThrownBy(() -> ChatJson.read("{\"author\":\"\",\"text\":\"x\"}", Draft.class))
                .isInstanceOf(InvalidMessageException.class).hasMessage("author is empty");
    }

    @Test
    void malformedJsonGivesAReadableReason() {
        assertThatThrownBy(() -> ChatJson.read("{\"author\":", Draft.class))
                .isInstanceOf(InvalidMessageException.class).hasMessageStartingWith("malformed JSON");
        assertThatThrownBy(() -> ChatJson.read("null", Draft.class))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("null");
        assertThatThrownBy(() -> ChatJson.read("[1,2]", Draft.class))
                .isInstanceOf(InvalidMessageException.class).hasMessageStartingWith("invalid JSON for Draft");
        assertThatThrownBy(() -> ChatJson.read("{\"author\":{\"x\":1},\"text\":\"hi\"}", Draft.class))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("author");
    }
}
