package dev.hubbub.server.store;

import java.time.Instant;
import java.util.List;

/**
 * An event with its place in the log; for a message read from a history page or a search, also what was done to it
 * since ({@code state}; null when read as it was appended).
 */
public record Logged(Position position, LogEvent event, State state) {

    public Logged(Position position, LogEvent event) {
        this(position, event, null);
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
