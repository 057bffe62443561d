package dev.hubbub.desktop.ui;

/**
 * The order of messages by id. Ids are opaque to clients; tests know that the SQLite store's end in its sequence
 * number, and read it to check the order.
 */
final class Ids {
    private Ids() {
    }

    static long seq(String id) {
        return Long.parseLong(id.substring(id.lastIndexOf('.') + 1));
    }
}
