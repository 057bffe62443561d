package dev.hubbub.server.http;

/** A request refused for who sent it or what it asks: the status to answer, and the sentence saying why. */
final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    Refused(int status, String sentence) {
        super(sentence, null, false, false);
        this.status = status;
    }
}
