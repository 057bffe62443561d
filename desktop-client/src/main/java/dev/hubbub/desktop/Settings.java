package dev.hubbub.desktop;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * What the app remembers between runs, in {@code desktop.properties} (readable by its owner only): the name, the last
 * server, the token each server gave, so the app signs in there again without asking, and what it had read on each
 * server, so a restart neither counts old messages as new nor forgets what was unread.
 */
public final class Settings {
    private static final String NAME = "name";
    private static final String LAST_SERVER = "lastServer";
    private static final String TOKEN = "token.";
    private static final String READ = "read.";
    private static final String NOTIFY = "notify.";
    private static final String EXPLAINED = "notificationsExplained";
    private static final String DRAFTS = "drafts.";
    private static final String EMOJI_TONE = "emojiTone";
    private static final String RECENT_EMOJI = "recentEmoji";
    private static final String LANGUAGE = "language";

    private final PropertiesFile file;
    private final Properties values;

    public Settings(Path configDir) {
        this.file = new PropertiesFile(configDir.resolve("desktop.properties"), "Hubbub desktop");
        this.values = file.load();
    }

    public synchronized Optional<String> name() {
        return Optional.ofNullable(values.getProperty(NAME));
    }

    public synchronized Optional<String> lastServer() {
        return Optional.ofNullable(values.getProperty(LAST_SERVER));
    }

    /** The token this app was given by a server ({@code host:port}), to sign in there again without asking. */
    public synchronized Optional<String> tokenFor(String hostAndPort) {
        return Optional.ofNullable(values.getProperty(TOKEN + hostAndPort));
    }

    public synchronized void rememberToken(String hostAndPort, String token) {
        values.setProperty(TOKEN + hostAndPort, token);
        file.save(values);
    }

    /** What the app had read on a server ({@code host:port}), as {@link #rememberRead} was given it. */
    public synchronized Optional<String> readOn(String hostAndPort) {
        return Optional.ofNullable(values.getProperty(READ + hostAndPort));
    }

    public synchronized void rememberRead(String hostAndPort, String state) {
        values.setProperty(READ + hostAndPort, state);
        file.save(values);
    }

    public synchronized void remember(String name, String server) {
        values.setProperty(NAME, name);
        if (server != null) {
            values.setProperty(LAST_SERVER, server);
        }
        file.save(values);
    }

    /** How much a place on a server ({@code host:port}) notifies: {@code all}, {@code mentions} or {@code none}. */
    public synchronized Optional<String> notifyLevel(String hostAndPort, String place) {
        return Optional.ofNullable(values.getProperty(NOTIFY + hostAndPort + "." + place));
    }

    /** @param level null for the default (mentions and direct messages) */
    public synchronized void rememberNotifyLevel(String hostAndPort, String place, String level) {
        if (level == null) {
            values.remove(NOTIFY + hostAndPort + "." + place);
        } else {
            values.setProperty(NOTIFY + hostAndPort + "." + place, level);
        }
        file.save(values);
    }

    /** The drafts kept for a server ({@code host:port}): JSON, as {@link #rememberDrafts} was given it. */
    public synchronized Optional<String> draftsOn(String hostAndPort) {
        return Optional.ofNullable(values.getProperty(DRAFTS + hostAndPort));
    }

    /** @param json null to forget them */
    public synchronized void rememberDrafts(String hostAndPort, String json) {
        if (json == null) {
            values.remove(DRAFTS + hostAndPort);
        } else {
            values.setProperty(DRAFTS + hostAndPort, json);
        }
        file.save(values);
    }

    /** The skin tone the person picks emoji in: 0 (none) to 5 (dark). */
    public synchronized int emojiTone() {
        try {
            int tone = Integer.parseInt(values.getProperty(EMOJI_TONE, "0"));
            return tone >= 0 && tone <= 5 ? tone : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public synchronized void rememberEmojiTone(int tone) {
        values.setProperty(EMOJI_TONE, Integer.toString(tone));
        file.save(values);
    }

    /** The emoji the person used last, newest first. */
    public synchronized java.util.List<String> recentEmoji() {
        String kept = values.getProperty(RECENT_EMOJI, "");
        return kept.isEmpty() ? java.util.List.of() : java.util.List.of(kept.split(" "));
    }

    public synchronized void rememberRecentEmoji(java.util.List<String> emoji) {
        values.setProperty(RECENT_EMOJI, String.join(" ", emoji));
        file.save(values);
    }

    /** Whether the app has said, once, that this desktop has no notification area. */
    public synchronized boolean notificationsExplained() {
        return Boolean.parseBoolean(values.getProperty(EXPLAINED));
    }

    public synchronized void rememberNotificationsExplained() {
        values.setProperty(EXPLAINED, "true");
        file.save(values);
    }

    /** The language chosen in the app ("de"), if one was: else the system's is used. */
    public synchronized Optional<String> language() {
        return Optional.ofNullable(values.getProperty(LANGUAGE)).filter(l -> !l.isBlank());
    }

    public synchronized void rememberLanguage(String language) {
        values.setProperty(LANGUAGE, language);
        file.save(values);
    }
}
