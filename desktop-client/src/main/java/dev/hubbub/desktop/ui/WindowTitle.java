package dev.hubbub.desktop.ui;

import java.util.List;
import java.util.function.Consumer;

/**
 * The window title: the room's name, and how many messages the reader has not seen — {@code (3) Office — Hubbub}:
 * those waiting in other places (muted ones aside), and while the window is not focused, those that came into the
 * place shown. Our own messages and notices do not count. FX thread only.
 */
final class WindowTitle {
    private final Consumer<String> setTitle;
    private String room;
    private boolean focused = true;
    private int unread;
    private int elsewhere;

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

    /** Unseen messages in the places not shown, muted ones aside. */
    void elsewhere(int count) {
        elsewhere = count;
        show();
    }

    void reset() {
        room = null;
        unread = 0;
        elsewhere = 0;
        show();
    }

    private void show() {
        String title = room == null ? "Hubbub" : room + " — Hubbub";
        int count = unread + elsewhere;
        setTitle.accept(count > 0 ? "(" + count + ") " + title : title);
    }
}
