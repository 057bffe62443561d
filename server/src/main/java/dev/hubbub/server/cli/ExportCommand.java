package dev.hubbub.server.cli;

import dev.hubbub.chat.Sentence;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.DataDirectory;
import dev.hubbub.server.HubbubServer;
import dev.hubbub.server.ServerConfig;
import dev.hubbub.server.export.Export;
import dev.hubbub.server.export.ExportFormat;
import dev.hubbub.server.export.Exporter;
import dev.hubbub.server.files.FileLimits;
import dev.hubbub.server.files.FileStore;
import dev.hubbub.server.hub.Hub;
import dev.hubbub.server.importing.Rollback;
import dev.hubbub.server.hub.HubSettings;
import dev.hubbub.server.store.SqliteStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hubbub export}: every room (or one, {@code --room}) as JSON or as a page that needs no server, written to a
 * file. From a stopped server's data directory, read directly (its lock taken while it reads, as a server would, so
 * no server starts on it meanwhile), or from a running server over HTTP with a host's token ({@code GET /export}).
 * Written beside the file and moved into place when whole, so a failed export never leaves a file that looks whole.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false)
final class ExportCommand implements Callable<Integer> {
    /** The file name a server gives its export: only letters, digits, '.', '_' and '-' are taken from it. */
    private static final Pattern FILE_NAME = Pattern.compile("filename=\"([\\p{L}\\p{N}._-]+)\"");
    /** What a name from the server must look like to be taken: {@code hubbub-…} in the format asked for. */
    private static final Pattern EXPORT_NAME = Pattern.compile("hubbub-[\\p{L}\\p{N}._-]+");

    @Spec
    private CommandSpec spec;

    /** Where the export is read: a stopped server's data directory (the default), or a running server. */
    static final class Source {
        @ArgGroup(exclusive = false)
        DataDirOptions stopped;

        @ArgGroup(exclusive = false)
        RoomClient running;
    }

    @ArgGroup(exclusive = true)
    private Source source = new Source();

    @Option(names = "--room", paramLabel = "ROOM")
    private String room;

    @Option(names = "--format", paramLabel = "FORMAT")
    private String format = ExportFormat.JSON.extension();

    @Option(names = "--out", paramLabel = "FILE")
    private Path out;

    @Override
    public Integer call() throws Exception {
        ExportFormat chosen = ExportFormat.named(format).orElseThrow(() -> new picocli.CommandLine.ParameterException(
                spec.commandLine(), Hubbub.words().say(Sentence.of("server.exportFormat"))));
        Path written = source.running != null ? fromServer(source.running, chosen) : fromDataDirectory(
                source.stopped != null ? source.stopped : new DataDirOptions(), chosen);
        spec.commandLine().getOut().println(Hubbub.words().say(Sentence.of("cli.export.done", "file",
                written.toString())));
        return 0;
    }

