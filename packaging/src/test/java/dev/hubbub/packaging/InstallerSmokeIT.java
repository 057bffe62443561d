package dev.hubbub.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built .deb, as a user gets it: extracted into a temporary root, its app launched under Xvfb against a real
 * server, checked to connect and to show a message posted through the server (read off a screenshot by OCR), and
 * its command line run as a headless server. A failure names the step that failed.
 *
 * <p>Needs dpkg-deb, Xvfb, ImageMagick's {@code import} and tesseract ({@code .ci/run} installs them).
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "the .deb is built and tested on Linux")
class InstallerSmokeIT {
    private static final Path TARGET = Path.of("target");
    private static final String SECRET = "purple elephant marmalade";

    @TempDir
    Path work;

    @Test
    void theInstalledAppJoinsARoomAndShowsAMessagePostedThroughIt() throws Exception {
        Path deb = step("find the built .deb", () -> {
            try (Stream<Path> files = Files.list(TARGET.resolve("installer"))) {
                List<Path> debs = files.filter(f -> f.toString().endsWith(".deb")).toList();
                assertThat(debs).as("debs in target/installer").hasSize(1);
                return debs.get(0);
            }
        });
        step("check that the installer stays within its budget", () -> {
            // The app's runtime, JavaFX, the server and the emoji pictures: under 60 MB, as the project promises.
            assertThat(Files.size(deb)).as("the .deb's size in bytes").isLessThan(60_000_000L);
            return null;
        });
        step("check that the package declares what JavaFX needs at run time", () -> {
            assertThat(run("dpkg-deb", "-f", deb.toString(), "Depends")).contains("libgtk-3-0");
            return null;
        });
        Path root = step("extract the .deb into a temporary root", () -> {
            run("dpkg-deb", "-x", deb.toString(), work.resolve("root").toString());
            return work.resolve("root");
        });
        Path app = root.resolve("opt/hubbub/bin/Hubbub");
        Path command = root.resolve("opt/hubbub/bin/hubbub");

        try (RunningServer server = step("start a test server", () -> RunningServer.start(work.resolve("room")));
             Child xvfb = step("start Xvfb", () -> Child.start(work.resolve("xvfb.log"), List.of(
                     "Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp")))) {
            String display = ":" + step("learn Xvfb's display", () -> xvfb.nextLine(Duration.ofSeconds(20)).strip());
            try (Child desktop = step("launch the installed app", () -> Child.start(work.resolve("app.log"), List.of(
                    app.toString(), "desktop", "--server", server.uri("/").toString(), "--name", "Smoke",
                    "--config-dir", work.resolve("config").toString()), "DISPLAY", display))) {
                step("see the app connect to the server", () -> {
                    waitFor(Duration.ofSeconds(90), () -> server.server().hub().online().contains("Smoke"),
                            desktop);
                    return null;
                });
                step("post a message through the server", () -> {
                    assertThat(new Http().post(server.uri("/chat"), Http.TEXT, "Bob: " + SECRET).status())
                            .isEqualTo(201);
                    return null;
                });
                Path shot = work.resolve("screen.png");
                step("see the message in the app's window (screenshot and OCR)", () -> {
                    waitFor(Duration.ofSeconds(60), () -> {
                        run("import", "-display", display, "-window", "root", shot.toString());
                        String text = run("tesseract", shot.toString(), "stdout");
                        return text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").contains(SECRET);
                    }, desktop);
                    return null;
                });
                step("keep the screenshot", () -> {
                    Files.createDirectories(TARGET.resolve("smoke"));
                    return Files.copy(shot, TARGET.resolve("smoke/installed-app.png"),
                            StandardCopyOption.REPLACE_EXISTING);
                });
            }
        }

        step("run the installed command as a headless server", () -> {
            try (Child serve = Child.start(work.resolve("serve.log"), List.of(command.toString(), "serve",
                    "--host", "127.0.0.1", "--port", "0", "--data-dir", work.resolve("headless").toString(),
                    "--no-announce"))) {
                String url = null;
                for (String line; !(line = serve.nextLine(Duration.ofSeconds(30))).equals("Press Ctrl-C to stop."); ) {
                    if (line.startsWith("Only this machine can join, at ")) {
                        url = line.substring("Only this machine can join, at ".length());
                    }
                }
                assertThat(url).as("the printed address").isNotNull();
                Http.Reply page = new Http().send(new okhttp3.Request.Builder().url(url).build());
                assertThat(page.status()).isEqualTo(200);
                assertThat(page.contentType()).startsWith("text/html");
                assertThat(page.body()).contains("<title>Hubbub</title>");
                // The installer's ICU4J keeps only the data Hubbub uses: lookalike names and emoji still work.
                Http http = new Http();
                okhttp3.MediaType json = Http.JSON;
                Http.Reply ian = http.post(java.net.URI.create(url + "session"), json, "{\"name\":\"Ian\"}");
                assertThat(ian.status()).as(ian.body()).isEqualTo(201);
                Http.Reply lookalike = http.post(java.net.URI.create(url + "session"), json, "{\"name\":\"lan\"}");
                assertThat(lookalike.status()).isEqualTo(409);
                assertThat(lookalike.body()).contains("looks too much like Ian");
                assertThat(http.post(java.net.URI.create(url + "session"), json, "{\"name\":\"\u0410nn\"}")
                        .body()).contains("mixes letters of several scripts");
                // The installer's BouncyCastle keeps only its lightweight crypto: a passphrase still hashes and
                // signs in.
                Http.Reply withPassphrase = http.post(java.net.URI.create(url + "session"), json,
                        "{\"name\":\"Pia\",\"passphrase\":\"correct horse battery\"}");
                assertThat(withPassphrase.status()).as(withPassphrase.body()).isEqualTo(201);
                assertThat(http.post(java.net.URI.create(url + "session"), json,
                        "{\"name\":\"Pia\",\"passphrase\":\"correct horse battery\"}").status()).isEqualTo(201);
                // The catalogs are in the installed server: a German asker is answered in German.
                Http.Reply german = http.send(new okhttp3.Request.Builder().url(url + "session")
                        .header("Accept-Language", "de").post(okhttp3.RequestBody.create("{}", json)).build());
                assertThat(german.body()).contains("schicke einen Namen zum Beanspruchen");
                String token = ian.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
                Http.Reply posted = http.send(new okhttp3.Request.Builder().url(url + "chat")
                        .header("Authorization", "Bearer " + token)
                        .post(okhttp3.RequestBody.create("{\"text\":\"hi\"}", json)).build());
                String id = posted.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
                for (String[] reaction : new String[][] {{"\ud83d\udc4d", "200"}, {"\u2800", "400"}}) {
                    Http.Reply reacted = http.send(new okhttp3.Request.Builder().url(url + "chat/" + id + "/reactions")
                            .header("Authorization", "Bearer " + token)
                            .post(okhttp3.RequestBody.create("{\"emoji\":\"" + reaction[0] + "\"}", json)).build());
                    assertThat(reacted.status()).as(reacted.body()).isEqualTo(Integer.parseInt(reaction[1]));
                }
                serve.stop();
                assertThat(serve.nextLine(Duration.ofSeconds(20))).startsWith("Stopping");
            }
            return null;
        });
    }

