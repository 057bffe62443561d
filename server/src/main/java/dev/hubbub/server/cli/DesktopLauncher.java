package dev.hubbub.server.cli;

import dev.hubbub.chat.Sentence;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code hubbub desktop} as the server's command line knows it: listed in {@code hubbub help} with the others, and
 * handing its arguments to the desktop app when the app is installed beside the server (the desktop package, or the
 * sources' {@code ./hubbub desktop}, replace this command with the app's own, options and all).
 */
@Command(name = "desktop")
final class DesktopLauncher implements Callable<Integer> {
    /** The desktop app's entry point, in the desktop module. */
    static final String APP = "dev.hubbub.desktop.Main";

    @Unmatched
    private List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Class<?> app;
        try {
            app = Class.forName(APP);
        } catch (ClassNotFoundException e) {
            throw new CommandFailure(Sentence.of("cli.failure.noDesktop"));
        }
        List<String> all = new ArrayList<>(List.of("desktop"));
        all.addAll(arguments);
        try {
            app.getMethod("main", String[].class).invoke(null, (Object) all.toArray(String[]::new));
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        return 0;
    }
}
