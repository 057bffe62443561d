package dev.hubbub.server.cli;

import dev.hubbub.chat.Sentence;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.InvalidMessageException;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.sse.EventStreamException;
import dev.hubbub.sse.EventStreamParser;
import dev.hubbub.sse.ServerSentEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code hubbub tail}: prints a room's messages as they arrive, for scripts and terminals. Reads the structured
 * stream with Hubbub's own parser, reconnects after the server's {@code retry} with the last id it had, and with
 * {@code --state-file} keeps that id between runs, so a restarted tail prints each message once.
 */
@Command(name = "tail", mixinStandardHelpOptions = true, sortOptions = false)
final class TailCommand implements Callable<Integer> {
    private static final long MIN_RETRY_MILLIS = 1000;

    @Spec
    private CommandSpec spec;

    @Mixin
    private RoomClient room;

    @Option(names = "--room", paramLabel = "ROOM")
    private String only;

    @Option(names = "--state-file", paramLabel = "FILE")
    private Path stateFile;

    @Option(names = "--json")
    private boolean json;

    private String lastId;
    /** Held while a message is printed and its id kept, so that stopping never falls between the two. */
    private final Object printing = new Object();
    private boolean stopping;
    private long retryMillis = 2000;
    private String me;

    @Override
    public Integer call() throws IOException, InterruptedException {
        String token = room.token();
        lastId = readState();
        if (only != null) {
            only = roomOf(only, token);
        }
        PrintWriter out = spec.commandLine().getOut();
        // Ctrl-C or a TERM signal: let the message being printed be kept as printed, and print no other.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (printing) {
                stopping = true;
            }
        }, "hubbub-tail-stop"));
        while (true) {
            try {
                follow(token, out);
            } catch (IOException e) {
                spec.commandLine().getErr().println("tail: " + Hubbub.words().t("cli.tail.reconnecting",
                        "reason", e.getMessage()));
            }
            Thread.sleep(Math.max(MIN_RETRY_MILLIS, retryMillis));
        }
    }

    /** {@code --room} as the id of a room the server has (given by id or by name), or a failure saying there is none. */
    private String roomOf(String given, String token) throws IOException, InterruptedException {
        return RoomClient.find(room.rooms(token), given).map(StreamEvents.RoomInfo::id)
                .orElseThrow(() -> new CommandFailure(Sentence.of("cli.failure.thereIsNoRoomGet", "only", given)));
    }

    /** One connection: prints what it brings until it ends. */
    private void follow(String token, PrintWriter out) throws IOException, InterruptedException {
        HttpRequest.Builder request = room.request("chat?view=json", token).header("Accept", "text/event-stream");
        request.timeout(java.time.Duration.ofDays(365));
        if (lastId != null) {
            request.header("Last-Event-ID", lastId);
        }
        HttpResponse<InputStream> response = room.http().send(request.GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                String reason = new String(body.readNBytes(500), StandardCharsets.UTF_8).strip();
                if (response.statusCode() >= 500 || response.statusCode() == 429) {
                    throw new IOException(room.base() + " answered " + response.statusCode() + ": " + reason);
                }
                throw new CommandFailure(Sentence.of("cli.failure.answered2", "base", room.base(), "statusCode", response.statusCode(), "reason", reason));
            }
            EventStreamParser parser = new EventStreamParser(new EventStreamParser.Handler() {
                @Override
                public void onEvent(ServerSentEvent event) {
                    print(event, out);
                }

                @Override
                public void onRetry(long millis) {
                    retryMillis = millis;
                }
            });
            byte[] buffer = new byte[16 * 1024];
            for (int n; (n = body.read(buffer)) >= 0; ) {
                parser.feed(buffer, 0, n);
            }
        } catch (EventStreamException e) {
            throw new IOException("a bad event stream: " + e.getMessage(), e);
        }
    }

    private void print(ServerSentEvent event, PrintWriter out) {
        try {
            if (event.type().equals(StreamEvents.HELLO)) {
                JsonNode hello = ChatJson.mapper().readTree(event.data());
                me = hello.path("you").isTextual() ? hello.path("you").asText() : null;
                return;
            }
            if (!event.type().equals(StreamEvents.CHAT)) {
                return;
            }
            ChatMessage message = ChatJson.read(event.data(), ChatMessage.class);
            synchronized (printing) {
                if (stopping) {
                    return;
                }
                if (only == null || only.equals(message.room())) {
                    out.println(json ? event.data() : lineOf(message));
                    out.flush();
                }
                lastId = message.id();
                saveState();
            }
        } catch (IOException | InvalidMessageException e) {
            spec.commandLine().getErr().println("tail: " + Hubbub.words().t("cli.tail.skipped",
                    "reason", e.getMessage()));
        }
    }

    private String lineOf(ChatMessage message) {
        if (message.notice()) {
            // What the host did, as the room says it (in this machine's language), not as a person's "NAME: text".
            String said = "* " + (message.said() != null ? Hubbub.words().say(message.said()) : message.text());
            return only != null ? said : "#" + message.room() + " " + said;
        }
        if (only != null) {
            return message.displayLine();
        }
        if (message.isDirect()) {
            String other = me != null && message.author().equalsIgnoreCase(me) ? message.to() : message.author();
            return "@" + other + " " + message.displayLine();
        }
        return "#" + message.room() + " " + message.displayLine();
    }

    private String readState() {
        if (stateFile == null || !Files.exists(stateFile)) {
            return null;
        }
        try {
            String id = Files.readString(stateFile, StandardCharsets.UTF_8).strip();
            return id.isEmpty() ? null : id;
        } catch (IOException e) {
            throw new CommandFailure(Sentence.of("cli.failure.cannotRead", "stateFile", stateFile, "message", e.getMessage()));
        }
    }

    /** Written beside the file and moved over it, so a tail killed mid-write leaves the old id, not half of one. */
    private void saveState() throws IOException {
        if (stateFile == null) {
            return;
        }
        Path part = stateFile.resolveSibling(stateFile.getFileName() + ".part");
        Files.writeString(part, lastId + "\n", StandardCharsets.UTF_8);
        Files.move(part, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
