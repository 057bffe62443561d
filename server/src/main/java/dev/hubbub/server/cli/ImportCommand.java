package dev.hubbub.server.cli;

import dev.hubbub.chat.Sentence;
import dev.hubbub.server.DataDirectory;
import dev.hubbub.server.HubbubServer;
import dev.hubbub.server.files.FileLimits;
import dev.hubbub.server.files.FileStore;
import dev.hubbub.server.importing.Importer;
import dev.hubbub.server.store.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hubbub import --data-dir DIR FILE}: another chat's history (a Slack workspace export, a Mattermost bulk
 * export) into a server's data directory, while the server is stopped ({@link Importer}).
 */
@Command(name = "import", mixinStandardHelpOptions = true)
final class ImportCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private DataDirOptions where;

    @Parameters(index = "0", paramLabel = "FILE", descriptionKey = "file")
    private Path file;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new CommandFailure(Sentence.of("cli.import.noFile", "file", file.toString()));
        }
        Path data = where.data();
        Importer.Result result;
        try (DataDirectory directory = DataDirectory.open(data);
             SqliteStore store = SqliteStore.open(directory.privateFile(HubbubServer.DATABASE), 0);
             FileStore files = FileStore.open(where.files(),
                     store.files(), FileLimits.defaults(), Clock.systemUTC())) {
            result = new Importer(store.directory(), store.events(), files,
                    dev.hubbub.server.http.HttpLimits.defaults().maxRooms()).importFile(file);
        } catch (DataDirectory.InUseException e) {
            throw new CommandFailure(Sentence.of("cli.import.running", "dir", data.toString()));
        } catch (java.io.IOException e) {
            throw new CommandFailure(Sentence.of("cli.import.unreadable", "file", file.toString(), "reason",
                    String.valueOf(e.getMessage())));
        }
        spec.commandLine().getOut().println(Hubbub.words().say(Sentence.of("cli.import.done", "source",
                result.source().equals("slack") ? "Slack" : "Mattermost", "rooms", result.rooms(),
                "messages", result.messages(), "replies", result.replies(), "reactions", result.reactions(),
                "files", result.files())));
        if (result.filesMissing() + result.skipped() + result.again() > 0) {
            spec.commandLine().getOut().println(Hubbub.words().say(Sentence.of("cli.import.leftOut",
                    "missing", result.filesMissing(), "skipped", result.skipped(), "again", result.again())));
        }
        return 0;
    }
}
