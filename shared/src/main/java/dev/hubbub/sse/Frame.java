package dev.hubbub.sse;

/**
 * One frame of an event stream as a server sends it. Every component is optional ({@code null} leaves the field
 * out). {@link FrameWriter} turns a frame into bytes.
 *
 * <p>Data and comments may contain any characters: line breaks split them over several lines. The id and the event
 * type go on one line each, so a value that would end that line, and so let a client inject a field of its own, is
 * refused when the frame is built: CR or LF in either, and NUL in the id (a parser would ignore such an id).
 *
 * @param comment a comment, for example a keep-alive
 * @param retry the reconnection time in milliseconds, not negative
 * @param id the event id
 * @param event the event type; parsers take a missing one as {@code "message"}
 * @param data the event's data
 */
public record Frame(String comment, Long retry, String id, String event, String data) {

    public Frame {
        if (retry != null && retry < 0) {
            throw new InvalidFrameException("retry", "must not be negative, got " + retry);
        }
        if (id != null) {
            rejectLineBreaks("id", id);
            if (id.indexOf('\0') >= 0) {
                throw new InvalidFrameException("id", "must not contain NUL");
            }
        }
        if (event != null) {
            rejectLineBreaks("event", event);
        }
    }

    /** An event of the given type carrying {@code data}. */
    public static Frame event(String event, String data) {
        return new Frame(null, null, null, event, data);
    }

    /** An event of the default type {@code message}. */
    public static Frame message(String data) {
        return event(null, data);
    }

    public static Frame comment(String comment) {
        return new Frame(comment, null, null, null, null);
    }

    public static Frame retry(long millis) {
        return new Frame(null, millis, null, null, null);
    }

    public Frame withId(String newId) {
        return new Frame(comment, retry, newId, event, data);
    }

    public Frame withId(long newId) {
        return withId(Long.toString(newId));
    }

    public Frame withRetry(long millis) {
        return new Frame(comment, millis, id, event, data);
    }

    public Frame withComment(String newComment) {
        return new Frame(newComment, retry, id, event, data);
    }

    /** Whether a parser dispatches (or at least ends) an event for this frame, so it needs a closing empty line. */
    boolean endsWithBlankLine() {
        return id != null || event != null || data != null;
    }

    private static void rejectLineBreaks(String field, String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new InvalidFrameException(field, "must not contain CR or LF");
        }
    }
}
