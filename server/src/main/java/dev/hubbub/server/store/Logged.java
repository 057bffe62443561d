package dev.hubbub.server.store;

import java.time.Instant;
import java.util.List;

/**
 * An event with its place in the log.
 *
 * @param state for a message read from a history page or a search, what was done to it since; null when read as it
 *     was appended
 * @param changed for an action ({@link LogEvent.Kind#isAction}), the message it acted on as it stood right after it
 *     (with its {@code state}), which the store works out in the step that stores the action; for a message in a
 *     thread, the thread's root as it stood right after it (with its {@link State#replies}); null for other events,
 *     and when the store no longer kept that message
 */
public record Logged(Position position, LogEvent event, State state, Logged changed) {

    public Logged(Position position, LogEvent event) {
        this(position, event, null, null);
    }

    public Logged(Position position, LogEvent event, State state) {
        this(position, event, state, null);
    }

    /** The same event, with the message it changed. */
    public Logged withChanged(Logged message) {
        return new Logged(position, event, state, message);
    }

    /**
     * A message as it stands after the actions on it.
     *
     * @param text its text now (the edited one, when edited)
     * @param mentions who that text mentions
     * @param editedAt when it was last edited; null when never
     * @param deleted whether its author deleted it
     * @param reactions its reactions, each emoji in the order first used, with who used it in order
     * @param removedBy the host who removed it, when it was not its author; else null
     * @param replies when it is the root of a thread, what the thread holds; null when nobody replied in a thread
     * @param pinned who pinned it to its conversation and when; null when it is not pinned
     */
    public record State(String text, dev.hubbub.chat.Mentions.Found mentions, Instant editedAt, boolean deleted,
                        List<Reaction> reactions, String removedBy, Replies replies, Pinned pinned) {
        public State {
            reactions = List.copyOf(reactions);
        }

        /** A message not pinned. */
        public State(String text, dev.hubbub.chat.Mentions.Found mentions, Instant editedAt, boolean deleted,
                     List<Reaction> reactions, String removedBy, Replies replies) {
            this(text, mentions, editedAt, deleted, reactions, removedBy, replies, null);
        }

        /** A message nobody replied to in a thread, not pinned. */
        public State(String text, dev.hubbub.chat.Mentions.Found mentions, Instant editedAt, boolean deleted,
                     List<Reaction> reactions, String removedBy) {
            this(text, mentions, editedAt, deleted, reactions, removedBy, null, null);
        }
    }

    /** Who pinned a message (the name they had then), and when. */
    public record Pinned(String by, Instant at) {
    }

    /**
     * A thread as its root shows it: how many replies it has had (a deleted reply stays, as a placeholder, so it
     * counts), when the newest was sent, and the first {@value #PEOPLE} people who replied, in the order they
     * first did, by the names they had then.
     */
    public record Replies(int count, Instant lastAt, List<String> people) {
        /** How many of the people who replied a summary names. */
        public static final int PEOPLE = 5;

        public Replies {
            people = List.copyOf(people);
        }
    }

    /** One emoji under a message and the names of those who reacted with it. */
    public record Reaction(String emoji, List<String> names) {
        public Reaction {
            names = List.copyOf(names);
        }
    }
}