    /** Reads the data directory itself, holding its lock: a running server's is refused, pointing to --server. */
    private Path fromDataDirectory(DataDirOptions where, ExportFormat chosen) throws IOException {
        Path data = where.data();
        if (!Files.isRegularFile(data.resolve(HubbubServer.DATABASE))) {
            throw new CommandFailure(Sentence.of("cli.export.noData", "dir", data.toString()));
        }
        try (DataDirectory directory = DataDirectory.open(data)) {
            Path database = directory.privateFile(HubbubServer.DATABASE);
            // An import killed midway left its undo folder: what is exported is the directory as it was before.
            if (Rollback.undoUnfinished(database)) {
                spec.commandLine().getErr().println(Hubbub.words().say(Sentence.of("cli.import.undone", "dir",
                        data.toString())));
            }
            try (SqliteStore store = SqliteStore.open(database, 0);
                 FileStore files = FileStore.open(where.files(), store.files(), FileLimits.defaults(),
                         Clock.systemUTC());
                 Hub hub = new Hub(HubSettings.defaults(ServerConfig.defaultRoomName()), store.events(),
                         store.directory().rooms(), "hubbub")) {
                List<StreamEvents.RoomInfo> rooms = store.directory().rooms();
                List<StreamEvents.RoomInfo> wanted = room == null ? rooms
                        : RoomClient.find(rooms, room).map(List::of).orElseThrow(() -> new CommandFailure(Sentence.of("server.thereIsNoRoom", "id", room)));
                Export export = new Export(hub.name(), Instant.now(), System.getProperty("user.name", "hubbub"),
                        wanted);
                Path target = out != null ? out : refuseExisting(Path.of(export.fileName(chosen)));
                Path part = partOf(target);
                try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(part), 64 * 1024)) {
                    new Exporter(hub, files).write(export, chosen, Hubbub.words(), null, file);
                } catch (IOException | RuntimeException e) {
                    Files.deleteIfExists(part);
                    throw e;
                }
                return into(part, target);
            }
        } catch (DataDirectory.InUseException e) {
            throw new CommandFailure(Sentence.of("cli.export.running", "dir", data.toString(), "port",
                    e.port().map(String::valueOf).orElse("PORT")));
        }
    }

    /** Asks a running server for its export ({@code GET /export}), with the token the command was given. */
    private Path fromServer(RoomClient server, ExportFormat chosen) throws IOException, InterruptedException {
        String token = server.token();
        String query = room == null ? "all=1" : "room=" + URLEncoder.encode(server.roomId(room, token),
                StandardCharsets.UTF_8);
        HttpRequest request = server.request("export?" + query + "&format=" + chosen.extension(), token)
                .header("Accept-Language", Locale.getDefault().toLanguageTag()).GET().build();
        Path part = partOf(out != null ? out : Path.of("hubbub-export." + chosen.extension()));
        HttpResponse<Path> response;
        try {
            response = server.http().send(request, HttpResponse.BodyHandlers.ofFile(part));
        } catch (IOException e) {
            Files.deleteIfExists(part);
            throw new CommandFailure(Sentence.of("cli.failure.couldNotReach", "base", server.base(),
                    "message", Failures.describe(e)));
        }
        if (response.statusCode() != 200) {
            String reason = Files.readString(part, StandardCharsets.UTF_8).strip();
            Files.deleteIfExists(part);
            throw new CommandFailure(Sentence.of("cli.export.refused", "status", response.statusCode(),
                    "reason", reason));
        }
        Path target = out;
        if (target == null) {
            Matcher named = FILE_NAME.matcher(response.headers().firstValue("Content-Disposition").orElse(""));
            String name = named.find() ? named.group(1) : "";
            target = Path.of(EXPORT_NAME.matcher(name).matches() && name.endsWith("." + chosen.extension()) ? name
                    : "hubbub-export." + chosen.extension());
            try {
                refuseExisting(target);
            } catch (CommandFailure exists) {
                Files.deleteIfExists(part);
                throw exists;
            }
        }
        return into(part, target);
    }

    /** {@code name}, unless a file has it: without {@code --out} the command never writes over one. */
    private static Path refuseExisting(Path name) {
        if (Files.exists(name, LinkOption.NOFOLLOW_LINKS)) {
            throw new CommandFailure(Sentence.of("cli.export.exists", "file", name.toString()));
        }
        return name;
    }

    /**
     * Moves the whole export into place: over {@code target} when {@code --out} named it, else only when nothing is
     * there (a file that appeared meanwhile is kept, and the export stays beside it as {@code .part}).
     */
    private Path into(Path part, Path target) throws IOException {
        if (out != null) {
            return Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            return Files.move(part, target);
        } catch (FileAlreadyExistsException exists) {
            throw new CommandFailure(Sentence.of("cli.export.exists", "file", target.toString()));
        }
    }

    /** Where the export is written until it is whole: beside the file, so moving it into place is one rename. */
    private static Path partOf(Path target) {
        Path absolute = target.toAbsolutePath();
        return absolute.resolveSibling(absolute.getFileName() + ".part");
    }
}
