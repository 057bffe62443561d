package dev.hubbub.desktop.ui;

import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.Names;
import dev.hubbub.chat.StreamEvents;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The places there are to talk on a server, as the side list shows them: its rooms (with their rules, as the server
 * last said) and the direct conversations with people, each with how many messages the user has not seen there; and
 * which one is shown.
 *
 * <p>A model: no controls. FX thread only (the {@link Session} feeds it through the {@link UiQueue}).
 */
public final class Places {
    /** The room every server has, and the one shown first. */
    public static final String GENERAL = "general";

    /**
     * A place to talk, as the side list shows it.
     *
     * @param key a room's id, or {@code @} and the other person's name key
     * @param label what to show: "# Design", "@ Bob"
     * @param unread messages from others there that the user has not seen
     * @param muted whether its count is shown quietly
     * @param archived a room the host archived: listed after the others, and nobody posts there
     * @param starred a room the reader starred: listed first
     * @param hidden a room the reader hid: listed last
     */
    public record Place(String key, String label, int unread, boolean muted, boolean archived, boolean starred,
                        boolean hidden) {
        public Place(String key, String label, int unread) {
            this(key, label, unread, false, false, false, false);
        }

        public Place(String key, String label, int unread, boolean muted, boolean archived) {
            this(key, label, unread, muted, archived, false, false);
        }

        public boolean isDirect() {
            return key.startsWith("@");
        }
    }

    private final String myKey;
    private final ObservableList<Place> places = FXCollections.observableArrayList();
    private final Map<String, String> rooms = new LinkedHashMap<>();
    /** The rooms' rules (read-only, slow mode, archived), as the server last said. */
    private final Map<String, StreamEvents.RoomInfo> roomInfo = new HashMap<>();
    private final Map<String, String> directs = new LinkedHashMap<>();
    private final Map<String, Integer> unread = new HashMap<>();
    private final ReadOnlyObjectWrapper<StreamEvents.RoomInfo> activeRoom = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper activeLabel = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper activeKey = new ReadOnlyStringWrapper(GENERAL);
    private Predicate<String> muted = key -> false;
    private String active = GENERAL;
    /** The rooms the reader is in, with their marks; null until the server said (then every room is listed). */
    private Map<String, dev.hubbub.chat.Api.Membership> joined;
    /** The rooms' topics, as far as known. */
    private final Map<String, String> topics = new HashMap<>();
    private final ReadOnlyStringWrapper activeTopic = new ReadOnlyStringWrapper("");
    private final javafx.beans.property.ReadOnlyBooleanWrapper activeJoined =
            new javafx.beans.property.ReadOnlyBooleanWrapper(true);

    public Places(String me) {
        this.myKey = Names.key(me);
        rooms.put(GENERAL, "General");
        refresh();
    }

    public ObservableList<Place> places() {
        return places;
    }

    /** The key of the place shown. */
    public String active() {
        return active;
    }

    /** The key of the place shown, to listen to. */
    public ReadOnlyStringProperty activeKey() {
        return activeKey.getReadOnlyProperty();
    }

    /** What the shown place is called: "# General", "@ Bob". */
    public ReadOnlyStringProperty activeLabel() {
        return activeLabel.getReadOnlyProperty();
    }

    /** The room shown, with its rules; null while a direct conversation is shown. */
    public ReadOnlyObjectProperty<StreamEvents.RoomInfo> activeRoom() {
        return activeRoom.getReadOnlyProperty();
    }

    /** The shown room's topic ("" when none, or a direct conversation is shown). */
    public ReadOnlyStringProperty activeTopic() {
        return activeTopic.getReadOnlyProperty();
    }

    /** Whether the reader is in the place shown (a direct conversation: always). */
    public javafx.beans.property.ReadOnlyBooleanProperty activeJoined() {
        return activeJoined.getReadOnlyProperty();
    }

    /** Whether the reader is in a room (every room until the server said which; always General). */
    boolean isJoined(String room) {
        return room.equals(GENERAL) || joined == null || joined.containsKey(room);
    }

    /** The reader's marks of a room they are in (null when they are not). */
    dev.hubbub.chat.Api.Membership membershipOf(String room) {
        return joined == null ? null : joined.get(room);
    }

    /**
     * Membership changes heard while the list is being asked for: its answer may predate them, so they are applied
     * after it. Null while no list is on its way.
     */
    private List<dev.hubbub.chat.Api.Membership> heardWhileLoading;

    /** The list of rooms the reader is in is being asked for ({@link #memberships} brings it). */
    void loadingMemberships() {
        heardWhileLoading = new java.util.ArrayList<>();
    }

    /** The rooms the reader is in, as the server said. */
    void memberships(List<dev.hubbub.chat.Api.Membership> all) {
        joined = new HashMap<>();
        all.forEach(m -> joined.put(m.room(), m));
        if (heardWhileLoading != null) {
            heardWhileLoading.forEach(this::apply);
            heardWhileLoading = null;
        }
        refresh();
    }

    /** The reader joined, left or marked a room. */
    void membership(dev.hubbub.chat.Api.Membership changed) {
        if (heardWhileLoading != null) {
            heardWhileLoading.add(changed);
        }
        if (joined == null) {
            return;   // applied with the list's answer
        }
        apply(changed);
        refresh();
    }

    private void apply(dev.hubbub.chat.Api.Membership changed) {
        if (changed.joined()) {
            joined.put(changed.room(), changed);
        } else {
            joined.remove(changed.room());
        }
    }

    /** A room's topic as far as known ({@code ""}: none). */
    String topicOf(String room) {
        return topics.getOrDefault(room, "");
    }

