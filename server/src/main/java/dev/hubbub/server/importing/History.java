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
 * @param skipped what the export holds that is not imported, and why, for the summary (direct messages, joins…)
 */
record History(String source, List<Channel> channels, int skipped) {

    /**
     * A channel and its posts, oldest first; {@code general} when it is the source's room everyone is in.
     *
     * @param key the channel's key in the source (for client ids)
     */
    record Channel(String key, String name, boolean general, String topic, Instant created, List<Post> posts) {
    }

    /**
     * A message.
     *
     * @param id its id in the source (for client ids, and for replies to name their root)
     * @param root the id of the message whose thread it replies in; null for none
     * @param reactions emoji by their short names ("+1", "thumbsup"), each with who reacted (their names)
     */
    record Post(String id, String author, Instant at, String text, String root, List<Reaction> reactions,
                List<File> files) {
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
