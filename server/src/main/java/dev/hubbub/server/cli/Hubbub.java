package dev.hubbub.server.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code hubbub} command line. Each subcommand is one job; this class only wires them up. */
@Command(name = "hubbub", mixinStandardHelpOptions = true, versionProvider = Hubbub.Version.class,
        subcommands = {ServeCommand.class, SendCommand.class, TailCommand.class, BackupCommand.class,
            ImportCommand.class, ExportCommand.class, DecodeCommand.class, DesktopLauncher.class, CommandLine.HelpCommand.class})
public final class Hubbub implements Runnable {
    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The words the command prints, in the machine's language ({@code LANG}) if Hubbub has it, else English. */
    static dev.hubbub.server.text.Catalog words() {
        return dev.hubbub.server.text.Catalog.of(java.util.Locale.getDefault());
    }

    /** Gives every command of {@code commandLine} (and those added before) its help in the machine's language. */
    public static CommandLine speaking(CommandLine commandLine) {
        return commandLine.setResourceBundle(CliWords.here());
    }

    /** The configured command line: UTF-8 output, and failures reported as one readable line, not a stack trace. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Hubbub());
        speaking(commandLine);
        commandLine.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        commandLine.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        commandLine.setExecutionExceptionHandler((failure, failed, parseResult) -> {
            failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + Failures.describe(failure));
            if (!Failures.isExpected(failure)) {
                // A bug, not bad input: the details help whoever fixes it.
                if (System.getenv("HUBBUB_DEBUG") != null) {
                    failure.printStackTrace(failed.getErr());
                } else {
                    failed.getErr().println(words().t("cli.bug"));
                }
            }
            return CommandLine.ExitCode.SOFTWARE;
        });
        return commandLine;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), words().t("cli.sayWhatToDo"));
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Hubbub.class.getPackage().getImplementationVersion();
            return new String[] {"hubbub " + (version == null ? words().t("cli.developmentBuild") : version)};
        }
    }
}