    private static <T> T step(String name, Callable<T> action) {
        try {
            return action.call();
        } catch (Throwable failure) {
            throw new AssertionError("smoke test step '" + name + "' failed: " + failure.getMessage(), failure);
        }
    }

    private static void waitFor(Duration timeout, Callable<Boolean> condition, Child watched) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.call()) {
            if (!watched.isAlive()) {
                throw new AssertionError("the app exited; its log ends with: " + watched.logTail());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + "; the app's log ends with: " + watched.logTail());
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }

    /** Runs a command to its end and returns its output; fails with that output when it fails. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output.strip());
        }
        return output;
    }

    /** A long-running process whose output lines can be awaited, and which is stopped when closed. */
    private static final class Child implements AutoCloseable {
        private final Process process;
        private final Path log;
        private final BufferedReader out;

        private Child(Process process, Path log) {
            this.process = process;
            this.log = log;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        static Child start(Path log, List<String> command, String... environment) throws IOException {
            ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectError(log.toFile());
            // The command speaks the machine's language; these checks read its English.
            builder.environment().put("LC_ALL", "C.UTF-8");
            builder.environment().remove("LANGUAGE");
            for (int i = 0; i + 1 < environment.length; i += 2) {
                builder.environment().put(environment[i], environment[i + 1]);
            }
            return new Child(builder.start(), log);
        }

        String nextLine(Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!out.ready()) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("no output line (exited: " + !process.isAlive() + "); log: " + logTail());
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
            return out.readLine();
        }

        boolean isAlive() {
            return process.isAlive();
        }

        void stop() {
            process.toHandle().destroy();
        }

        String logTail() {
            try {
                List<String> lines = Files.readAllLines(log);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.toHandle().destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
