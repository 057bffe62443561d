package dev.hubbub.server.cli;

/**
 * A failure whose message already says everything the user needs; printed as it is, in the machine's language when it
 * is a sentence of the catalogs (its message is the English).
 */
final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient dev.hubbub.chat.Sentence sentence;

    CommandFailure(String message) {
        super(message);
        this.sentence = null;
    }

    CommandFailure(dev.hubbub.chat.Sentence sentence) {
        super(sentence.english());
        this.sentence = sentence;
    }

    /** What to print: the sentence in the machine's language, else the message. */
    String said() {
        return sentence == null ? getMessage() : Hubbub.words().say(sentence);
    }
}
