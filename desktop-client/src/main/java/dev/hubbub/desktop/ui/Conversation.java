package dev.hubbub.desktop.ui;

import dev.hubbub.chat.ChatMessage;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The messages and the people of one room, as the window shows them: in id order, each once, our own on their way
 * at the end until the room has them. Keeps the newest {@value #MAX_MESSAGES} messages.
 *
 * <p>FX thread only (the {@link Session} feeds it through the {@link UiQueue}).
 */
public final class Conversation {
    static final int MAX_MESSAGES = 5000;

    private final ObservableList<MessageItem> messages = FXCollections.observableArrayList();
    private final ObservableList<String> online = FXCollections.observableArrayList();
    private final Set<Long> ids = new HashSet<>();
    private final Map<String, MessageItem> ours = new HashMap<>();
    private final String me;

    public Conversation(String me) {
        this.me = me;
    }

    public ObservableList<MessageItem> messages() {
        return messages;
    }

    public ObservableList<String> online() {
        return online;
    }

    /** A message from the room's stream: new, or one of ours coming back (matched by client id). */
    void received(ChatMessage message) {
        if (!ids.add(message.id())) {
            return;
        }
        boolean mine = message.author().equalsIgnoreCase(me);
        MessageItem item = MessageItem.received(message.id(), message.clientId(), message.author(), message.text(),
                message.sentAt(), mine);
        MessageItem waiting = message.clientId() == null ? null : ours.remove(message.clientId());
        if (waiting != null) {
            int at = messages.indexOf(waiting);
            if (at >= 0) {
                messages.remove(at);
            }
        }
        insertInOrder(item);
    }

    /** A tutorial server's line: shown as it came, or as ours if it is the echo of one we sent. */
    void receivedLine(String line) {
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
        MessageItem item = MessageItem.pending(clientId, author, text);
        ours.put(clientId, item);
        append(item);
    }

    /** The room acknowledged one of ours; the stream may or may not have brought it back already. */
    void acknowledged(String clientId, long id, Instant at) {
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
        MessageItem waiting = ours.get(clientId);
        if (waiting != null) {
            replace(waiting, waiting.failed(reason));
        }
    }

    void retrying(String clientId) {
        MessageItem waiting = ours.get(clientId);
        if (waiting != null) {
            replace(waiting, waiting.retrying());
        }
    }

    void notice(String text) {
        append(MessageItem.notice(text));
    }

    /** The room's history started over: what we showed belongs to its past. */
    void reset() {
        messages.removeIf(item -> item.delivery() == MessageItem.Delivery.SENT);
        ids.clear();
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

    private void replace(MessageItem old, MessageItem updated) {
        int at = messages.indexOf(old);
        if (at >= 0) {
            messages.set(at, updated);
        }
        if (updated.clientId() != null && ours.containsKey(updated.clientId())) {
            ours.put(updated.clientId(), updated);
        }
    }

    /** Before our own messages still on their way, after every message with a smaller id. */
    private void insertInOrder(MessageItem item) {
        int at = messages.size();
        while (at > 0) {
            MessageItem before = messages.get(at - 1);
            boolean ahead = before.delivery() != MessageItem.Delivery.SENT && before.id() == 0
                    || before.id() > item.id();
            if (!ahead) {
                break;
            }
            at--;
        }
        messages.add(at, item);
        trim();
    }

    private void append(MessageItem item) {
        messages.add(item);
        trim();
    }

    private void trim() {
        while (messages.size() > MAX_MESSAGES) {
            MessageItem dropped = messages.remove(0);
            ids.remove(dropped.id());
        }
    }
}
