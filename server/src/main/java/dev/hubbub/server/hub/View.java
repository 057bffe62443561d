package dev.hubbub.server.hub;

/** The two shapes of the room's stream; each has a log of its own, encoded once for all its subscribers. */
public enum View {
    /**
     * What a tutorial client expects: {@code chat} events whose data is the line {@code author: text}, with the
     * message id as the event id. Nothing else but keep-alive comments.
     */
    PLAIN,
    /**
     * For Hubbub's own clients: {@code hello}, then {@code presence}, then {@code chat} events whose data is the
     * message as JSON, {@code join} and {@code leave}, and {@code gap} when history could not be replayed whole.
     */
    JSON
}
