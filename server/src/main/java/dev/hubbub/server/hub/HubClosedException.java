package dev.hubbub.server.hub;

/** The server is shutting down and takes no more messages or streams. */
public class HubClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public HubClosedException() {
        super("the server is shutting down");
    }
}
