package dev.hubbub.server.hub;

import java.util.Objects;

/**
 * What a client asked for when it opened a stream.
 *
 * @param view the stream's shape
 * @param room for the tutorial view, the room whose messages it carries; ignored for the structured view
 * @param personKey the name key the stream is signed in as, so it carries that person's direct messages; null for a
 *     stream that is not signed in
 * @param onlineName who to count as online while the stream is open; null for none
 * @param lastEventId the last event id the client has, as it sent it; null for a first connection
 * @param remoteAddress the client's address, for logs
 * @param host whether the person is a host of the room (the stream's {@code hello} says so)
 */
public record StreamRequest(View view, String room, String personKey, String onlineName, String lastEventId,
                            String remoteAddress, boolean host) {
    public StreamRequest {
        Objects.requireNonNull(view, "view");
        if (view == View.PLAIN) {
            Objects.requireNonNull(room, "a tutorial stream is one room's");
        }
    }

    public StreamRequest(View view, String room, String personKey, String onlineName, String lastEventId,
                         String remoteAddress) {
        this(view, room, personKey, onlineName, lastEventId, remoteAddress, false);
    }
}
