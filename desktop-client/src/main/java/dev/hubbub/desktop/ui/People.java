package dev.hubbub.desktop.ui;

import dev.hubbub.chat.Names;
import dev.hubbub.chat.StreamEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The people of a server as the window shows them: who is online, and who is typing where ("Ann is typing…" under
 * the place shown, for a few seconds after their last word of it).
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

    public People(String me) {
        this.myKey = Names.key(me);
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
