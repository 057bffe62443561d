package dev.hubbub.chat;

import java.util.Optional;

/**
 * A message that cannot be accepted; the message text is a reason a person can read (in English), and the sentence
 * it was made from, where there is one, says it in the reader's language.
 */
public class InvalidMessageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final transient Sentence sentence;

    public InvalidMessageException(String reason) {
        super(reason);
        this.sentence = null;
    }

    public InvalidMessageException(Sentence reason) {
        super(reason.english());
        this.sentence = reason;
    }

    /** The reason as a sentence of the catalogs, when it was made from one. */
    public Optional<Sentence> sentence() {
        return Optional.ofNullable(sentence);
    }
}
