package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.Words.t;

import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.Names;
import dev.hubbub.desktop.Settings;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * What tells the reader a message is for them: decides which messages raise a notification, and hands those to the
 * platform's notifier ({@link SystemNotifier}: the system's notification area) or, where the system has none, to the
 * window's own banner. Each place has a level: every message, mentions and direct messages (the default), or
 * nothing (muted: no notification, and its unread count stays out of the window title). FX thread only.
 */
final class Notifications {
    /** A message from before this long ago is history being caught up on, not news. */
    static final Duration FRESH = Duration.ofMinutes(1);

    enum Level {
        ALL, MENTIONS, NONE;

        /** Its words in the conversation's menu: "Notify me of: every message" and so on. */
        String choice() {
            return switch (this) {
                case ALL -> t("app.notify.all");
                case MENTIONS -> t("app.notify.mentions");
                case NONE -> t("app.notify.none");
            };
        }
    }

    /**
     * A notification: who and where, the start of the text, and what to show when it is clicked (in its thread, when
     * {@code thread} names the thread's root).
     */
    record Alert(String title, String body, String place, String messageId, String thread) {
        Alert(String title, String body, String place, String messageId) {
            this(title, body, place, messageId, null);
        }
    }

    /** Shows notifications the platform's way. */
    interface Notifier {
        void show(Alert alert);
    }

    private final Settings settings;
    private final String server;
    private final String myKey;
    private final BooleanSupplier windowFocused;
    private final Map<String, Level> levels = new HashMap<>();
    private Notifier notifier;
    private Runnable levelsChanged = () -> { };
    private BooleanSupplier holding = () -> false;
    private int held;

    /**
     * @param settings where levels are kept between runs; null: nowhere
     * @param server the server's {@code host:port}, which the levels belong to
     */
    Notifications(Settings settings, String server, String me, BooleanSupplier windowFocused, Notifier notifier) {
        this.settings = settings;
        this.server = server;
        this.myKey = Names.key(me);
        this.windowFocused = windowFocused;
        this.notifier = notifier;
    }

    void notifier(Notifier platform) {
        this.notifier = platform;
    }

    /** While {@code whether} says so (the reader's do-not-disturb), nothing is shown: it still counts as unread. */
    void holdWhile(BooleanSupplier whether) {
        holding = whether;
    }

    /** How many notifications were held so far. */
    int held() {
        return held;
    }

    void onLevelsChanged(Runnable action) {
        levelsChanged = action;
    }

    Level level(String place) {
        return levels.computeIfAbsent(place, p -> settings == null ? Level.MENTIONS
                : settings.notifyLevel(server, p).map(v -> Level.valueOf(v.toUpperCase(Locale.ROOT)))
                        .orElse(Level.MENTIONS));
    }

    void level(String place, Level level) {
        levels.put(place, level);
        if (settings != null) {
            settings.rememberNotifyLevel(server, place,
                    level == Level.MENTIONS ? null : level.name().toLowerCase(Locale.ROOT));
        }
        levelsChanged.run();
    }

    /** Whether the window has the reader's eyes (focused). */
    boolean windowFocused() {
        return windowFocused.getAsBoolean();
    }

    boolean isMuted(String place) {
        return level(place) == Level.NONE;
    }

    /** Whether someone else's message is for the reader: to them alone, or mentioning them or everyone. */
    boolean isForMe(ChatMessage message) {
        return message.to() != null || message.mentionsRoom()
                || message.mentions().stream().anyMatch(name -> Names.key(name).equals(myKey));
    }

    /**
     * A message arrived from the stream in {@code place} ({@code label}: "# General"); {@code shown} whether that
     * place is the one the window shows. Raises a notification if the place's level asks for it, the message is
     * news, and the reader is not looking at it already.
     */
    void received(ChatMessage message, String place, String label, boolean shown, Instant now) {
        received(message, place, label, shown, false, now);
    }

    /**
     * A reply in a thread arrived: as {@link #received}, counting as for the reader when they follow the thread
     * ({@code followed}); {@code shown}: the thread is the one the window shows.
     */
    void receivedInThread(ChatMessage message, String place, String label, boolean followed, boolean shown,
                          Instant now) {
        received(message, place, label, shown, followed, now);
    }

    private void received(ChatMessage message, String place, String label, boolean shown, boolean followed,
                          Instant now) {
        if (Names.key(message.author()).equals(myKey) || message.notice()) {
            return;
        }
        Level level = level(place);
        boolean forMe = followed || isForMe(message);
        if (level == Level.NONE || level == Level.MENTIONS && !forMe) {
            return;
        }
        if (message.sentAt().isBefore(now.minus(FRESH)) || shown && windowFocused.getAsBoolean()) {
            return;
        }
        String thread = message.isInThread() ? message.thread().root() : null;
        String title = thread != null ? t("notify.thread", "author", message.author(), "where", label)
                : message.to() != null ? t("notify.direct", "author", message.author())
                : forMe ? t("notify.mentioned", "author", message.author(), "where", label)
                : t("notify.in", "author", message.author(), "where", label);
        if (holding.getAsBoolean()) {
            held++;
            return;
        }
        String text = message.text().isEmpty() && !message.files().isEmpty()
                ? "📎 " + t("announce.files.one") : message.text();
        notifier.show(new Alert(title, text.length() > 140 ? text.substring(0, 140) + "…" : text, place,
                message.id(), thread));
    }
}
