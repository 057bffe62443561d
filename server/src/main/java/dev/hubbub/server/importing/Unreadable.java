package dev.hubbub.server.importing;

import dev.hubbub.chat.Sentence;
import java.io.IOException;

/** An export that cannot be imported, and why, as a sentence of the catalogs. Thrown on the importing thread. */
public final class Unreadable extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Sentence reason;

    Unreadable(Sentence reason) {
        super(reason.english());
        this.reason = reason;
    }

    Unreadable(Sentence reason, Throwable cause) {
        super(reason.english(), cause);
        this.reason = reason;
    }

    public Sentence reason() {
        return reason;
    }
}