    /** A room's topic, as the server said ({@code ""}: none). */
    void topic(String room, String topic) {
        if (topic == null || topic.isEmpty()) {
            topics.remove(room);
        } else {
            topics.put(room, topic);
        }
        refresh();
    }

    /** The other person's name, when the place shown is a direct conversation; else null. */
    String activePerson() {
        return directs.get(active);
    }

    /** A room's rules as the server last said; null for no such room. */
    StreamEvents.RoomInfo roomInfo(String id) {
        return roomInfo.get(id);
    }

    /** Which places are muted (their counts are shown quietly); the list is redrawn. */
    void muted(Predicate<String> isMuted) {
        muted = isMuted;
        refresh();
    }

    /** What a place is called: "# General", "@ Bob". */
    String labelOf(String key) {
        return rooms.containsKey(key) ? "# " + rooms.get(key) : directs.containsKey(key) ? "@ " + directs.get(key)
                : key;
    }

    /** How many messages from others in a place the reader has not seen. */
    int unreadIn(String key) {
        return unread.getOrDefault(key, 0);
    }

    /** Shows another place: what was unseen there is seen. */
    void show(String key) {
        active = key;
        unread.remove(key);
        refresh();
    }

    /** The key of the direct conversation with {@code name}, listing it among the places if it is not yet. */
    String directWith(String name) {
        String key = "@" + Names.key(name);
        if (directs.putIfAbsent(key, name) == null) {
            refresh();
        }
        return key;
    }

    /** The place a message belongs to (a direct conversation is listed as soon as a message of it arrives). */
    String placeOf(ChatMessage message) {
        if (message.to() == null) {
            return message.room();
        }
        boolean mine = Names.key(message.author()).equals(myKey);
        return directWith(mine ? message.to() : message.author());
    }

    /** Someone else's message in a place not shown: one more unseen there. */
    void unseen(String key) {
        unread.merge(key, 1, Integer::sum);
        refresh();
    }

    /** Unread counts and direct conversations kept from an earlier run of the app. */
    void restore(Map<String, Integer> unreadCounts, Map<String, String> people) {
        unreadCounts.forEach((key, count) -> {
            if (count > 0 && !key.equals(active)) {
                unread.put(key, count);
            }
        });
        people.forEach(directs::putIfAbsent);
        refresh();
    }

    /** How many unseen messages each place has. */
    Map<String, Integer> unreadCounts() {
        return Map.copyOf(unread);
    }

    /** The direct conversations listed: key, and the other person's name. */
    Map<String, String> directPeople() {
        return Map.copyOf(directs);
    }

    /** The server's history started over: nothing is unseen any more. */
    void reset() {
        unread.clear();
        refresh();
    }

    /**
     * The rooms the server has (its {@code hello}, which lists every one): a room deleted while the app was away is
     * forgotten.
     *
     * @return the name of the room shown, when it is one of those forgotten; else null
     */
    String rooms(List<StreamEvents.RoomInfo> all) {
        Set<String> listed = new HashSet<>();
        all.forEach(room -> listed.add(room.id()));
        String shownGone = null;
        for (String id : List.copyOf(rooms.keySet())) {
            if (!listed.contains(id) && !id.equals(GENERAL)) {
                String name = forget(id);
                shownGone = id.equals(active) ? name : shownGone;
            }
        }
        all.forEach(room -> {
            rooms.put(room.id(), room.name());
            roomInfo.put(room.id(), room);
        });
        refresh();
        return shownGone;
    }

    /**
     * A room was created, or the host changed it (rules, archived) or deleted it.
     *
     * @return whether it was deleted while it was shown
     */
    boolean roomChanged(StreamEvents.RoomInfo room) {
        if (room.deleted()) {
            forget(room.id());
            refresh();
            return room.id().equals(active);
        }
        rooms.put(room.id(), room.name());
        roomInfo.put(room.id(), room);
        refresh();
        return false;
    }

    /** A deleted room leaves the lists; its name. */
    private String forget(String id) {
        String name = rooms.remove(id);
        roomInfo.remove(id);
        unread.remove(id);
        return name;
    }

    /**
     * Redraws the list and the shown place: the starred rooms, the other rooms the reader is in, the archived ones,
     * then the direct conversations, and the hidden rooms last. A room the reader looks at without being in it is
     * listed among the rooms while it is shown.
     */
    void refresh() {
        List<Place> starred = new ArrayList<>();
        List<Place> all = new ArrayList<>();
        List<Place> archived = new ArrayList<>();
        List<Place> hidden = new ArrayList<>();
        rooms.forEach((id, name) -> {
            if (!isJoined(id) && !id.equals(active)) {
                return;
            }
            boolean isArchived = roomInfo.containsKey(id) && roomInfo.get(id).archived();
            dev.hubbub.chat.Api.Membership marks = membershipOf(id);
            boolean isStarred = marks != null && marks.starred();
            boolean isHidden = marks != null && marks.hidden();
            Place place = new Place(id, "# " + name, unread.getOrDefault(id, 0), muted.test(id), isArchived,
                    isStarred, isHidden);
            (isHidden ? hidden : isArchived ? archived : isStarred ? starred : all).add(place);
        });
        all.addAll(0, starred);
        all.addAll(archived);
        directs.forEach((key, name) -> all.add(new Place(key, "@ " + name, unread.getOrDefault(key, 0),
                muted.test(key), false)));
        all.addAll(hidden);
        if (!all.equals(places)) {
            places.setAll(all);
        }
        activeRoom.set(roomInfo.get(active));
        activeTopic.set(topics.getOrDefault(active, ""));
        activeJoined.set(!rooms.containsKey(active) || isJoined(active));
        activeLabel.set(labelOf(active));
        activeKey.set(active);
    }
}
