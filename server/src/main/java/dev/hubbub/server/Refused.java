package dev.hubbub.server;

import dev.hubbub.chat.Sentence;
import java.util.Optional;

/**
 * A request refused for who sent it or what it asks: the HTTP status to answer, and the sentence saying why. The
 * API's one status-carrying exception: an endpoint (or the file store, for an upload) throws it while it decides
 * and the route answers it, or fails a future with it and the reply answers it; a broken rule of a message's
 * ({@link dev.hubbub.chat.InvalidMessageException}) is a 400 the same way. Its message is the sentence in English;
 * the answer says it in the asker's language.
 */
public final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final transient Sentence sentence;

    public Refused(int status, String sentence) {
        super(sentence, null, false, false);
        this.status = status;
        this.sentence = null;
    }

    public Refused(int status, Sentence sentence) {
        super(sentence.english(), null, false, false);
        this.status = status;
        this.sentence = sentence;
    }

    public int status() {
        return status;
    }

    /** The reason as a sentence of the catalogs, when it was made from one. */
    public Optional<Sentence> sentence() {
        return Optional.ofNullable(sentence);
    }
}
