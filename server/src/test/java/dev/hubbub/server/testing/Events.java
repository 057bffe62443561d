package dev.hubbub.server.testing;

import dev.hubbub.chat.Names;
import dev.hubbub.server.hub.Hub;
import dev.hubbub.server.store.Conversations;
import dev.hubbub.server.store.EventLog;
import dev.hubbub.server.store.LogEvent;
import java.time.Instant;

/** Events as tests make them, and a way to store them through the hub the way a post does. */
public final class Events {
    private Events() {
    }

    /** A message in a room, by someone not signed in. */
    public static LogEvent.Message inRoom(String room, String author, String text) {
        return LogEvent.Message.inRoom(room, author, Names.key(author), false, text, Instant.now(), null, null, null);
    }

    public static LogEvent.Message inGeneral(String author, String text) {
        return inRoom(Conversations.GENERAL, author, text);
    }

    /** A direct message from one signed-in person to another. */
    public static LogEvent.Message direct(String from, String to, String text) {
        return LogEvent.Message.direct(Conversations.direct(Names.key(from), Names.key(to)), from, Names.key(from),
                text, Instant.now(), null, to, Names.key(to), null, null);
    }

    /** Stores an event through the hub and waits until it is stored. */
    public static EventLog.Appended post(Hub hub, LogEvent event) {
        return hub.append(event).join();
    }

    public static EventLog.Appended say(Hub hub, String author, String text) {
        return post(hub, inGeneral(author, text));
    }
}
