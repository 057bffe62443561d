package dev.hubbub.sse;

import java.io.IOException;

/** The peer sent an event stream that this parser refuses to hold, such as a line longer than its limit. */
public class EventStreamException extends IOException {
    private static final long serialVersionUID = 1L;

    public EventStreamException(String message) {
        super(message);
    }
}
