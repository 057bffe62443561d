package dev.hubbub.desktop.ui;

import java.util.List;
import java.util.function.Consumer;

/**
 * The window title: the room's name, and while the window is not focused, how many messages came in since —
 * {@code (3) Office — Hubbub}. Our own messages and notices do not count. FX thread only.
 */
final class WindowTitle {
    private final Consumer<String> setTitle;
    private String room;
    private boolean focused = true;
    private int unread;

    WindowTitle(Consumer<String> setTitle) {
        this.setTitle = setTitle;
        show();
    }

    void room(String name) {
        room = name;
        show();
    }

    void focused(boolean isFocused) {
        focused = isFocused;
        if (focused) {
            unread = 0;
        }
        show();
    }

    /** New rows in the message list (not rows that changed state). */
    void added(List<? extends MessageItem> items) {
        if (focused) {
            return;
        }
        unread += (int) items.stream().filter(i -> !i.mine() && i.kind() == MessageItem.Kind.MESSAGE).count();
        show();
    }

    void reset() {
        room = null;
        unread = 0;
        show();
    }

    private void show() {
        String title = room == null ? "Hubbub" : room + " — Hubbub";
        setTitle.accept(unread > 0 ? "(" + unread + ") " + title : title);
    }
}
