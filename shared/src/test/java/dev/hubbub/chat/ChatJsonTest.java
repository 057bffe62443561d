package dev.hubbub.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ChatJsonTest {

    @Test
    void writesAMessageWithAnIsoTimeAndNoNullFields() {
        ChatMessage message = new ChatMessage("e1.7", "general", "Ann", true, "hi \"there\"\n😀",
                Instant.parse("2026-11-24T08:49:33.123Z"), null, null, null);
        assertThat(ChatJson.write(message)).isEqualTo("{\"id\":\"e1.7\",\"room\":\"general\",\"author\":\"Ann\","
                + "\"verified\":true,\"text\":\"hi \\\"there\\\"\\n😀\",\"sentAt\":\"2026-11-24T08:49:33.123Z\"}");
    }

    @Test
    void aMessageSurvivesTheRoundTrip() {
        ChatMessage message = new ChatMessage("e1.42", "dm:ann:bob", "Bob", true, "line\nline",
                Instant.parse("2026-01-02T03:04:05.678901Z"), "k-1", "Ann", null);
        assertThat(ChatJson.read(ChatJson.write(message), ChatMessage.class)).isEqualTo(message);
    }

    @Test
    void readsADraftAndIgnoresUnknownProperties() {
        assertThat(ChatJson.read("{\"author\":\"Ann\",\"text\":\"hi\",\"mood\":\"great\"}", Draft.class))
                .isEqualTo(new Draft("Ann", "hi", null, null, null, null));
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

    @Test
    void aMessageWithFilesCarriesTheirCardsAndMayHaveNoText() {
        Attachment plan = new Attachment("f1", "plan.pdf", "application/pdf", 1_234_567, null, null, "/files/f1", null);
        Attachment photo = new Attachment("f2", "cat.jpg", "image/jpeg", 900, 640, 480, "/files/f2",
                "/files/f2/thumbnail");
        ChatMessage message = new ChatMessage("e1.9", "general", "Ann", true, "", Instant.parse("2026-11-24T08:49:33Z"),
                null, null, java.util.List.of(plan, photo));
        String json = ChatJson.write(message);
        assertThat(json).contains("\"text\":\"\"").contains("\"files\":[{\"id\":\"f1\",\"name\":\"plan.pdf\"")
                .contains("\"thumbnail\":\"/files/f2/thumbnail\"").doesNotContain("\"image\"");
        assertThat(ChatJson.read(json, ChatMessage.class)).isEqualTo(message);
        assertThat(message.displayLine()).isEqualTo("Ann: \uD83D\uDCCE plan.pdf (1.2 MB)\n\uD83D\uDCCE cat.jpg (900 B)");
        assertThat(new ChatMessage("e1.9", "general", "Ann", true, "the plan", Instant.EPOCH, null, null,
                java.util.List.of(plan)).displayLine()).isEqualTo("Ann: the plan\n\uD83D\uDCCE plan.pdf (1.2 MB)");
    }

    @Test
    void aDraftMayCarryFilesWithoutText() {
        Draft draft = ChatJson.read("{\"files\":[\"abc_-1\"]}", Draft.class);
        assertThat(draft.files()).containsExactly("abc_-1");
        assertThat(draft.text()).isEmpty();
        assertThatThrownBy(() -> ChatJson.read("{\"text\":\" \",\"files\":[\"abc\"]}", Draft.class))
                .hasMessage("text is blank");
        assertThatThrownBy(() -> ChatJson.read("{\"files\":[\"../etc\"]}", Draft.class))
                .hasMessage("files must be ids that POST /files gave");
        assertThatThrownBy(() -> ChatJson.read("{\"files\":[]}", Draft.class)).hasMessage("text is empty");
        assertThat(ChatJson.write(Draft.of("Ann", "hi"))).doesNotContain("files");
    }
}
