package dev.hubbub.server.importing;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;

/**
 * Another chat's history, as read from its export, before it is stored here: the same few facts whatever the source
 * (Slack, Mattermost), so that storing it ({@link Importer}) is written once.
 *
 * @param source a word for the source, in the client ids of what is stored ("slack", "mattermost"), so an import run
 *     twice stores each message once
 * @param report what reading left out so far, and why; storing adds to it
 */
record History(String source, List<Channel> channels, Report report) {

    /** Where a channel's posts go: General, a room, or a direct conversation between its two members. */
    enum Kind { GENERAL, ROOM, DIRECT }

    /**
     * A channel and its posts, oldest first.
     *
     * @param key the channel's key in the source (for client ids)
     * @param members for a direct conversation, its two people (their names); empty otherwise
     */
    record Channel(String key, String name, Kind kind, List<String> members, String topic, Instant created,
                   List<Post> posts) {
    }

    /**
     * A message.
     *
     * @param id its id in the source, unique in its channel (for client ids, and for replies to name their root)
     * @param app whether an app wrote it (a bot, an integration), not a person
     * @param root the id of the message whose thread it replies in; null for none
     * @param reactions emoji by their short names ("+1", "thumbsup"), each with who reacted (their names)
     */
    record Post(String id, String author, boolean app, Instant at, String text, String root, List<Reaction> reactions,
                List<File> files) {
        /** More than a message may hold is never kept in memory: {@link Importer} shortens it further and says so. */
        static final int MOST_KEPT_CHARS = 4 * dev.hubbub.chat.Draft.MAX_TEXT;

        Post {
            if (text.length() > MOST_KEPT_CHARS) {
                text = text.substring(0, MOST_KEPT_CHARS);
            }
        }
    }

    record Reaction(String shortcode, List<String> people) {
    }

    /** A file of a post: its name and type, and its bytes when the export holds them (null when it does not). */
    record File(String name, String type, long size, Bytes bytes) {
    }

    /** A file's bytes, opened when stored. */
    @FunctionalInterface
    interface Bytes {
        InputStream open() throws IOException;
    }
}
