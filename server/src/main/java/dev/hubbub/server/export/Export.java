package dev.hubbub.server.export;

import dev.hubbub.chat.StreamEvents;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * What one export holds, before any of it is read: the server's name, when and by whom it was taken, and the
 * conversations in it (each one the exporter may read; checking that is the caller's part).
 */
public record Export(String server, Instant exportedAt, String exportedBy,
                     List<StreamEvents.RoomInfo> conversations) {
    public Export {
        conversations = List.copyOf(conversations);
    }

    /** The name to save it under: {@code hubbub-design-2026-12-08.html}, or {@code hubbub-all-…} for several. */
    public String fileName(ExportFormat format) {
        return "hubbub-" + (conversations.size() == 1 ? safe(conversations.get(0).name()) : "all") + "-"
                + DateTimeFormatter.ISO_LOCAL_DATE.format(exportedAt.atOffset(ZoneOffset.UTC)) + "."
                + format.extension();
    }

    private static String safe(String name) {
        String s = name.replaceAll("[^\\p{L}\\p{N}._-]+", "-");
        return s.isEmpty() ? "conversation" : s;
    }
}
