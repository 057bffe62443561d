package dev.hubbub.server.export;

import dev.hubbub.chat.Attachment;
import dev.hubbub.server.files.FileStore;
import dev.hubbub.server.files.MediaTypes;
import dev.hubbub.server.store.FileIndex;
import dev.hubbub.server.text.Catalog;
import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.Optional;

/**
 * A page's pictures, put inside it as {@code data:} addresses while its budget lasts: a picture of at most
 * {@value #MOST_ONE_PICTURE_BYTES} bytes, {@value #MOST_PICTURE_BYTES} in all. Each is read from the file store and
 * encoded {@value #CHUNK_BYTES} bytes at a time as it is written, so an export holds one chunk of a picture, never a
 * picture. Past the budget, and for other files, a link to the file on the server (its name and size, when the
 * export was made without a server). One page's, on the exporter's thread.
 */
final class InlinePictures {
    static final long MOST_ONE_PICTURE_BYTES = 5L * 1000 * 1000;
    static final long MOST_PICTURE_BYTES = 50L * 1000 * 1000;
    /** A multiple of 3: every chunk but the last encodes to base64 without padding, so the chunks join up. */
    static final int CHUNK_BYTES = 3 * 16 * 1024;

    private final FileStore files;
    private final String server;
    private long used;

    /**
     * @param server the address files are downloaded from ({@code http://192.168.1.20:8080}), or null when there is
     *               none to link to
     */
    InlinePictures(FileStore files, String server) {
        this.files = files;
        this.server = server;
    }

    void write(Attachment file, Writer page, Catalog words) throws IOException {
        if (MediaTypes.RASTER.contains(file.type()) && inline(file, page)) {
            return;
        }
        String label = HtmlSheet.escape(words.t("export.file", "name", file.name(),
                "size", Attachment.humanSize(file.size())));
        page.append("<div class=\"file\">");
        if (server != null) {
            page.append("<a href=\"").append(HtmlSheet.escape(server + "/files/" + file.id())).append("\">")
                    .append(label).append("</a>");
        } else {
            page.append(label);
        }
        page.append("</div>");
    }

    /** Writes the picture inside the page if it fits the budget and its bytes are there; says whether it did. */
    private boolean inline(Attachment file, Writer page) throws IOException {
        Optional<FileIndex.StoredFile> stored = files.find(file.id());
        if (stored.isEmpty() || stored.get().blob().size() > MOST_ONE_PICTURE_BYTES
                || used + stored.get().blob().size() > MOST_PICTURE_BYTES) {
            return false;
        }
        // Opened once: the bytes stay readable even if the hasher moves the file meanwhile. Never through a link.
        SeekableByteChannel opened;
        try {
            opened = Files.newByteChannel(files.bytesOf(stored.get()), StandardOpenOption.READ,
                    LinkOption.NOFOLLOW_LINKS);
        } catch (FileSystemException gone) {
            return false;
        }
        try (SeekableByteChannel bytes = opened) {
            long size = bytes.size();
            if (size > MOST_ONE_PICTURE_BYTES || used + size > MOST_PICTURE_BYTES) {
                return false;
            }
            used += size;
            page.append("<img alt=\"").append(HtmlSheet.escape(file.name())).append("\" src=\"data:")
                    .append(file.type()).append(";base64,");
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES);
            Base64.Encoder base64 = Base64.getEncoder();
            long left = size;
            while (left > 0) {
                chunk.clear().limit((int) Math.min(CHUNK_BYTES, left));
                while (chunk.hasRemaining() && bytes.read(chunk) >= 0) {
                    // until the chunk is full, or the file ends early
                }
                chunk.flip();
                if (!chunk.hasRemaining()) {
                    break;
                }
                left -= chunk.remaining();
                page.append(StandardCharsets.ISO_8859_1.decode(base64.encode(chunk)));
            }
            page.append("\">");
            return true;
        }
    }
}
