package dev.hubbub.server.cli;

import dev.hubbub.server.HubbubServer;
import dev.hubbub.server.ServerConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a server keeps its state, for the commands that work on it beside or instead of serving it ({@code backup},
 * {@code import}): the data directory, and the uploaded files' directory when it is not {@code files/} in it. Each
 * command says in its own words what they are for (its {@code cli.hubbub.COMMAND.data-dir} and {@code files-dir}).
 */
final class DataDirOptions {
    @Option(names = "--data-dir", paramLabel = "DIR")
    private Path dataDir;

    @Option(names = "--files-dir", paramLabel = "DIR")
    private Path filesDir;

    /** The data directory: as given, else the one {@code hubbub serve} uses. */
    Path data() {
        return dataDir != null ? dataDir : ServerConfig.defaultDataDir();
    }

    /** Where the uploaded files are: as given, else {@code files/} in the data directory. */
    Path files() {
        return filesDir != null ? filesDir : data().resolve(HubbubServer.FILES);
    }
}
