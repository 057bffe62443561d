package dev.hubbub.desktop.net;

import java.time.Duration;

/**
 * What the status bar says about the connection.
 *
 * @param state where the connection is
 * @param detail why, when something went wrong (null when all is well)
 * @param retryIn how long until the next attempt, while reconnecting
 */
public record ConnectionStatus(State state, String detail, Duration retryIn) {

    public enum State { CONNECTING, CONNECTED, RECONNECTING, CLOSED }

    public static ConnectionStatus connecting() {
        return new ConnectionStatus(State.CONNECTING, null, null);
    }

    public static ConnectionStatus connected() {
        return new ConnectionStatus(State.CONNECTED, null, null);
    }

    public static ConnectionStatus reconnecting(String why, Duration in) {
        return new ConnectionStatus(State.RECONNECTING, why, in);
    }

    public static ConnectionStatus closed() {
        return new ConnectionStatus(State.CLOSED, null, null);
    }
}
