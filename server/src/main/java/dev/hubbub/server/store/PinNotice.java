package dev.hubbub.server.store;

import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.Sentence;
import java.util.Optional;

/**
 * The line a conversation shows when someone pins or unpins a message: who, and the start of its words (none for a
 * message without words). Built once here, for the notice when it is stored and again when an edit or a deletion
 * overwrites the words it quotes ({@link Overwrite}). A value; any thread.
 *
 * @param pinning whether it was pinned (else unpinned)
 * @param name who did it, as shown
 * @param words the start of the message's words, on one line; empty for none
 */
public record PinNotice(boolean pinning, String name, String words) {
    /** How many characters of a message a pin's line quotes. */
    static final int EXCERPT = 60;

    /** The line for pinning or unpinning {@code message} (read with its state). */
    public static PinNotice of(boolean pinning, String name, Logged message) {
        return new PinNotice(pinning, name, excerpt(message.state().text(), !message.event().files().isEmpty()));
    }

    /** The line as a notice's text: a sentence each client says in its own language. */
    public String text() {
        return ChatJson.write(words.isEmpty()
                ? Sentence.of(pinning ? "notice.pinned" : "notice.unpinned", "name", name)
                : Sentence.of(pinning ? "notice.pinnedWords" : "notice.unpinnedWords", "name", name, "words", words));
    }

    /** The pin's line a notice's text says; empty for any other notice. */
    static Optional<PinNotice> in(String text) {
        return Sentence.inNotice(text).filter(said -> said.key().startsWith("notice.pinned")
                || said.key().startsWith("notice.unpinned")).map(said -> new PinNotice(
                said.key().startsWith("notice.pinned"), String.valueOf(said.value("name")),
                said.value("words") == null ? "" : String.valueOf(said.value("words"))));
    }

    /** The same line quoting {@code text} instead (none: a deleted message's). */
    PinNotice quoting(String text) {
        return new PinNotice(pinning, name, excerpt(text, false));
    }

    private static String excerpt(String text, boolean hasFiles) {
        String line = text.replace('\n', ' ');
        if (line.isEmpty()) {
            return hasFiles ? "📎" : "";
        }
        return line.codePointCount(0, line.length()) <= EXCERPT ? line
                : line.substring(0, line.offsetByCodePoints(0, EXCERPT)) + "…";
    }
}
