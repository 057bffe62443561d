package dev.hubbub.server.store;

import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.Mentions;
import java.util.List;

/**
 * What an edit or a deletion does to every stored event that keeps a message's words: the message itself, the earlier
 * actions on it (each keeps the message as it stood right after), the replies that quote it, the lines that say it was
 * pinned ({@link PinNotice}), and the replies in its thread (each keeps its root). An edit leaves its new words in all of them; a deletion leaves none, with no files, and
 * takes the earlier actions on the message away (an earlier edit holds old words, a reaction says what the deletion
 * took). The one place that decides this: both stores rewrite what they keep with it, and the hub what it keeps
 * encoded in memory.
 *
 * <p>A value; any thread.
 *
 * @param action the edit or the deletion
 * @param now the message as the action leaves it: its new words, or none
 */
public record Overwrite(LogEvent action, LogEvent.Message now) {

    /**
     * What {@code action} (an {@code EDIT} or a {@code DELETE}, with the message it changed) overwrites; null for any
     * other event, for an edit of a deleted message, or when the store kept no message to change.
     */
    public static Overwrite of(Logged action) {
        Logged changed = action.changed();
        boolean deletedBefore = changed != null && changed.state() != null && changed.state().deleted()
                && action.event().kind() == LogEvent.Kind.EDIT;
        return changed == null || deletedBefore ? null : of(action.event(), changed.event());
    }

    /**
     * What {@code action} does to the words of {@code message} (as stored before it, not deleted); null when
     * {@code action} is neither an edit nor a deletion, or {@code message} is no message.
     */
    static Overwrite of(LogEvent action, LogEvent message) {
        if (action.kind() != LogEvent.Kind.EDIT && action.kind() != LogEvent.Kind.DELETE
                || !(message instanceof LogEvent.Message sent)) {
            return null;
        }
        return new Overwrite(action, action.kind() == LogEvent.Kind.DELETE
                ? sent.withWords("", List.of(), Mentions.Found.NONE)
                : sent.withWords(action.text(), sent.files(), action.mentions()));
    }

    /**
     * Whether {@code event} is a message a deletion left nothing of (as a store keeps it, read as it was appended): no
     * other message is without both words and files.
     */
    public static boolean leftNothingOf(LogEvent event) {
        return event.kind() == LogEvent.Kind.MESSAGE && event.text().isEmpty() && event.files().isEmpty();
    }

    /** The message's position. */
    public Position message() {
        return action.target();
    }

    /** Whether the action deleted the message. */
    public boolean deleted() {
        return action.kind() == LogEvent.Kind.DELETE;
    }

    /** Whether {@code logged} keeps the message's words, so that {@link #apply} changes it. */
    public boolean touches(Logged logged) {
        LogEvent event = logged.event();
        return logged.position().equals(message()) && event.kind() == LogEvent.Kind.MESSAGE
                || message().equals(event.target()) || message().equals(event.thread());
    }

    /**
     * A stored event as it reads after the action: {@code logged} itself when it does not keep the message's words;
     * null when it goes (an earlier action on a deleted message, an earlier edit of an edited one). Only for events
     * stored before the action.
     */
    public Logged apply(Logged logged) {
        if (!touches(logged)) {
            return logged;
        }
        LogEvent event = logged.event();
        if (event.kind().isAction()) {
            return deleted() || event.kind() == LogEvent.Kind.EDIT ? null
                    : logged.withChanged(restated(logged.changed()));
        }
        if (logged.position().equals(message())) {
            return new Logged(logged.position(), now, restatedState(logged.state()), logged.changed());
        }
        if (event instanceof LogEvent.Notice notice) {
            return PinNotice.in(notice.text()).map(line -> new Logged(logged.position(),
                    notice.saying(line.quoting(deleted() ? "" : now.text()).text()), logged.state(),
                    logged.changed())).orElse(logged);
        }
        Logged result = logged;
        if (message().equals(event.target()) && event.quote() != null && event instanceof LogEvent.Message reply) {
            result = new Logged(logged.position(), reply.answering(message(), quoteOf(event.quote())), logged.state(),
                    logged.changed());
        }
        if (message().equals(event.thread())) {
            result = result.withChanged(restated(result.changed()));
        }
        return result;
    }

    /** What a reply keeps of the message: who wrote it, and the start of its words now (none once deleted). */
    public LogEvent.Quote quoteOf(LogEvent.Quote kept) {
        return new LogEvent.Quote(kept.author(), deleted() ? "" : ChatMessage.Quote.excerpt(now.text()));
    }

    /** The message as an earlier event kept it, with the words it has now; what else it kept stays. */
    private Logged restated(Logged kept) {
        return kept == null ? null : new Logged(kept.position(), now, restatedState(kept.state()), kept.changed());
    }

    private Logged.State restatedState(Logged.State kept) {
        if (kept == null) {
            return null;
        }
        return deleted()
                ? new Logged.State("", Mentions.Found.NONE, null, true, List.of(),
                        LogEvent.REMOVED.equals(action.text()) ? action.author() : null, kept.replies(), null)
                : new Logged.State(action.text(), action.mentions(), action.at(), kept.deleted(), kept.reactions(),
                        kept.removedBy(), kept.replies(), kept.pinned());
    }
}
