package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.Words.t;

import dev.hubbub.chat.Names;
import dev.hubbub.chat.PersonStatus;
import dev.hubbub.chat.StreamEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The people of a server as the window shows them: who is online, their statuses (as the server's
 * {@link PersonStatus} rules have them: a do-not-disturb that has ended is active), and who is typing where ("Ann is
 * typing…" under the place shown, for a few seconds after their last word of it).
 *
 * <p>A model: no controls. FX thread only.
 */
public final class People {
    /** How long "Ann is typing…" stays after the last time Ann was said to be typing. */
    static final Duration TYPING_SHOWN = Duration.ofSeconds(6);

    private final String myKey;
    private final ObservableList<String> online = FXCollections.observableArrayList();
    /** Who is typing where, and until when it is shown: place key, then name. */
    private final Map<String, Map<String, Instant>> typing = new HashMap<>();
    private final ReadOnlyStringWrapper typingText = new ReadOnlyStringWrapper("");
    private String shown = Places.GENERAL;

    /** Statuses that are not plain, by name key: as the server said them (a do-not-disturb keeps its end). */
    private final Map<String, PersonStatus> statuses = new HashMap<>();
    /** Bumped by each status change, so what draws statuses draws them again. */
    private final ReadOnlyIntegerWrapper statusChanges = new ReadOnlyIntegerWrapper();
    /** Each status event's number, by name key: a GET answered after it does not undo it. */
    private final Map<String, Integer> heardAt = new HashMap<>();

    public People(String me) {
        this.myKey = me == null ? "" : Names.key(me);
    }

    /** Changes each time someone's status does (or a do-not-disturb's end passes). */
    public ReadOnlyIntegerProperty statusChanges() {
        return statusChanges.getReadOnlyProperty();
    }

    /** The status of {@code name} as it stands at {@code now}; plain when none is known. */
    public PersonStatus statusOf(String name, Instant now) {
        PersonStatus status = statuses.get(Names.key(name));
        return status == null ? PersonStatus.PLAIN : status.at(now);
    }

    /** "Away · 🍔 lunch", "Do not disturb until 14:00", "Offline · 🌴 on holiday"; empty for an active person. */
    public String describe(String name, Instant now) {
        return describe(name, now, isOnline(name));
    }

    /** The same, as if online (one's own, drawn by a window that is open so its reader is here) or not. */
    public String describe(String name, Instant now, boolean here) {
        PersonStatus status = statusOf(name, now);
        List<String> parts = new java.util.ArrayList<>();
        if (!here) {
            parts.add(t("status.offline"));
        } else if (status.state().equals(PersonStatus.AWAY)) {
            parts.add(t("status.away"));
        } else if (status.state().equals(PersonStatus.DND)) {
            parts.add(t("status.dndUntil", "time", endOf(status.until(), now)));
        }
        String own = java.util.stream.Stream.of(status.emoji(), status.text()).filter(java.util.Objects::nonNull)
                .collect(java.util.stream.Collectors.joining(" "));
        if (!own.isEmpty()) {
            parts.add(own);
        }
        return String.join(" · ", parts);
    }

    /** The state drawn beside a name: {@code offline}, {@code active}, {@code away} or {@code dnd}. */
    public String stateOf(String name, Instant now) {
        return isOnline(name) ? statusOf(name, now).state() : "offline";
    }

    private static String endOf(Instant until, Instant now) {
        java.time.ZonedDateTime end = until.atZone(java.time.ZoneId.systemDefault());
        boolean sameDay = end.toLocalDate().equals(now.atZone(java.time.ZoneId.systemDefault()).toLocalDate());
        return end.format(java.time.format.DateTimeFormatter.ofPattern(sameDay ? "HH:mm" : "EEE HH:mm",
                Words.locale()));
    }

    boolean isOnline(String name) {
        String key = Names.key(name);
        return online.stream().anyMatch(n -> Names.key(n).equals(key));
    }

    /** Someone set their status (a stream event). */
    void statusChanged(StreamEvents.StatusChange change) {
        String key = Names.key(change.name());
        heardAt.put(key, statusChanges.get() + 1);
        keep(change.name(), change.status());
        statusChanges.set(statusChanges.get() + 1);
    }

    /** A number to give {@link #statusesAnswered} for a GET sent now. */
    int statusMark() {
        return statusChanges.get();
    }

    /**
     * The server's answer to {@code GET /statuses} for {@code asked} (names), sent when {@link #statusMark} was
     * {@code mark}: who is not in it has no status, unless an event said otherwise since.
     */
    void statusesAnswered(java.util.Collection<String> asked, Map<String, PersonStatus> answer, int mark) {
        Map<String, PersonStatus> byKey = new java.util.HashMap<>();
        answer.forEach((name, status) -> byKey.putIfAbsent(Names.key(name), status));
        for (String name : asked) {
            String key = Names.key(name);
            if (heardAt.getOrDefault(key, 0) <= mark) {
                keep(name, byKey.get(key));
            }
        }
        answer.forEach((name, status) -> {
            if (heardAt.getOrDefault(Names.key(name), 0) <= mark) {
                keep(name, status);
            }
        });
        statusChanges.set(statusChanges.get() + 1);
    }

    /** Draws statuses again: a do-not-disturb's end may have passed. */
    void statusesAged() {
        if (statuses.values().stream().anyMatch(s -> s.state().equals(PersonStatus.DND))) {
            statusChanges.set(statusChanges.get() + 1);
        }
    }

    private void keep(String name, PersonStatus status) {
        String key = Names.key(name);
        if (status == null || status.isPlain()) {
            statuses.remove(key);
        } else {
            statuses.put(key, status);
        }
    }

    public ObservableList<String> online() {
        return online;
    }

    /** "Ann is typing…" for the place shown; empty when nobody is. */
    public ReadOnlyStringProperty typingText() {
        return typingText.getReadOnlyProperty();
    }

    void presence(List<String> names) {
        online.setAll(names);
    }

    void joined(String name) {
        if (online.stream().noneMatch(n -> n.equalsIgnoreCase(name))) {
            online.add(name);
        }
    }

    void left(String name) {
        online.removeIf(n -> n.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)));
    }

    /** Someone is typing somewhere (ourselves, on another device, is no news). */
    void typing(StreamEvents.Typing who, Instant now) {
        if (Names.key(who.name()).equals(myKey)) {
            return;
        }
        String key = who.to() == null ? who.room() : "@" + Names.key(who.name());
        typing.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(who.name(), now.plus(TYPING_SHOWN));
        refreshTyping(now);
    }

    /** Their message arrived: they are no longer typing it. */
    void wrote(String place, String author, Instant now) {
        Map<String, Instant> there = typing.get(place);
        if (there != null && there.remove(author) != null) {
            refreshTyping(now);
        }
    }

    /** The place shown changed: who is typing is said for it. */
    void shown(String place) {
        shown = place;
        refreshTyping(Instant.now());
    }

    /** Forgets who stopped typing a while ago, and says who is typing in the place shown. */
    void refreshTyping(Instant now) {
        typing.values().forEach(names -> names.values().removeIf(until -> until.isBefore(now)));
        typing.values().removeIf(Map::isEmpty);
        List<String> here = List.copyOf(typing.getOrDefault(shown, Map.of()).keySet());
        typingText.set(here.isEmpty() ? "" : here.size() == 1 ? here.get(0) + " is typing…"
                : here.size() == 2 ? here.get(0) + " and " + here.get(1) + " are typing…"
                : "Several people are typing…");
    }
}
