package dev.hubbub.server.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code hubbub} command in a JVM of its own, with this test's classpath: what a user runs, minus the jar.
 * Lines of standard output can be awaited one by one, which proves the command flushes as it goes.
 */
final class CommandProcess implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();
    private final Thread stdoutReader;
    private final Thread stderrReader;

    private CommandProcess(Process process) {
        this.process = process;
        this.stdoutReader = startDaemon(() -> drain(process, true));
        this.stderrReader = startDaemon(() -> drain(process, false));
    }

    private static Thread startDaemon(Runnable task) {
        Thread thread = new Thread(task, "command-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    static CommandProcess start(String... args) throws IOException {
        return new CommandProcess(new ProcessBuilder(command(List.of(), args)).start());
    }

    /** As {@link #start}, in {@code directory} (where a file the command names itself is written). */
    static CommandProcess startIn(Path directory, String... args) throws IOException {
        return new CommandProcess(new ProcessBuilder(command(List.of(), args)).directory(directory.toFile()).start());
    }

    /** As {@link #start}, with these options for the JVM ({@code -Xmx128m}). */
    static CommandProcess startWithJvmOptions(List<String> jvmOptions, String... args) throws IOException {
        return new CommandProcess(new ProcessBuilder(command(jvmOptions, args)).start());
    }

    /** As {@link #start}, with these variables added to the environment. */
    static CommandProcess startWithEnvironment(java.util.Map<String, String> environment, String... args)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(List.of(), args));
        builder.environment().putAll(environment);
        return new CommandProcess(builder.start());
    }

    /**
     * What a user's {@code hubbub} runs on: the server's classes and its runtime libraries (Maven writes their list
     * before the tests run), not the tests' own, which would hold open files and take memory the command never does.
     */
    private static final String RUNTIME_CLASSPATH = runtimeClasspath();

    private static String runtimeClasspath() {
        Path classes = Path.of(Hubbub.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        Path listed = classes.resolveSibling("runtime-classpath.txt");
        try {
            return classes + java.io.File.pathSeparator + java.nio.file.Files.readString(listed).strip();
        } catch (IOException e) {
            throw new IllegalStateException("no " + listed + ": Maven writes it at generate-test-resources "
                    + "(run the tests through Maven)", e);
        }
    }

    /** As {@link #start}, in a shell that first lowers the open-file limit to {@code limit} (ulimit -n). */
    static CommandProcess startWithOpenFileLimit(int limit, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "ulimit -n " + limit + " && exec \"$@\"", "bash"));
        command.addAll(command(List.of(), args));
        return new CommandProcess(new ProcessBuilder(command).start());
    }

    private static List<String> command(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The command speaks the machine's language: English here, whatever the machine running the tests speaks,
        // unless a test names another (a later -Duser.language wins).
        command.add("-Duser.language=en");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(RUNTIME_CLASSPATH);
        command.add(Hubbub.class.getName());
        command.addAll(List.of(args));
        return command;
    }

    void write(String text) throws IOException {
        process.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    void write(byte[] bytes) throws IOException {
        process.getOutputStream().write(bytes);
        process.getOutputStream().flush();
    }

    /**
     * Asks the process to stop, as Ctrl-C or a service manager would (SIGTERM on Unix). Through its handle, because
     * {@link Process#destroy()} also closes our ends of its pipes, and we want to read what it says as it stops.
     */
    void stop() {
        process.toHandle().destroy();
    }

    /** Kills the process at once (SIGKILL on Unix: no shutdown hook, no flush, like a power cut) and waits for it. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new AssertionError("the process did not die within 20 s");
        }
    }

    void closeStdin() throws IOException {
        process.getOutputStream().close();
    }

    /** The next line of standard output, waiting up to 10 s; fails the test if none comes. */
    String nextLine() throws InterruptedException {
        return nextLine(java.time.Duration.ofSeconds(10));
    }

    /** The next line of standard output, waiting up to {@code timeout}; fails the test if none comes. */
    String nextLine(java.time.Duration timeout) throws InterruptedException {
        String line = stdout.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new AssertionError("no output line within " + timeout + "; stderr: " + stderr);
        }
        return line;
    }

    /** Waits for the process to end and for all of its output to be read. */
    int exitCode() throws InterruptedException {
        return exitCode(java.time.Duration.ofSeconds(20));
    }

    /** Waits up to {@code most} for the process to end, then for all of its output to be read. */
    int exitCode(java.time.Duration most) throws InterruptedException {
        if (!process.waitFor(most.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the command did not end within " + most + "; stderr: " + stderr);
        }
        stdoutReader.join(5_000);
        stderrReader.join(5_000);
        return process.exitValue();
    }

    List<String> remainingLines() {
        List<String> lines = new ArrayList<>();
        stdout.drainTo(lines);
        return lines;
    }

    String stderr() {
        return stderr.toString();
    }

    private void drain(Process p, boolean isStdout) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                isStdout ? p.getInputStream() : p.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (isStdout) {
                    stdout.add(line);
                } else {
                    stderr.append(line).append('\n');
                }
            }
        } catch (IOException ignored) {
            // The process ended; what was read is what there is.
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
