package dev.hubbub.server.cli;

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
@Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sends one message to a room (general unless --room) or to a person (--to), and prints its id.",
            "The text is the arguments, or else all of standard input (line breaks kept).",
            "A lost answer is retried with the same client id, so the message is stored once."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stored", "1:refused (the reason is printed) or the room could not be reached",
            "2:bad command line"})
final class SendCommand implements Callable<Integer> {
    private static final int ATTEMPTS = 3;

    @Spec
    private CommandSpec spec;

    @Mixin
    private RoomClient room;

    static final class Where {
        @Option(names = "--room", paramLabel = "ID", description = "The room's id (see GET /rooms), such as design.")
        String room;

        @Option(names = "--to", paramLabel = "NAME", description = "A person: a direct message (needs a token).")
        String to;
    }

    @ArgGroup(exclusive = true)
    private Where where = new Where();

    @Option(names = "--name", paramLabel = "NAME",
            description = "Without a token: the name to post as (one nobody has claimed; shown as not signed in).")
    private String name;

    @Parameters(paramLabel = "TEXT", arity = "0..*", description = "The message (default: standard input).")
    private List<String> words = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        String token = room.token();
        if (token == null && name == null) {
            throw new CommandFailure("say who is sending: a token (" + RoomClient.TOKEN_VARIABLE + " or --token-file)"
                    + " or, for a public room, --name NAME");
        }
        if (token != null && name != null) {
            throw new CommandFailure("--name is for sending without a token; with one, the token's name is used");
        }
        String text = words.isEmpty() ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                : String.join(" ", words);
        Draft draft;
        try {
            draft = Draft.of(name, text, "cli-" + UUID.randomUUID());
            draft = where.to != null ? draft.toPerson(where.to) : where.room != null ? draft.inRoom(where.room) : draft;
        } catch (InvalidMessageException e) {
            throw new CommandFailure("not sent: " + e.getMessage());
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
                throw new CommandFailure("could not reach " + room.base() + ": " + e.getMessage());
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
            throw new CommandFailure("not sent (" + status + "): " + response.body().strip());
        }
    }
}
