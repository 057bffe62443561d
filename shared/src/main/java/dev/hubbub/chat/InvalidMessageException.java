package dev.hubbub.chat;

/** A message that cannot be accepted; the message text is a reason a person can read. */
public class InvalidMessageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidMessageException(String reason) {
        super(reason);
    }
}
