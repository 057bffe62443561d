package dev.hubbub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data directory is the owner's alone, and one server's at a time: real files, real servers. */
class DataDirectoryTest {
    @TempDir
    Path dir;

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void theDirectoryAndEveryFileInItAreReadableByTheirOwnerOnly() throws Exception {
        Path data = dir.resolve("room");
        try (RunningServer server = RunningServer.start(data, c -> c.with(b -> b.tls(new ServerConfig.Tls(true, null, null))))) {
            assertThat(new Http(Http.trustingGeneratedCertificate(data)).post(server.uri("/chat"), Http.TEXT, "Ann: private").status())
                    .isEqualTo(201);
            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(mode(data.resolve("tls"))).isEqualTo("rwx------");
            List<Path> files;
            try (Stream<Path> walk = Files.walk(data)) {
                files = walk.filter(Files::isRegularFile).toList();
            }
            assertThat(files).extracting(p -> p.getFileName().toString())
                    .contains("hubbub.db", "hubbub.db-wal", "hubbub.lock", "hubbub.p12", "password");
            for (Path file : files) {
                assertThat(mode(file)).as(file.toString()).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void aDirectoryLeftOpenByAnEarlierVersionIsMadePrivate() throws Exception {
        Path data = dir.resolve("old");
        Files.createDirectories(data);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (RunningServer server = RunningServer.start(data)) {
            assertThat(new Http().post(server.uri("/chat"), Http.TEXT, "Ann: hi").status()).isEqualTo(201);
        }
        Files.setPosixFilePermissions(data.resolve("hubbub.db"), PosixFilePermissions.fromString("rw-r--r--"));
        try (RunningServer server = RunningServer.start(data)) {
            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(mode(data.resolve("hubbub.db"))).isEqualTo("rw-------");
        }
    }

    @Test
    void aSecondServerOnTheSameDirectoryStopsAtOnceSayingWhy() throws Exception {
        Path data = dir.resolve("shared");
        try (RunningServer first = RunningServer.start(data)) {
            assertThatThrownBy(() -> RunningServer.start(data))
                    .isInstanceOf(DataDirectory.InUseException.class)
                    .hasMessageContaining("another Hubbub server is using " + data.toAbsolutePath())
                    .hasMessageContaining("port " + first.port())
                    .hasMessageContaining("--data-dir")
                    .satisfies(e -> assertThat(((DataDirectory.InUseException) e).port()).contains(first.port()));
            assertThat(new Http().post(first.uri("/chat"), Http.TEXT, "Ann: still here").status()).isEqualTo(201);
        }
        try (RunningServer again = RunningServer.start(data)) {
            assertThat(new Http().post(again.uri("/chat"), Http.TEXT, "Ann: the lock went with it").status())
                    .isEqualTo(201);
        }
    }
}
