package dev.hubbub.server.store;

/**
 * The store cannot be reached (a shared store's server is down or unreachable): nothing was stored, and trying again
 * later may work. Answered 503 with {@code Retry-After}, unlike a store that refused what it was given.
 */
public class StoreUnavailableException extends StoreException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
