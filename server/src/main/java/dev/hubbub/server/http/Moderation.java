package dev.hubbub.server.http;

import dev.hubbub.server.store.Directory;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.eclipse.jetty.http.HttpStatus;

/** What the host's mute means to the requests a person makes besides posting (edits, reactions, typing, files). */
final class Moderation {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());

    private Moderation() {
    }

    /** A time as the server says it in a sentence ("14:05", the server's time zone). */
    static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** Refuses (403, with until when) a person the host muted. */
    static void refuseIfMuted(Directory directory, Directory.Identity who, Instant now) {
        directory.mutedUntil(who.key(), now).ifPresent(until -> {
            throw new Refused(HttpStatus.FORBIDDEN_403, "the host muted " + who.name() + " until " + time(until));
        });
    }
}
