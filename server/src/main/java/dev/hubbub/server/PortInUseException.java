package dev.hubbub.server;

import java.io.IOException;

/** The port the server was to listen on is taken by another program. */
public class PortInUseException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int port;

    public PortInUseException(int port, Throwable cause) {
        super("port " + port + " is already in use by another program", cause);
        this.port = port;
    }

    public int port() {
        return port;
    }
}
