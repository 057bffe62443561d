package dev.hubbub.sse;

/** A {@link Frame} component that would break the stream's framing; {@link #field()} names it. */
public class InvalidFrameException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidFrameException(String field, String problem) {
        super("SSE field '" + field + "' " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
