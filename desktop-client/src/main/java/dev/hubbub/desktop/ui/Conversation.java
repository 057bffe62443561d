package dev.hubbub.desktop.ui;

import dev.hubbub.chat.Attachment;
import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.Names;
import dev.hubbub.chat.StreamEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The messages of the one place shown ({@link Places} says which): in the order the server sent them, each once, our
 * own on their way at the end until the server has them.
 *
 * <p>The messages are a window of the conversation: while the reader follows the newest they are the newest
 * {@value #WINDOW}; while they read further up, up to {@value #MAX_ROWS} (the oldest go first), and older ones come
 * from the server's history as they scroll ({@link #olderLoaded}). Messages from the stream are gathered by
 * {@link #received} and added in one change per batch by {@link #commit}, so a burst of a thousand costs the list
 * one change, not a thousand. Ids are opaque: only the server's order counts.
 *
 * <p>A model: no controls. FX thread only (the {@link Session} feeds it through the {@link UiQueue}).
 */
public final class Conversation {
    static final int WINDOW = 2000;
    static final int MAX_ROWS = 10_000;

    private final ObservableList<MessageItem> messages = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper hasOlder = new ReadOnlyBooleanWrapper(true);
    private final Set<String> ids = new HashSet<>();
    /** The messages in the list as the server sent them (with what was done to them since), by id. */
    private final Map<String, ChatMessage> known = new HashMap<>();
    /** Changes that came while the newest page of the place shown was being read: applied to it once it is in. */
    private final List<StreamEvents.Change> changesWhileLoading = new ArrayList<>();
    private final ReadOnlyObjectWrapper<String> revealed =
            new ReadOnlyObjectWrapper<>();
    private final Map<String, MessageItem> ours = new HashMap<>();
    /** The first message the reader had not seen when the place was shown: a "New messages" line goes above it. */
    private final ReadOnlyObjectWrapper<String> firstNew = new ReadOnlyObjectWrapper<>();
    private final List<ChatMessage> arriving = new ArrayList<>();
    private final String myKey;
    private boolean following = true;
    /** Between {@link #show} and {@link #newestLoaded}: what arrives waits for the page it comes after. */
    private boolean loadingNewest;

    public Conversation(String me) {
        this.myKey = Names.key(me);
    }

    public ObservableList<MessageItem> messages() {
        return messages;
    }

    /** Whether the newest page of the place shown is still being read. */
    boolean isLoadingNewest() {
        return loadingNewest;
    }

    /** Whether the server may have messages older than the oldest shown. */
    public ReadOnlyBooleanProperty hasOlder() {
        return hasOlder.getReadOnlyProperty();
    }

    /**
     * Shows another place: its messages are cleared until {@link #newestLoaded} brings its newest page; what arrives
     * for it meanwhile waits.
     */
    void show() {
        firstNew.set(null);
        arriving.clear();
        messages.clear();
        ids.clear();
        known.clear();
        changesWhileLoading.clear();
        ours.clear();
        hasOlder.set(true);
        loadingNewest = true;
        following = true;
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
    /** The id of the first message not seen before the place was shown, or null: where the reader left off. */
    public ReadOnlyObjectProperty<String> firstNew() {
        return firstNew.getReadOnlyProperty();
    }

    /** The newest {@code unseen} messages from others are new: the line goes above the oldest of them. */
    void markNew(int unseen) {
        String first = null;
        int left = unseen;
        for (int i = messages.size() - 1; i >= 0 && left > 0; i--) {
            MessageItem item = messages.get(i);
            if (item.kind() == MessageItem.Kind.MESSAGE && !item.mine() && item.id() != null) {
                first = item.id();
                left--;
            }
        }
        firstNew.set(first);
    }

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
    public ReadOnlyObjectProperty<String> revealed() {
        return revealed.getReadOnlyProperty();
    }

    void reveal(String id) {
        revealed.set(null);
        revealed.set(id);
    }

    /** A message from the stream for the place shown. Shown at the next {@link #commit}. */
    void received(ChatMessage message) {
        arriving.add(message);
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
        arriving.clear();
        messages.removeIf(item -> item.delivery() == MessageItem.Delivery.SENT);
        ids.clear();
        known.clear();
        hasOlder.set(true);
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
            // Said in the app's language when the server sent it as a sentence (older notices: their English).
            String said = message.said() != null ? Words.catalog().say(message.said()) : message.text();
            return new MessageItem(MessageItem.Kind.NOTICE, message.id(), null, message.author(), said,
                    message.sentAt(), false, MessageItem.Delivery.SENT, null, true, List.of(), List.of(), false);
        }
        return new MessageItem(MessageItem.Kind.MESSAGE, message.id(), message.clientId(), message.author(),
                message.text(), message.sentAt(), Names.key(message.author()).equals(myKey), MessageItem.Delivery.SENT,
                null, message.verified(), message.files(), message.content(), isForMe(message),
                message.replyTo(), message.editedAt() != null, message.deleted(), message.reactions(),
                message.removedBy(), message.thread(), message.alsoInRoom(), message.pinned(), message.app());
    }

    /**
     * A thread's root as the newest reply says it stands (how many replies, who, when): redrawn when the list holds
     * it, or about to.
     */
    void threadChanged(String root, ChatMessage.Thread thread) {
        for (int i = arriving.size() - 1; i >= 0; i--) {
            if (arriving.get(i).id().equals(root)) {
                arriving.set(i, arriving.get(i).withThread(thread));
            }
        }
        ChatMessage held = known.get(root);
        if (held != null) {
            ChatMessage now = held.withThread(thread);
            known.put(root, now);
            int at = indexOf(root);
            if (at >= 0) {
                messages.set(at, itemOf(now));
            }
        }
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
