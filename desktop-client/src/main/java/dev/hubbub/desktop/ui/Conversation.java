package dev.hubbub.desktop.ui;

import dev.hubbub.chat.ChatMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The messages and the people of one room, as the window shows them: in id order, each once, our own on their way
 * at the end until the room has them.
 *
 * <p>A window of the conversation: while the reader follows the newest messages it keeps the newest
 * {@value #WINDOW}; while they read further up, up to {@value #MAX_ROWS} (the oldest go first), and older messages
 * come from the room's history as they scroll ({@link #olderLoaded}). Messages from the stream are gathered by
 * {@link #received} and added in one change per batch by {@link #commit}, so a burst of a thousand costs the list
 * one change, not a thousand.
 *
 * <p>FX thread only (the {@link Session} feeds it through the {@link UiQueue}).
 */
public final class Conversation {
    static final int WINDOW = 2000;
    static final int MAX_ROWS = 10_000;

    private final ObservableList<MessageItem> messages = FXCollections.observableArrayList();
    private final ObservableList<String> online = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper hasOlder = new ReadOnlyBooleanWrapper(true);
    private final Set<Long> ids = new HashSet<>();
    private final Map<String, MessageItem> ours = new HashMap<>();
    private final List<ChatMessage> arriving = new ArrayList<>();
    private final String me;
    private boolean following = true;

    public Conversation(String me) {
        this.me = me;
    }

    public ObservableList<MessageItem> messages() {
        return messages;
    }

    public ObservableList<String> online() {
        return online;
    }

    /** Whether the room may have messages older than the oldest shown. */
    public ReadOnlyBooleanProperty hasOlder() {
        return hasOlder.getReadOnlyProperty();
    }

    /** A message from the room's stream: new, or one of ours coming back. Shown at the next {@link #commit}. */
    void received(ChatMessage message) {
        arriving.add(message);
    }

    /** Adds what {@link #received} gathered, in one change of the list. */
    void commit() {
        if (arriving.isEmpty()) {
            return;
        }
        List<MessageItem> fresh = new ArrayList<>(arriving.size());
        for (ChatMessage message : arriving) {
            if (!ids.add(message.id())) {
                continue;
            }
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
        if (fresh.isEmpty()) {
            return;
        }
        fresh.sort(Comparator.comparingLong(MessageItem::id));
        int end = endOfReceived();
        if (end == 0 || messages.get(end - 1).id() < fresh.get(0).id()) {
            messages.addAll(end, fresh);
        } else {
            fresh.forEach(this::insertInOrder);
        }
        trim();
    }

    /**
     * A page of older messages from the room's history, to go above the oldest shown.
     *
     * @param more whether the room has messages older still
     */
    void olderLoaded(List<ChatMessage> page, boolean more) {
        commit();
        long oldest = oldestId();
        List<MessageItem> older = new ArrayList<>();
        for (ChatMessage message : page) {
            if ((oldest == 0 || message.id() < oldest) && ids.add(message.id())) {
                older.add(itemOf(message));
            }
        }
        messages.addAll(0, older);
        hasOlder.set(more);
    }

    /** The id of the oldest message shown, 0 when none is. */
    long oldestId() {
        for (MessageItem item : messages) {
            if (item.id() > 0) {
                return item.id();
            }
        }
        return 0;
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
                messages.set(at, MessageItem.received(0, item.clientId(), item.author(), item.text(),
                        item.time() == null ? Instant.now() : item.time(), true));
                return;
            }
        }
        append(MessageItem.received(0, null, null, line, Instant.now(), false));
    }

    void pending(String clientId, String author, String text) {
        commit();
        MessageItem item = MessageItem.pending(clientId, author, text);
        ours.put(clientId, item);
        append(item);
    }

    /** The room acknowledged one of ours; the stream may or may not have brought it back already. */
    void acknowledged(String clientId, long id, Instant at) {
        commit();
        MessageItem waiting = ours.get(clientId);
        if (waiting == null) {
            return;
        }
        if (id > 0 && ids.contains(id)) {
            ours.remove(clientId);
            messages.remove(waiting);
            return;
        }
        replace(waiting, waiting.sent(id, at));
        if (id > 0) {
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

    /** The room's history started over: what we showed belongs to its past. */
    void reset() {
        arriving.clear();
        messages.removeIf(item -> item.delivery() == MessageItem.Delivery.SENT);
        ids.clear();
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

    private MessageItem itemOf(ChatMessage message) {
        return MessageItem.received(message.id(), message.clientId(), message.author(), message.text(),
                message.sentAt(), message.author().equalsIgnoreCase(me));
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
        return item.delivery() != MessageItem.Delivery.SENT && item.id() == 0;
    }

    /** Before our own messages still on their way, after every message with a smaller id. */
    private void insertInOrder(MessageItem item) {
        int at = messages.size();
        while (at > 0) {
            MessageItem before = messages.get(at - 1);
            if (!isUnsent(before) && before.id() <= item.id()) {
                break;
            }
            at--;
        }
        messages.add(at, item);
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
        dropped.forEach(item -> ids.remove(item.id()));
        hasOlder.set(true);
    }
}
