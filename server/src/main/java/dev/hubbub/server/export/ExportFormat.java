package dev.hubbub.server.export;

import java.util.Arrays;
import java.util.Optional;

/** The two forms an export takes: every message as the API gives it (JSON), or a page that needs no server. */
public enum ExportFormat {
    JSON("json", "application/json; charset=utf-8"),
    HTML("html", "text/html; charset=utf-8");

    private final String extension;
    private final String contentType;

    ExportFormat(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    /** The format a request or a command line names ({@code json}, {@code html}); empty for any other word. */
    public static Optional<ExportFormat> named(String name) {
        return Arrays.stream(values()).filter(format -> format.extension.equals(name)).findFirst();
    }

    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }
}
