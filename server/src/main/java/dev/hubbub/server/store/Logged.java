package dev.hubbub.server.store;

import java.time.Instant;
import java.util.List;

/**
 * An event with its place in the log.
 *
 * @param state for a message read from a history page or a search, what was done to it since; null when read as it
 *     was appended
 * @param changed for an action ({@link LogEvent.Kind#isAction}), the message it acted on as it stood right after it
 *     (with its {@code state}), which the store works out in the step that stores the action; null for other events,
 *     and for an action on a message the store no longer kept
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
     */
    public record State(String text, dev.hubbub.chat.Mentions.Found mentions, Instant editedAt, boolean deleted,
                        List<Reaction> reactions, String removedBy) {
        public State {
            reactions = List.copyOf(reactions);
        }
    }

    /** One emoji under a message and the names of those who reacted with it. */
    public record Reaction(String emoji, List<String> names) {
        public Reaction {
            names = List.copyOf(names);
        }
    }
}
