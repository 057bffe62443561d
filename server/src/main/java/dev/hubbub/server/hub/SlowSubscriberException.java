package dev.hubbub.server.hub;

import java.io.IOException;

/** Why a subscriber was cut off: it fell further behind the room than its bound allows. */
final class SlowSubscriberException extends IOException {
    private static final long serialVersionUID = 1L;

    SlowSubscriberException(long lagBytes, long maxLagBytes) {
        super("subscriber fell " + lagBytes + " bytes behind the room (limit " + maxLagBytes
                + "); it will catch up from history when it reconnects");
    }
}
