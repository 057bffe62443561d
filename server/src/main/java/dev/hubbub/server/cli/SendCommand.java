package dev.hubbub.server.cli;

import dev.hubbub.chat.Sentence;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hubbub.chat.ChatJson;
import dev.hubbub.chat.Draft;
import dev.hubbub.chat.InvalidMessageException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hubbub send}: one message into a room or to a person, from a script or a build machine. */
@Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false)
final class SendCommand implements Callable<Integer> {
    private static final int ATTEMPTS = 3;

    @Spec
    private CommandSpec spec;

    @Mixin
    private RoomClient room;

    static final class Where {
        @Option(names = "--room", paramLabel = "ROOM")
        String room;

        @Option(names = "--to", paramLabel = "NAME")
        String to;
    }

    @ArgGroup(exclusive = true)
    private Where where = new Where();

    @Option(names = "--name", paramLabel = "NAME")
    private String name;

    @Parameters(paramLabel = "TEXT", arity = "0..*", descriptionKey = "text")
    private List<String> words = new ArrayList<>();

    /** The room's id, asked of the server when {@code --room} gave its name; unreachable, the server says so later. */
    private String roomId(String given, String token) throws InterruptedException {
        try {
            return room.roomId(given, token);
        } catch (IOException e) {
            return given;
        }
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        String token = room.token();
        // Who sends is part of the command line: without one, or with both, it is a bad command line (exit 2).
        if (token == null && name == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), Hubbub.words().say(
                    Sentence.of("cli.failure.sayWhoIsSendingA", "variable", RoomClient.TOKEN_VARIABLE)));
        }
        if (token != null && name != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    Hubbub.words().say(Sentence.of("cli.failure.nameIsForSendingWithout")));
        }
        String text = words.isEmpty() ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                : String.join(" ", words);
        String roomId = where.room == null ? null : roomId(where.room, token);
        Draft draft;
        try {
            draft = Draft.of(name, text, "cli-" + UUID.randomUUID());
            draft = where.to != null ? draft.toPerson(where.to) : roomId != null ? draft.inRoom(roomId) : draft;
        } catch (InvalidMessageException e) {
            throw new CommandFailure(Sentence.of("cli.failure.notSent", "message",
                    e.sentence().<Object>map(said -> said).orElse(e.getMessage())));
        }
        HttpRequest request = room.request("chat", token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ChatJson.write(draft))).build();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response;
            try {
                response = room.http().send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (attempt < ATTEMPTS) {
                    Thread.sleep(1000L * attempt);
                    continue;
                }
                // Why, as a sentence: a refused connection's exception has no message of its own.
                throw new CommandFailure(Sentence.of("cli.failure.couldNotReach", "base", room.base(),
                        "message", Failures.describe(e)));
            }
            int status = response.statusCode();
            if (status == 200 || status == 201) {
                JsonNode accepted = ChatJson.mapper().readTree(response.body());
                PrintWriter out = spec.commandLine().getOut();
                out.println(accepted.path("id").asText());
                out.flush();
                return 0;
            }
            if (status >= 500 && attempt < ATTEMPTS) {
                Thread.sleep(1000L * attempt);
                continue;
            }
            throw new CommandFailure(Sentence.of("cli.failure.notSent2", "status", status, "value", response.body().strip()));
        }
    }
}
