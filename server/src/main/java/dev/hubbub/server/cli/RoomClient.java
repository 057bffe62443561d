package dev.hubbub.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.Names;
import dev.hubbub.chat.Sentence;
import dev.hubbub.server.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
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
     * The id of the room people see as {@code given}: its id when one room has it, else the id of the room whose
     * name compares equal ({@link Names#key}), as {@code GET /rooms} lists them; {@code given} itself when no room
     * has that name either, so the server says there is none.
     */
    String roomId(String given, String token) throws IOException, InterruptedException {
        java.net.http.HttpResponse<String> listed = http().send(request("rooms", token).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        if (listed.statusCode() != 200) {
            return given;
        }
        String named = null;
        for (JsonNode room : ChatJson.mapper().readTree(listed.body()).path("rooms")) {
            String id = room.path("id").asText();
            if (id.equals(given)) {
                return id;
            }
            if (named == null && Names.key(room.path("name").asText()).equals(Names.key(given))) {
                named = id;
            }
        }
        return named != null ? named : given;
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
