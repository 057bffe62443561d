package dev.hubbub.server.cli;

import dev.hubbub.chat.Sentence;
import dev.hubbub.server.DataDirectory;
import dev.hubbub.server.HubbubServer;
import dev.hubbub.server.files.FileLimits;
import dev.hubbub.server.files.FileStore;
import dev.hubbub.server.importing.Importer;
import dev.hubbub.server.importing.Rollback;
import dev.hubbub.server.importing.Unreadable;
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
        try (DataDirectory directory = DataDirectory.open(data)) {
            Path database = directory.privateFile(HubbubServer.DATABASE);
            if (Rollback.undoUnfinished(database)) {
                spec.commandLine().getOut().println(Hubbub.words().say(Sentence.of("cli.import.undone", "dir",
                        data.toString())));
            }
            // Everything the import writes is undone when it fails midway: the directory stays as it was.
            Rollback before = Rollback.take(database, where.files());
            try {
                result = imported(database);
            } catch (Exception | Error e) {
                before.restore();
                throw e;
            }
            before.discard();
        } catch (DataDirectory.InUseException e) {
            throw new CommandFailure(Sentence.of("cli.import.running", "dir", data.toString()));
        } catch (OutOfMemoryError e) {
            throw new CommandFailure(Sentence.of("cli.import.outOfMemory", "file", file.toString()));
        } catch (Unreadable e) {
            throw new CommandFailure(Sentence.of("cli.import.unreadable", "file", file.toString(), "reason",
                    e.reason()));
        } catch (java.io.IOException e) {
            throw new CommandFailure(Sentence.of("cli.import.unreadable", "file", file.toString(), "reason",
                    String.valueOf(e.getMessage())));
        }
        var out = spec.commandLine().getOut();
        out.println(Hubbub.words().say(Sentence.of("cli.import.done", "source",
                result.source().equals("slack") ? "Slack" : "Mattermost", "rooms", result.rooms(),
                "messages", result.messages(), "apps", result.apps(), "replies", result.replies(),
                "direct", result.direct(), "reactions", result.reactions(), "files", result.files())));
        for (Sentence note : result.report().said()) {
            out.println(Hubbub.words().say(note));
        }
        return 0;
    }

    /** The import itself, into the stores of the data directory whose lock is held. */
    private Importer.Result imported(Path database) throws java.io.IOException {
        try (SqliteStore store = SqliteStore.open(database, 0);
             FileStore files = FileStore.open(where.files(), store.files(), FileLimits.defaults(),
                     Clock.systemUTC())) {
            return new Importer(store.directory(), store.events(), files,
                    dev.hubbub.server.http.HttpLimits.defaults().maxRooms()).importFile(file);
        }
    }
}
