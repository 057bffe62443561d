package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.Words.t;
import static dev.hubbub.desktop.ui.Words.tn;

import dev.hubbub.chat.Api;
import dev.hubbub.chat.Names;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.desktop.net.RoomApi;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;

/**
 * Read receipts for the place shown: where the others have read it ({@code GET /read}, then the stream's {@code read}
 * events), drawn as "Seen" under the person's last message the other has read in a direct conversation and "Seen by
 * N" on their own messages in a room; and where this person has read, told to the server ({@code POST /read}) when
 * the window shows the newest message, at most once a second and again now and then. Ids are opaque: a position is
 * placed by where its message is in the list. A person who does not share where they read sees nobody's.
 *
 * <p>A model: no controls. FX thread only.
 */
public final class Receipts {
    static final Duration AGAIN = Duration.ofMinutes(2);
    static final int NAMES_SHOWN = 50;

    private final String myKey;
    private final RoomApi api;
    private final UiQueue ui;
    /** By place: each reader's name and the id of the newest message they read there. */
    private final Map<String, Map<String, String>> positions = new HashMap<>();
    private final ReadOnlyBooleanWrapper sharing = new ReadOnlyBooleanWrapper(true);
    /** Bumped whenever what the marks show may have changed: the list redraws. */
    private final ReadOnlyIntegerWrapper changes = new ReadOnlyIntegerWrapper();
    private String sentPlace;
    private String sentId;
    private Instant sentAt = Instant.EPOCH;

    Receipts(String me, RoomApi api, UiQueue ui) {
        this.myKey = Names.key(me);
        this.api = api;
        this.ui = ui;
    }

    /** Whether this person shares where they read (as the server last said). */
    public ReadOnlyBooleanProperty sharing() {
        return sharing.getReadOnlyProperty();
    }

    /** Changes whenever the marks may show something else. */
    public ReadOnlyIntegerProperty changes() {
        return changes.getReadOnlyProperty();
    }

    /** A place is shown: where others read it, from the server. */
    void shown(String place, RoomApi.Of of) {
        if (api == null || of.thread() != null) {
            return;
        }
        api.readPositions(of).whenComplete((answer, failure) -> ui.run(() -> {
            if (failure == null) {
                sharing.set(answer.sharing());
                positions.put(place, new HashMap<>(answer.readers()));
                changes.set(changes.get() + 1);
            }
        }));
    }

    /** The stream's {@code read} event; {@code place}: the place it is about, as the window names places. */
    void arrived(String place, StreamEvents.Reads reads) {
        positions.computeIfAbsent(place, p -> new HashMap<>()).putAll(reads.readers());
        changes.set(changes.get() + 1);
    }

    /**
     * The window shows the newest message {@code newestId} of {@code place} to a reader who is looking: the server
     * hears it, unless it heard the same a moment ago.
     */
    void seen(String place, RoomApi.Of of, String newestId, Instant now) {
        if (api == null || newestId == null) {
            return;
        }
        if (place.equals(sentPlace) && newestId.equals(sentId) && Duration.between(sentAt, now).compareTo(AGAIN) < 0) {
            return;
        }
        boolean first = !place.equals(sentPlace);
        sentPlace = place;
        sentId = newestId;
        sentAt = now;
        api.read(new Api.Read(of.room(), of.with(), null, newestId)).whenComplete((ok, failure) -> ui.run(() -> {
            // Reading here from now on, this person hears where others move; where they were until now, it asks.
            if (first && failure == null && place.equals(sentPlace)) {
                shown(place, of);
            }
        }));
    }

    /** This person shares where they read, or stops; {@code done} hears null or why not. */
    public void share(boolean share, java.util.function.Consumer<String> done) {
        if (api == null) {
            return;
        }
        api.shareReads(share).whenComplete((ok, failure) -> ui.run(() -> {
            if (failure == null) {
                sharing.set(share);
                sentPlace = null;
                changes.set(changes.get() + 1);
            }
            done.accept(failure == null ? null : dev.hubbub.desktop.net.Calls.reason(failure));
        }));
    }

    /**
     * What each of this person's messages in {@code rows} (the list of {@code place}, oldest first) shows, by id:
     * "Seen" on the last one the other person has read (a direct conversation), or "Seen by N" (a room), with the
     * names when there are at most {@value #NAMES_SHOWN}.
     */
    Map<String, Mark> marks(String place, List<MessageItem> rows) {
        Map<String, Mark> marks = new HashMap<>();
        Map<String, String> known = positions.getOrDefault(place, Map.of());
        if (!sharing.get() || known.isEmpty()) {
            return marks;
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).id() != null) {
                index.put(rows.get(i).id(), i);
            }
        }
        List<Object[]> readers = new ArrayList<>();
        known.forEach((name, id) -> {
            Integer at = index.get(id);
            if (at != null && !Names.key(name).equals(myKey)) {
                readers.add(new Object[] {name, at});
            }
        });
        boolean direct = place.startsWith("@");
        for (int i = rows.size() - 1; i >= 0; i--) {
            MessageItem row = rows.get(i);
            if (!row.mine() || row.id() == null || row.deleted() || row.kind() != MessageItem.Kind.MESSAGE) {
                continue;
            }
            int at = i;
            List<String> seenBy = readers.stream().filter(r -> (int) r[1] >= at).map(r -> (String) r[0]).sorted()
                    .toList();
            if (seenBy.isEmpty()) {
                continue;
            }
            if (direct) {
                marks.put(row.id(), new Mark(t("receipts.seen"), null));
                break;
            }
            marks.put(row.id(), new Mark(tn("receipts.seenBy", seenBy.size()), seenBy.size() <= NAMES_SHOWN
                    ? String.join(", ", seenBy) : null));
        }
        return marks;
    }

    /** What a message shows: "Seen" or "Seen by 3", and who (null when not named). */
    record Mark(String text, String names) {
    }
}
