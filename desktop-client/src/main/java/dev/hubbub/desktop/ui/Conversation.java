package dev.hubbub.desktop.ui;

import dev.hubbub.chat.Attachment;
import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.Names;
import dev.hubbub.chat.StreamEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What the window shows of a server: the places there are to talk (rooms, and direct conversations with people),
 * with how many messages each has that the user has not seen, and the messages of the one place shown: in the order
 * the server sent them, each once, our own on their way at the end until the server has them.
 *
 * <p>The messages are a window of the conversation: while the reader follows the newest they are the newest
 * {@value #WINDOW}; while they read further up, up to {@value #MAX_ROWS} (the oldest go first), and older ones come
 * from the server's history as they scroll ({@link #olderLoaded}). Messages from the stream are gathered by
 * {@link #received} and added in one change per batch by {@link #commit}, so a burst of a thousand costs the list
 * one change, not a thousand. Ids are opaque: only the server's order counts.
 *
 * <p>FX thread only (the {@link Session} feeds it through the {@link UiQueue}).
 */
public final class Conversation {
    static final int WINDOW = 2000;
    static final int MAX_ROWS = 10_000;
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
     */
    public record Place(String key, String label, int unread, boolean muted, boolean archived) {
        public Place(String key, String label, int unread) {
            this(key, label, unread, false, false);
        }

        public boolean isDirect() {
            return key.startsWith("@");
        }
    }

    private java.util.function.Predicate<String> muted = key -> false;

    /** Which places are muted (their counts are shown quietly); the list is redrawn. */
    void muted(java.util.function.Predicate<String> isMuted) {
        muted = isMuted;
        refreshPlaces();
    }

    /** What a place is called: "# General", "@ Bob". */
    String labelOf(String key) {
        return rooms.containsKey(key) ? "# " + rooms.get(key) : directs.containsKey(key) ? "@ " + directs.get(key)
                : key;
    }

    private final ObservableList<MessageItem> messages = FXCollections.observableArrayList();
    private final ObservableList<String> online = FXCollections.observableArrayList();
    private final ObservableList<Place> places = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper hasOlder = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyStringWrapper activeLabel = new ReadOnlyStringWrapper();
    /** How long "Ann is typing…" stays after the last time Ann was said to be typing. */
    static final java.time.Duration TYPING_SHOWN = java.time.Duration.ofSeconds(6);
    /** Who is typing where, and until when it is shown: place key, then name. */
    private final Map<String, Map<String, Instant>> typing = new HashMap<>();
    private final ReadOnlyStringWrapper typingText = new ReadOnlyStringWrapper("");
    private final Map<String, String> rooms = new LinkedHashMap<>();
    /** The rooms' rules (read-only, slow mode), as the server last said. */
    private final Map<String, StreamEvents.RoomInfo> roomInfo = new HashMap<>();
    private final javafx.beans.property.ReadOnlyObjectWrapper<StreamEvents.RoomInfo> activeRoom =
            new javafx.beans.property.ReadOnlyObjectWrapper<>();
    private final Map<String, String> directs = new LinkedHashMap<>();
    private final Map<String, Integer> unread = new HashMap<>();
    private final Set<String> ids = new HashSet<>();
    /** The messages in the list as the server sent them (with what was done to them since), by id. */
    private final Map<String, ChatMessage> known = new HashMap<>();
    /** Changes that came while the newest page of the place shown was being read: applied to it once it is in. */
    private final List<StreamEvents.Change> changesWhileLoading = new ArrayList<>();
    private final javafx.beans.property.ReadOnlyObjectWrapper<String> revealed =
            new javafx.beans.property.ReadOnlyObjectWrapper<>();
    private final Map<String, MessageItem> ours = new HashMap<>();
    private final List<ChatMessage> arriving = new ArrayList<>();
    private final String me;
    private final String myKey;
    private String active = GENERAL;
    private boolean following = true;
    /** Between {@link #show} and {@link #newestLoaded}: what arrives waits for the page it comes after. */
    private boolean loadingNewest;

    public Conversation(String me) {
        this.me = me;
        this.myKey = Names.key(me);
        rooms.put(GENERAL, "General");
        refreshPlaces();
    }

    public ObservableList<MessageItem> messages() {
        return messages;
    }

    public ObservableList<String> online() {
        return online;
    }

    public ObservableList<Place> places() {
        return places;
    }

    /** What the shown place is called: "# General", "@ Bob". */
    public ReadOnlyStringProperty activeLabel() {
        return activeLabel.getReadOnlyProperty();
    }

    /** "Ann is typing…" for the place shown; empty when nobody is. */
    public ReadOnlyStringProperty typingText() {
        return typingText.getReadOnlyProperty();
    }

    /** Someone is typing somewhere (ourselves, on another device, is no news). */
    void typing(dev.hubbub.chat.StreamEvents.Typing who, Instant now) {
        if (Names.key(who.name()).equals(myKey)) {
            return;
        }
        String key = who.to() == null ? who.room() : "@" + Names.key(who.name());
        typing.computeIfAbsent(key, k -> new java.util.LinkedHashMap<>()).put(who.name(), now.plus(TYPING_SHOWN));
        refreshTyping(now);
    }

    /** Forgets who stopped typing a while ago, and says who is typing in the place shown. */
    void refreshTyping(Instant now) {
        typing.values().forEach(names -> names.values().removeIf(until -> until.isBefore(now)));
        typing.values().removeIf(Map::isEmpty);
        List<String> here = List.copyOf(typing.getOrDefault(active, Map.of()).keySet());
        typingText.set(here.isEmpty() ? "" : here.size() == 1 ? here.get(0) + " is typing…"
                : here.size() == 2 ? here.get(0) + " and " + here.get(1) + " are typing…"
                : "Several people are typing…");
    }

    /** The key of the place shown. */
    public String active() {
        return active;
    }

    /** The other person's name, when the place shown is a direct conversation; else null. */
    String activePerson() {
        return directs.get(active);
    }

    /** Whether the newest page of the place shown is still being read. */
    boolean isLoadingNewest() {
        return loadingNewest;
    }

    /** Whether the server may have messages older than the oldest shown. */
    public ReadOnlyBooleanProperty hasOlder() {
        return hasOlder.getReadOnlyProperty();
    }

    /** The key of the direct conversation with {@code name}, listing it among the places if it is not yet. */
    String directWith(String name) {
        String key = "@" + Names.key(name);
        if (directs.putIfAbsent(key, name) == null) {
            refreshPlaces();
        }
        return key;
    }

    /** Unread counts and direct conversations kept from an earlier run of the app. */
    void restore(Map<String, Integer> unreadCounts, Map<String, String> people) {
        unreadCounts.forEach((key, count) -> {
            if (count > 0 && !key.equals(active)) {
                unread.put(key, count);
            }
        });
        people.forEach(directs::putIfAbsent);
        refreshPlaces();
    }

    /** How many unseen messages each place has. */
    Map<String, Integer> unreadCounts() {
        return Map.copyOf(unread);
    }

    /** The direct conversations listed: key, and the other person's name. */
    Map<String, String> directPeople() {
        return Map.copyOf(directs);
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
        refreshPlaces();
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
            refreshPlaces();
            return room.id().equals(active);
        }
        rooms.put(room.id(), room.name());
        roomInfo.put(room.id(), room);
        refreshPlaces();
        return false;
    }

    /** A deleted room leaves the lists; its name. */
    private String forget(String id) {
        String name = rooms.remove(id);
        roomInfo.remove(id);
        unread.remove(id);
        return name;
    }

    /** The room shown, with its rules; null while a direct conversation is shown. */
    public javafx.beans.property.ReadOnlyObjectProperty<StreamEvents.RoomInfo> activeRoom() {
        return activeRoom.getReadOnlyProperty();
    }

    /** A room's rules as the server last said; null for no such room. */
    StreamEvents.RoomInfo roomInfo(String id) {
        return roomInfo.get(id);
    }

    /**
     * Shows another place: its messages are cleared until {@link #newestLoaded} brings its newest page; what arrives
     * for it meanwhile waits.
     */
    void show(String key) {
        arriving.clear();
        active = key;
        refreshTyping(Instant.now());
        messages.clear();
        ids.clear();
        known.clear();
        changesWhileLoading.clear();
        ours.clear();
        unread.remove(key);
        hasOlder.set(true);
        loadingNewest = true;
        following = true;
        refreshPlaces();
    }

    /** The newest page of the place shown: it goes in, then what arrived while it was read. */
    void newestLoaded(List<ChatMessage> page, boolean more) {
        loadingNewest = false;
        List<ChatMessage> waiting = List.copyOf(arriving);
        arriving.clear();
        page.forEach(arriving::add);
        waiting.forEach(arriving::add);
        commit();
        hasOlder.set(more);
        List<StreamEvents.Change> changes = List.copyOf(changesWhileLoading);
        changesWhileLoading.clear();
        changes.forEach(this::changed);
    }

    /**
     * A message was edited, deleted or reacted to: the change carries the message as the server says it stands right
     * after, which replaces it here if the list shows it or it is about to be shown (the app works out nothing
     * itself). A message not held here is as the server says when it is loaded (history pages carry messages as they
     * stand now); a change without the message (one the server no longer keeps) changes nothing.
     */
    void changed(StreamEvents.Change change) {
        if (loadingNewest) {
            changesWhileLoading.add(change);
        }
        ChatMessage now = change.message();
        String target = change.target();
        if (now == null || !now.id().equals(target)) {
            return;
        }
        for (int i = arriving.size() - 1; i >= 0; i--) {
            if (arriving.get(i).id().equals(target)) {
                arriving.set(i, now);
            }
        }
        if (known.containsKey(target)) {
            known.put(target, now);
            int at = indexOf(target);
            if (at >= 0) {
                messages.set(at, itemOf(now));
            }
        }
    }

    /** Where the message with this id is in the list (searching from the newest); -1 when it is not. */
    int indexOf(String id) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (id.equals(messages.get(i).id())) {
                return i;
            }
        }
        return -1;
    }

    /** The message shown with this id, as the server has it now; null when the list does not hold it. */
    ChatMessage message(String id) {
        return known.get(id);
    }

    /** The newest message in the list the reader may edit; null when none. */
    MessageItem lastChangeable() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).changeable()) {
                return messages.get(i);
            }
        }
        return null;
    }

    /** The id of the message to bring into view (a reply's quote, a search result); the list scrolls to it. */
    public javafx.beans.property.ReadOnlyObjectProperty<String> revealed() {
        return revealed.getReadOnlyProperty();
    }

    void reveal(String id) {
        revealed.set(null);
        revealed.set(id);
    }

    /** A message from the stream, for whichever place it belongs to. Shown at the next {@link #commit}. */
    void received(ChatMessage message) {
        String key = keyOf(message);
        Map<String, Instant> typingHere = typing.get(key);
        if (typingHere != null && typingHere.remove(message.author()) != null) {
            refreshTyping(Instant.now());
        }
        if (key.equals(active)) {
            arriving.add(message);
        } else if (!message.author().equalsIgnoreCase(me) && !message.notice()) {
            unread.merge(key, 1, Integer::sum);
            refreshPlaces();
        }
    }

    private String keyOf(ChatMessage message) {
        if (message.to() == null) {
            return message.room();
        }
        boolean mine = Names.key(message.author()).equals(myKey);
        return directWith(mine ? message.to() : message.author());
    }

    /** Adds what {@link #received} gathered, in one change of the list. */
    void commit() {
        if (arriving.isEmpty() || loadingNewest) {
            return;
        }
        List<MessageItem> fresh = new ArrayList<>(arriving.size());
        for (ChatMessage message : arriving) {
            if (!ids.add(message.id())) {
                if (!known.containsKey(message.id())) {
                    // Our own message, shown since the server acknowledged it: only the server knew its mentions
                    // and what it quotes.
                    known.put(message.id(), message);
                    remark(message);
                }
                continue;
            }
            known.put(message.id(), message);
            MessageItem waiting = message.clientId() == null ? null : ours.remove(message.clientId());
            if (waiting != null) {
                int at = messages.lastIndexOf(waiting);
                if (at >= 0) {
                    messages.remove(at);
                }
            }
            fresh.add(itemOf(message));
        }
        arriving.clear();
        if (!fresh.isEmpty()) {
            messages.addAll(endOfReceived(), fresh);
            trim();
        }
    }

    /**
     * A page of older messages from the server's history, to go above the oldest shown.
     *
     * @param more whether the server has messages older still
     */
    void olderLoaded(List<ChatMessage> page, boolean more) {
        commit();
        List<MessageItem> older = new ArrayList<>();
        for (ChatMessage message : page) {
            if (ids.add(message.id())) {
                known.put(message.id(), message);
                older.add(itemOf(message));
            }
        }
        messages.addAll(0, older);
        hasOlder.set(more);
    }

    /** The id of the oldest message shown, null when none is. */
    String oldestId() {
        for (MessageItem item : messages) {
            if (item.id() != null) {
                return item.id();
            }
        }
        return null;
    }

    /** Whether the reader is at the newest messages: then only the newest {@value #WINDOW} are kept. */
    void following(boolean isFollowing) {
        following = isFollowing;
        if (following) {
            trim();
        }
    }

    /** A tutorial server's line: shown as it came, or as ours if it is the echo of one we sent. */
    void receivedLine(String line) {
        commit();
        for (MessageItem item : List.copyOf(ours.values())) {
            if (item.delivery() != MessageItem.Delivery.FAILED && line.equals(item.author() + ": " + item.text())) {
                ours.remove(item.clientId());
                int at = messages.indexOf(item);
                messages.set(at, MessageItem.received(null, item.clientId(), item.author(), item.text(),
                        item.time() == null ? Instant.now() : item.time(), true, true, item.files()));
                return;
            }
        }
        append(MessageItem.received(null, null, null, line, Instant.now(), false, true, List.of()));
    }

    void pending(String clientId, String author, String text, List<Attachment> files) {
        commit();
        MessageItem item = MessageItem.pending(clientId, author, text, files);
        ours.put(clientId, item);
        append(item);
    }

    /** The server acknowledged one of ours; the stream may or may not have brought it back already. */
    void acknowledged(String clientId, String id, Instant at) {
        commit();
        MessageItem waiting = ours.get(clientId);
        if (waiting == null) {
            return;
        }
        if (id != null && ids.contains(id)) {
            ours.remove(clientId);
            messages.remove(waiting);
            return;
        }
        replace(waiting, waiting.sent(id, at));
        if (id != null) {
            ids.add(id);
            ours.remove(clientId);
        }
    }

    void failed(String clientId, String reason) {
        commit();
        MessageItem waiting = ours.get(clientId);
        if (waiting != null) {
            replace(waiting, waiting.failed(reason));
        }
    }

    void retrying(String clientId) {
        commit();
        MessageItem waiting = ours.get(clientId);
        if (waiting != null) {
            replace(waiting, waiting.retrying());
        }
    }

    void notice(String text) {
        commit();
        append(MessageItem.notice(text));
    }

    /** The server's history started over: what we showed belongs to its past. */
    void reset() {
        unread.clear();
        refreshPlaces();
        arriving.clear();
        messages.removeIf(item -> item.delivery() == MessageItem.Delivery.SENT);
        ids.clear();
        known.clear();
        hasOlder.set(true);
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

    void refreshPlaces() {
        List<Place> all = new ArrayList<>();
        List<Place> archived = new ArrayList<>();
        rooms.forEach((id, name) -> {
            boolean isArchived = roomInfo.containsKey(id) && roomInfo.get(id).archived();
            (isArchived ? archived : all).add(new Place(id, "# " + name, unread.getOrDefault(id, 0), muted.test(id),
                    isArchived));
        });
        all.addAll(archived);
        directs.forEach((key, name) -> all.add(new Place(key, "@ " + name, unread.getOrDefault(key, 0),
                muted.test(key), false)));
        if (!all.equals(places)) {
            places.setAll(all);
        }
        activeRoom.set(roomInfo.get(active));
        String label = rooms.containsKey(active) ? "# " + rooms.get(active)
                : directs.containsKey(active) ? "@ " + directs.get(active) : active;
        activeLabel.set(label);
    }

    /** The words after an {@code @} that the message mentions: names, and everyone's words when it mentions all. */
    private static List<String> mentionWords(ChatMessage message) {
        if (!message.mentionsRoom()) {
            return message.mentions();
        }
        List<String> words = new ArrayList<>(message.mentions());
        words.addAll(dev.hubbub.chat.Mentions.EVERYONE);
        return words;
    }

    /** Redraws a message shown already with what the stream says of it (searching from the newest rows). */
    private void remark(ChatMessage message) {
        for (int i = messages.size() - 1; i >= Math.max(0, messages.size() - 200); i--) {
            if (message.id().equals(messages.get(i).id())) {
                messages.set(i, itemOf(message));
                return;
            }
        }
    }

    /** Whether someone else's message mentions the reader, or everyone. */
    private boolean isForMe(ChatMessage message) {
        return !Names.key(message.author()).equals(myKey) && (message.mentionsRoom()
                || message.mentions().stream().anyMatch(name -> Names.key(name).equals(myKey)));
    }

    private MessageItem itemOf(ChatMessage message) {
        if (message.notice()) {
            return new MessageItem(MessageItem.Kind.NOTICE, message.id(), null, message.author(), message.text(),
                    message.sentAt(), false, MessageItem.Delivery.SENT, null, true, List.of(), List.of(), false);
        }
        return new MessageItem(MessageItem.Kind.MESSAGE, message.id(), message.clientId(), message.author(),
                message.text(), message.sentAt(), Names.key(message.author()).equals(myKey), MessageItem.Delivery.SENT,
                null, message.verified(), message.files(), mentionWords(message), isForMe(message),
                message.replyTo(), message.editedAt() != null, message.deleted(), message.reactions(),
                message.removedBy());
    }

    private void replace(MessageItem old, MessageItem updated) {
        int at = messages.lastIndexOf(old);
        if (at >= 0) {
            messages.set(at, updated);
        }
        if (updated.clientId() != null && ours.containsKey(updated.clientId())) {
            ours.put(updated.clientId(), updated);
        }
    }

    /** Where received messages end: before our own messages still on their way (or refused) at the bottom. */
    private int endOfReceived() {
        int at = messages.size();
        while (at > 0 && isUnsent(messages.get(at - 1))) {
            at--;
        }
        return at;
    }

    private static boolean isUnsent(MessageItem item) {
        return item.delivery() != MessageItem.Delivery.SENT && item.id() == null;
    }

    private void append(MessageItem item) {
        messages.add(item);
        trim();
    }

    private void trim() {
        int excess = messages.size() - (following ? WINDOW : MAX_ROWS);
        if (excess <= 0) {
            return;
        }
        List<MessageItem> dropped = List.copyOf(messages.subList(0, excess));
        messages.remove(0, excess);
        dropped.forEach(item -> {
            ids.remove(item.id());
            known.remove(item.id());
        });
        hasOlder.set(true);
    }
}
