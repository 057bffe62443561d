package dev.hubbub.server.hub;

/** The room is shutting down and takes no more messages or streams. */
public class RoomClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public RoomClosedException() {
        super("the room is shutting down");
    }
}
