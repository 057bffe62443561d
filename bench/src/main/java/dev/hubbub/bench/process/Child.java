package dev.hubbub.bench.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JVM child process on this benchmark's own classpath, whose output lines can be awaited and to which lines can be
 * said. Benchmarks run what they measure in processes of its own, so its memory and CPU can be read from outside.
 */
public final class Child implements AutoCloseable {
    /** The JVM options Hubbub's launchers run the server with ({@code ./hubbub}, the installed ones): C1 only. */
    public static final List<String> SHIPPED_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1");

    private final String name;
    private final Process process;
    private final PrintWriter stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private Child(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    public static Child start(String name, List<String> jvmOptions, String mainClass, String... args)
            throws IOException {
        return start(name, Map.of(), jvmOptions, mainClass, args);
    }

    /** As {@link #start(String, List, String, String...)}, from another classpath (null: this one). */
    public static Child start(String name, String classpath, List<String> jvmOptions, String mainClass,
                              String... args) throws IOException {
        return start(name, Map.of(), classpath, jvmOptions, mainClass, args);
    }

    /** As {@link #start(String, List, String, String...)}, with extra environment variables ({@code DISPLAY}). */
    public static Child start(String name, Map<String, String> environment, List<String> jvmOptions,
                              String mainClass, String... args) throws IOException {
        return start(name, environment, null, jvmOptions, mainClass, args);
    }

    private static Child start(String name, Map<String, String> environment, String classpath,
                               List<String> jvmOptions, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath != null ? classpath : System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(environment);
        return new Child(name, builder.start());
    }

    /** A Hubbub server in a process of its own, and the port it listens on. */
    public record Server(Child process, int port) implements AutoCloseable {
        @Override
        public void close() {
            process.close();
        }
    }

    private static final java.util.regex.Pattern SERVER_PORT =
            java.util.regex.Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/");

    /**
     * Starts {@code hubbub serve} on loopback (a free port, no mDNS) with the launchers' JVM options and these
     * others, and waits until it says it is ready.
     *
     * @param classpath another build's classpath, to compare builds in one sitting; null: this one
     * @param extraJvmOptions besides the shipped ones ({@code -Xmx1g})
     * @param args more of {@code serve}'s options ({@code --data-dir}, limits)
     */
    public static Server startServer(String classpath, List<String> extraJvmOptions, String... args)
            throws IOException, InterruptedException {
        List<String> jvm = new ArrayList<>(extraJvmOptions);
        jvm.addAll(SHIPPED_JVM_OPTIONS);
        List<String> serve = new ArrayList<>(List.of("serve", "--host", "127.0.0.1", "--port", "0", "--no-announce"));
        serve.addAll(List.of(args));
        Child child = start("server", classpath, jvm, "dev.hubbub.server.cli.Hubbub", serve.toArray(String[]::new));
        int port = 0;
        for (String line; !(line = child.nextLine(java.time.Duration.ofSeconds(60))).equals("Press Ctrl-C to stop."); ) {
            java.util.regex.Matcher m = SERVER_PORT.matcher(line);
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
            }
        }
        return new Server(child, port);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    /** The next line the child printed, waiting at most {@code timeout} for it. */
    public String nextLine(Duration timeout) throws InterruptedException {
        String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new IllegalStateException(name + " said nothing within " + timeout
                    + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")"));
        }
        return line;
    }

    /** The next line that starts with {@code prefix}, skipping others. */
    public String nextLineStartingWith(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = nextLine(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** Kills the process at once ({@code kill -9}), as a crash or a power cut would, and waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public void say(String line) {
        stdin.println(line);
    }

    @Override
    public void close() {
        process.toHandle().destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
