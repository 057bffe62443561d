package dev.hubbub.sse;

import java.util.Objects;

/**
 * One dispatched event, as an {@code EventSource} would hand it to a page.
 *
 * @param type the event type; {@code "message"} when the stream named none
 * @param data the data lines joined with LF, without the final LF
 * @param lastEventId the stream's last event ID at the time of dispatch (empty when none was ever set)
 */
public record ServerSentEvent(String type, String data, String lastEventId) {
    public ServerSentEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(lastEventId, "lastEventId");
    }
}
