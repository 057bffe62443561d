package dev.hubbub.desktop;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * A small file of what the app remembers, in the config directory, readable by its owner only (it may hold secrets,
 * such as a token). An unreadable file reads as empty: the app asks again, which is safe. Not thread-safe.
 */
public final class PropertiesFile {
    private final Path file;
    private final String comment;

    public PropertiesFile(Path file, String comment) {
        this.file = file;
        this.comment = comment;
    }

    public Path path() {
        return file;
    }

    public Properties load() {
        Properties values = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                values.load(in);
            } catch (IOException e) {
                values.clear();
            }
        }
        return values;
    }

    public void save(Properties values) {
        try {
            Files.createDirectories(file.getParent());
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
                } catch (FileAlreadyExistsException exists) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                }
            }
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                values.store(out, comment);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save " + file, e);
        }
    }
}
