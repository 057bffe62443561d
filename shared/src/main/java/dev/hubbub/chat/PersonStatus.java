package dev.hubbub.chat;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Whether a person is at their desk, as they (or their idle client) said: {@code active}, {@code away} or
 * {@code dnd} (do not disturb, until {@code until}), with a short custom text and an emoji of their own. The rules
 * of a status live here, once, for the server that checks what it is given and the clients that draw it.
 *
 * @param state {@value #ACTIVE}, {@value #AWAY} or {@value #DND}
 * @param text a few words of one's own ("at the dentist"), at most {@value #MAX_TEXT} characters; null when none
 * @param emoji one emoji beside it; null when none
 * @param until when a do-not-disturb ends (required with it, and only with it)
 * @param auto an away that the person's client set because they were idle (it sets them active again when they
 *     are back); an away set by hand stays until they change it
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record PersonStatus(String state, String text, String emoji, Instant until, boolean auto) {
    public static final String ACTIVE = "active";
    public static final String AWAY = "away";
    public static final String DND = "dnd";
    private static final Set<String> STATES = Set.of(ACTIVE, AWAY, DND);
    /** The longest custom text, in characters. */
    public static final int MAX_TEXT = 100;
    /** The furthest ahead a do-not-disturb may end. */
    public static final Duration MAX_DND = Duration.ofDays(7);
    /** Someone who never said anything else. */
    public static final PersonStatus PLAIN = new PersonStatus(ACTIVE, null, null, null, false);

    public PersonStatus {
        if (state == null || !STATES.contains(state)) {
            throw new InvalidMessageException(state == null ? Sentence.of("server.statusState") : Sentence.of("server.statusStateNot", "state", state));
        }
        text = text == null || text.isBlank() ? null : text.strip();
        if (text != null) {
            Rules.checkLine("a status's text", text, MAX_TEXT);
        }
        emoji = emoji == null || emoji.isEmpty() ? null : emoji;
        if (emoji != null) {
            Rules.checkEmoji(emoji, "a status's emoji");
        }
        if (DND.equals(state) && until == null) {
            throw new InvalidMessageException(Sentence.of("server.doNotDisturbNeedsAn"));
        }
        if (!DND.equals(state) && until != null) {
            throw new InvalidMessageException(Sentence.of("server.onlyDoNotDisturbHas"));
        }
        if (auto && !AWAY.equals(state)) {
            throw new InvalidMessageException(Sentence.of("server.onlyAwayIsSetAutomatically"));
        }
    }

    /**
     * The status as it stands at {@code now}: a do-not-disturb whose end has passed is active again (keeping its
     * text and emoji).
     */
    public PersonStatus at(Instant now) {
        return DND.equals(state) && !until.isAfter(now) ? new PersonStatus(ACTIVE, text, emoji, null, false) : this;
    }

    /** Whether notifications and sounds are held at {@code now}. */
    public boolean holdsNotificationsAt(Instant now) {
        return DND.equals(at(now).state);
    }

    /** Whether there is nothing to show: active, no text, no emoji. */
    @JsonIgnore
    public boolean isPlain() {
        return ACTIVE.equals(state) && text == null && emoji == null;
    }

    /**
     * Checks a status someone sets at {@code now}: a do-not-disturb ends after now and within {@link #MAX_DND}.
     *
     * @return this
     * @throws InvalidMessageException with a sentence to show them when it does not
     */
    public PersonStatus checkSetAt(Instant now) {
        if (until != null && !until.isAfter(now)) {
            throw new InvalidMessageException(Sentence.of("server.doNotDisturbEndsAfter", "until", until));
        }
        if (until != null && until.isAfter(now.plus(MAX_DND))) {
            throw new InvalidMessageException(Sentence.of("server.doNotDisturbEndsWithin", "days", MAX_DND.toDays()));
        }
        return this;
    }
}
