package dev.hubbub.server.hub;

/** An open stream, as the transport that opened it sees it. */
public interface Subscription {
    /** The transport noticed the client is gone, or failed: stop writing and forget the stream. Idempotent. */
    void cancel(Throwable reason);
}
