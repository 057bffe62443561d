package dev.hubbub.server;

/**
 * A request refused for who sent it or what it asks: the HTTP status to answer, and the sentence saying why. The
 * API's one status-carrying exception: an endpoint (or the file store, for an upload) throws it while it decides
 * and the route answers it, or fails a future with it and the reply answers it; a broken rule of a message's
 * ({@link dev.hubbub.chat.InvalidMessageException}) is a 400 the same way.
 */
public final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public Refused(int status, String sentence) {
        super(sentence, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
