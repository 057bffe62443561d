package dev.hubbub.server.http;

/**
 * A request refused for who sent it or what it asks: the status to answer, and the sentence saying why. The API's
 * one status-carrying exception: an endpoint throws it while it decides (the route answers it, {@link ChatRoutes}),
 * or fails a future with it ({@link Replies#storeFailure} answers it); a broken rule of a message's
 * ({@link dev.hubbub.chat.InvalidMessageException}) is a 400 the same way.
 */
final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    Refused(int status, String sentence) {
        super(sentence, null, false, false);
        this.status = status;
    }
}
