package dev.hubbub.server.cli;

import dev.hubbub.chat.Sentence;
import dev.hubbub.server.backup.Backup;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hubbub backup --data-dir DIR OUT}: a consistent copy of a server's whole state into {@code OUT}, while the
 * server runs ({@link Backup}). {@code hubbub serve --data-dir OUT} serves the copy.
 */
@Command(name = "backup", mixinStandardHelpOptions = true)
final class BackupCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private DataDirOptions where;

    @Option(names = "--store", paramLabel = "URI")
    private String store;

    @Parameters(index = "0", paramLabel = "OUT", descriptionKey = "out")
    private Path out;

    @Override
    public Integer call() throws Exception {
        Path data = where.data();
        Path files = where.files();
        if (store != null) {
            throw new CommandFailure(Backup.redisRefusal(files));
        }
        Backup.Result result;
        try {
            result = Backup.take(data, files, out);
        } catch (Backup.Refusal refusal) {
            throw new CommandFailure(refusal.sentence());
        }
        spec.commandLine().getOut().println(Hubbub.words().say(Sentence.of("cli.backup.done", "dir",
                out.toString(), "events", result.events(), "files", result.files(), "bytes", result.bytes())));
        if (result.gone() > 0) {
            spec.commandLine().getOut().println(Hubbub.words().say(Sentence.of("cli.backup.gone",
                    "count", result.gone())));
        }
        return 0;
    }
}
