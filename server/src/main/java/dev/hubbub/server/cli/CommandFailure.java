package dev.hubbub.server.cli;

/** A failure whose message already says everything the user needs; printed as it is. */
final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CommandFailure(String message) {
        super(message);
    }
}
