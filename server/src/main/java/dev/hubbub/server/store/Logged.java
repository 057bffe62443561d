package dev.hubbub.server.store;

/** An event with its place in the log. */
public record Logged(Position position, LogEvent event) {
}
