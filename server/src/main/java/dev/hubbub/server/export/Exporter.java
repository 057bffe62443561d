package dev.hubbub.server.export;

import dev.hubbub.chat.ChatMessage;
import dev.hubbub.chat.HistoryPage;
import dev.hubbub.chat.StreamEvents;
import dev.hubbub.server.files.FileStore;
import dev.hubbub.server.hub.Hub;
import dev.hubbub.server.store.Logged;
import dev.hubbub.server.store.Position;
import dev.hubbub.server.text.Catalog;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * Writes an export while it reads it: each conversation's messages oldest first, {@value #PAGE} at a time, each
 * thread's replies right after its root, every message handed to the format's {@link Sheet} as soon as it is read.
 * An export holds one page of messages and one chunk of a picture, however long the conversation; how fast it goes
 * is how fast {@code out} takes the bytes.
 *
 * <p>Blocking: called on the thread that exports (a request executor's thread, never a Jetty selector; the command
 * line's main thread), which waits on the store and on {@code out}.
 */
public final class Exporter {
    static final int PAGE = 100;
    /** No id at all: {@link Hub#page} reads from the start of the history after it. */
    private static final String FROM_THE_START = "";

    private final Hub hub;
    private final FileStore files;

    public Exporter(Hub hub, FileStore files) {
        this.hub = hub;
        this.files = files;
    }

    /**
     * Writes {@code export} to {@code out} (buffered by the caller, who closes it).
     *
     * @param words  the reader's language, for the page
     * @param server where the page links files it does not hold ({@code http://host:port}), or null for no links
     */
    public void write(Export export, ExportFormat format, Catalog words, String server, OutputStream out)
            throws IOException {
        Sheet sheet = format == ExportFormat.JSON ? new JsonSheet(out)
                : new HtmlSheet(out, words, new InlinePictures(files, server));
        sheet.begin(export);
        for (StreamEvents.RoomInfo conversation : export.conversations()) {
            sheet.beginConversation(conversation);
            messages(conversation.id(), sheet);
            sheet.endConversation();
        }
        sheet.end();
    }

    private void messages(String conversation, Sheet sheet) throws IOException {
        String after = FROM_THE_START;
        while (true) {
            HistoryPage page = hub.page(conversation, null, after, PAGE).join();
            for (ChatMessage message : page.messages()) {
                sheet.message(message);
                if (message.thread() != null && message.thread().replies() > 0
                        && message.id().equals(message.thread().root())) {
                    replies(message.id(), sheet);
                }
            }
            if (!page.more() || page.messages().isEmpty()) {
                return;
            }
            after = last(page.messages()).id();
        }
    }

    /** A thread's replies, oldest first; those also sent to the room are there already. */
    private void replies(String rootId, Sheet sheet) throws IOException {
        Optional<Position> at = hub.events().parse(rootId);
        Optional<Logged> root = at.isEmpty() ? Optional.empty() : hub.events().message(at.get()).join();
        if (root.isEmpty()) {
            return;
        }
        String after = FROM_THE_START;
        while (true) {
            HistoryPage page = hub.thread(root.get(), null, after, PAGE).join();
            for (ChatMessage reply : page.messages()) {
                if (!reply.alsoInRoom()) {
                    sheet.message(reply);
                }
            }
            if (!page.more() || page.messages().isEmpty()) {
                return;
            }
            after = last(page.messages()).id();
        }
    }

    private static ChatMessage last(List<ChatMessage> messages) {
        return messages.get(messages.size() - 1);
    }
}
