package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.Words.t;

import dev.hubbub.chat.Names;
import dev.hubbub.chat.PersonStatus;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.desktop.net.Calls;
import dev.hubbub.desktop.net.RoomApi;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Statuses, as the app keeps and sets them: others' asked for ({@code GET /statuses}) when the stream (re)starts
 * and heard of after ({@code status} events), kept in {@link People}; the reader's own set by hand
 * ({@code PUT /profile/status}), and set away by itself after {@link #IDLE} without input in the window, and active
 * again at the next input (an away set by hand stays). While the reader's do-not-disturb lasts, notifications are
 * held ({@link #holdingNotifications}).
 *
 * <p>FX thread only.
 */
final class Statuses {
    /** Without a key, click, scroll or touch in the window for this long, the reader is away. */
    static final Duration IDLE = Duration.ofMinutes(10);

    private final String me;
    private final RoomApi api;
    private final UiQueue ui;
    private final People people;
    private final Supplier<Collection<String>> directs;
    private Consumer<String> tell = reason -> { };
    private Instant lastInput = Instant.now();
    /** The input time an automatic away was sent for: one per idle stretch, whatever other devices answer. */
    private Instant awayFor;
    private boolean comingBack;

    /**
     * @param api null on a server without names (nothing to set, nobody's status to ask)
     * @param directs the names of the reader's direct conversations' people, whose statuses matter though offline
     */
    Statuses(String me, RoomApi api, UiQueue ui, People people, Supplier<Collection<String>> directs) {
        this.me = me;
        this.api = api;
        this.ui = ui;
        this.people = people;
        this.directs = directs;
    }

    /** Where a refusal of a status change is said. */
    void onRefusal(Consumer<String> where) {
        tell = where;
    }

    /** The stream (re)started and said who is online: asks for the statuses of those online and of the direct conversations' people. */
    void load() {
        if (api == null) {
            return;
        }
        int mark = people.statusMark();
        List<String> online = List.copyOf(people.online());
        api.statuses(List.of()).whenComplete((answer, failure) -> ui.run(() -> {
            if (answer != null) {
                people.statusesAnswered(online, answer.statuses(), mark);
            }
        }));
        List<String> named = new ArrayList<>(directs.get());
        if (!named.isEmpty()) {
            List<String> asked = named.subList(0, Math.min(100, named.size()));
            api.statuses(asked).whenComplete((answer, failure) -> ui.run(() -> {
                if (answer != null) {
                    people.statusesAnswered(asked, answer.statuses(), mark);
                }
            }));
        }
    }

    /** Someone set their status; when another device of the reader's called them away while they are here, back. */
    void arrived(StreamEvents.StatusChange change, Instant now) {
        people.statusChanged(change);
        if (Names.key(change.name()).equals(Names.key(me)) && change.status().auto() && !lastInput.equals(awayFor)
                && Duration.between(lastInput, now).compareTo(IDLE) < 0) {
            input(now);
        }
    }

    /** The reader's status as it stands. */
    PersonStatus mine(Instant now) {
        return people.statusOf(me, now);
    }

    /** Whether notifications are held now. */
    boolean holdingNotifications() {
        return mine(Instant.now()).holdsNotificationsAt(Instant.now());
    }

    /** Sets the reader's status (a plain one clears it); {@code done} gets null, or why it was refused. */
    void set(PersonStatus status, Consumer<String> done) {
        if (api == null) {
            done.accept(t("app.noStatuses"));
            return;
        }
        api.status(status).whenComplete((kept, failure) -> ui.run(() -> {
            if (kept != null) {
                people.statusChanged(new StreamEvents.StatusChange(me, kept));
            }
            done.accept(failure == null ? null : Calls.reason(failure));
        }));
    }

    /** The reader did something in the window: an automatic away ends. */
    void input(Instant now) {
        lastInput = now;
        PersonStatus status = mine(now);
        if (status.state().equals(PersonStatus.AWAY) && status.auto() && !comingBack) {
            comingBack = true;
            set(new PersonStatus(PersonStatus.ACTIVE, status.text(), status.emoji(), null, false), reason -> {
                comingBack = false;
                if (reason != null) {
                    tell.accept(reason);
                }
            });
        }
    }

    /** On the window's timer: the reader has been idle for {@code idle}: away, once per idle stretch. */
    void checkIdle(Instant now, Duration idle) {
        PersonStatus status = mine(now);
        if (api != null && status.state().equals(PersonStatus.ACTIVE) && !lastInput.equals(awayFor)
                && Duration.between(lastInput, now).compareTo(idle) >= 0) {
            awayFor = lastInput;
            set(new PersonStatus(PersonStatus.AWAY, status.text(), status.emoji(), null, true), reason -> { });
        }
        people.statusesAged();
    }
}
