package dev.hubbub.desktop;

import dev.hubbub.server.ServerConfig;
import dev.hubbub.server.cli.Hubbub;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The installed {@code hubbub}: {@code hubbub desktop} (the default with no arguments) opens the app; every server
 * subcommand ({@code serve}, {@code decode}) works as in the server's own jar, so one install also covers a LAN host.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        CommandLine commandLine = Hubbub.commandLine();
        // The server's own "desktop" only lists the command and hands it here; this one is the app, options and all.
        commandLine.getCommandSpec().removeSubcommand("desktop");
        Hubbub.speaking(commandLine.addSubcommand("desktop", new DesktopCommand()));
        System.exit(commandLine.execute(args.length == 0 ? new String[] {"desktop"} : args));
    }

    @Command(name = "desktop", mixinStandardHelpOptions = true, sortOptions = false)
    static final class DesktopCommand implements Callable<Integer> {
        @Option(names = "--server", paramLabel = "URL")
        String server;

        @Option(names = "--name", paramLabel = "NAME")
        String name;

        @Option(names = "--config-dir", paramLabel = "DIR")
        Path configDir;

        @Option(names = "--data-dir", paramLabel = "DIR")
        Path dataDir;

        @Option(names = "--host-port", paramLabel = "PORT", defaultValue = "8080")
        int hostPort;

        @Option(names = "--theme", paramLabel = "THEME", defaultValue = "system",
                converter = ThemeConverter.class)
        dev.hubbub.desktop.ui.Theme theme;

        @Option(names = "--language", paramLabel = "LANGUAGE")
        String language;

        @Override
        public Integer call() {
            HubbubDesktop.launch(new DesktopConfig(server, name,
                    configDir == null ? DesktopConfig.defaultConfigDir() : configDir,
                    dataDir == null ? ServerConfig.defaultDataDir() : dataDir, hostPort, theme, language));
            return 0;
        }
    }

    /** {@code --theme}'s words, in any case. */
    static final class ThemeConverter implements picocli.CommandLine.ITypeConverter<dev.hubbub.desktop.ui.Theme> {
        @Override
        public dev.hubbub.desktop.ui.Theme convert(String value) {
            try {
                return dev.hubbub.desktop.ui.Theme.of(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        dev.hubbub.desktop.ui.Words.t("cli.themeNot", "value", value));
            }
        }
    }
}
