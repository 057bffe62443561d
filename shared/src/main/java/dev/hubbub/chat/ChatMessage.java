package dev.hubbub.chat;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * A message the server stored, as the structured stream and history pages carry it.
 *
 * @param id its place in the server's history: opaque (compare it with nothing, do no arithmetic on it), and the SSE
 *     event id, so it is what {@code Last-Event-ID} names; it carries the history's epoch
 * @param room the conversation it belongs to: a room's id ({@code general}, {@code design}), or a direct message's
 *     ({@code dm:ann:bob})
 * @param author who sent it
 * @param verified whether the author was signed in as that name; false for a tutorial client's post under a name
 *     nobody has claimed
 * @param text what they said (line breaks are LF)
 * @param sentAt when the server accepted it
 * @param clientId the sender's idempotency key, when it gave one
 * @param to for a direct message, the name it was sent to; null in a room
 * @param files the files it carries, in the order sent; empty when none (then left out of the JSON); with files the
 *     text may be empty
 * @param mentions the people its text mentions ({@code @Ann}), as they spell their names; left out when none
 * @param mentionsRoom whether it mentions everyone in its conversation ({@code @room}); left out when not
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatMessage(String id, String room, String author, boolean verified, String text,
                          java.time.Instant sentAt, String clientId, String to,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Attachment> files,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> mentions,
                          @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean mentionsRoom) {
    public ChatMessage {
        if (id == null || id.isEmpty()) {
            throw new InvalidMessageException("a message needs its id");
        }
        if (room == null || room.isEmpty()) {
            throw new InvalidMessageException("a message needs its room");
        }
        Rules.checkAuthor(author);
        files = files == null ? List.of() : List.copyOf(files);
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
        if (text == null && !files.isEmpty()) {
            text = "";
        }
        Rules.checkText(text, !files.isEmpty());
        Objects.requireNonNull(sentAt, "sentAt");
    }

    /** A message without files or mentions. */
    public ChatMessage(String id, String room, String author, boolean verified, String text, java.time.Instant sentAt,
                       String clientId, String to, List<Attachment> files) {
        this(id, room, author, verified, text, sentAt, clientId, to, files, List.of(), false);
    }

    /** Whether it is a direct message between two people, rather than a message in a room. */
    @JsonIgnore
    public boolean isDirect() {
        return to != null;
    }

    /**
     * The line a tutorial client shows: {@code author: text}, and under it a line {@code 📎 name (size)} for each file
     * (those clients cannot show files; this tells their readers one was sent).
     */
    public String displayLine() {
        StringBuilder line = new StringBuilder(author).append(": ").append(text);
        for (Attachment file : files) {
            if (line.charAt(line.length() - 1) != ' ') {
                line.append('\n');
            }
            line.append("\uD83D\uDCCE ").append(file.describe());
        }
        return line.toString();
    }
}
