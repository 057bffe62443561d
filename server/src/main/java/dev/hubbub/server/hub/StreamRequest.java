package dev.hubbub.server.hub;

import java.util.Objects;

/**
 * What a client asked for when it opened a stream.
 *
 * @param view the stream's shape
 * @param name who is connecting, for the online list; null for a stream that does not count as someone online
 * @param lastEventId the last message id the client has, or null for a first connection
 * @param remoteAddress the client's address, for logs
 */
public record StreamRequest(View view, String name, Long lastEventId, String remoteAddress) {
    public StreamRequest {
        Objects.requireNonNull(view, "view");
        if (lastEventId != null && lastEventId < 0) {
            throw new IllegalArgumentException("message ids are not negative: " + lastEventId);
        }
    }
}
