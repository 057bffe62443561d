package dev.hubbub.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.Names;
import dev.hubbub.chat.Sentence;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * What {@code hubbub send} and {@code hubbub tail} share: where the room is, and who is speaking. A token comes from
 * {@value #TOKEN_VARIABLE} or {@code --token-file}, never from the command line, where other users could read it.
 */
final class RoomClient {
    static final String TOKEN_VARIABLE = "HUBBUB_TOKEN";

    @Option(names = "--server", paramLabel = "URL", required = true)
    String server;

    @Option(names = "--token-file", paramLabel = "FILE")
    Path tokenFile;

    /** The room's base URI, ending in '/'. */
    URI base() {
        String text = server.strip();
        String lower = text.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            if (lower.contains("://")) {
                throw new CommandFailure(Sentence.of("cli.failure.serverTakesAnHttpOr", "server", server));
            }
            text = "http://" + text;
        }
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(Sentence.of("cli.failure.serverIsNotAnAddress", "server", server));
        }
        if (uri.getHost() == null) {
            throw new CommandFailure(Sentence.of("cli.failure.serverHasNoHost", "server", server));
        }
        int port = uri.getPort() >= 0 ? uri.getPort()
                : lower.startsWith("https://") ? 443 : lower.startsWith("http://") ? 80 : ServerConfig.DEFAULT_PORT;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority().replaceAll(":\\d+$", "") + ":" + port
                + (path.endsWith("/") ? path : path + "/"));
    }

    /** The token to send, if there is one. */
    String token() {
        if (tokenFile != null) {
            try {
                String token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
                if (token.isEmpty()) {
                    throw new CommandFailure(Sentence.of("cli.failure.isEmptyItShouldHold", "tokenFile", tokenFile));
                }
                return token;
            } catch (IOException e) {
                throw new CommandFailure(Sentence.of("cli.failure.cannotReadTheTokenFrom", "tokenFile", tokenFile, "message", e.getMessage()));
            }
        }
        String fromEnvironment = System.getenv(TOKEN_VARIABLE);
        return fromEnvironment == null || fromEnvironment.isBlank() ? null : fromEnvironment.strip();
    }

    HttpClient http() {
        // HTTP/1.1: the JDK's client upgrading to HTTP/2 on a plain connection (h2c) now and then misreads a long
        // answer as a bad frame (JDK 17 and 25); over HTTP/1.1 it never does.
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /**
     * The id of the room people see as {@code given} ({@link #find}), as {@code GET /rooms} lists them; {@code given}
     * itself when no room has that id or name, so the server says there is none.
     */
    String roomId(String given, String token) throws IOException, InterruptedException {
        return find(rooms(token), given).map(StreamEvents.RoomInfo::id).orElse(given);
    }

    /** The rooms {@code GET /rooms} lists; a failure with the server's words when it answers anything else. */
    List<StreamEvents.RoomInfo> rooms(String token) throws IOException, InterruptedException {
        java.net.http.HttpResponse<String> listed = http().send(request("rooms", token).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        if (listed.statusCode() != 200) {
            throw new CommandFailure(Sentence.of("cli.failure.answered", "base", base(), "statusCode",
                    listed.statusCode(), "value", listed.body().strip()));
        }
        List<StreamEvents.RoomInfo> rooms = new ArrayList<>();
        for (JsonNode room : ChatJson.mapper().readTree(listed.body()).path("rooms")) {
            rooms.add(ChatJson.mapper().treeToValue(room, StreamEvents.RoomInfo.class));
        }
        return rooms;
    }

    /**
     * The room a person means by {@code given} on a command line: the one with that id, else the first whose name
     * compares equal ({@link Names#key}), so {@code --room Design} finds the room {@code design} named "Design".
     */
    static Optional<StreamEvents.RoomInfo> find(List<StreamEvents.RoomInfo> rooms, String given) {
        return rooms.stream().filter(room -> room.id().equals(given)).findFirst()
                .or(() -> rooms.stream().filter(room -> Names.key(room.name()).equals(Names.key(given))).findFirst());
    }

    /** A request to {@code path} of the room, with the token when there is one. */
    HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base().resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }
}
