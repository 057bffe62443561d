package dev.hubbub.server.importing;

import dev.hubbub.chat.Attachment;
import dev.hubbub.chat.Draft;
import dev.hubbub.chat.EmojiSet;
import dev.hubbub.chat.Mentions;
import dev.hubbub.chat.Names;
import dev.hubbub.chat.StreamEvents.RoomInfo;
import dev.hubbub.server.files.FileStore;
import dev.hubbub.server.store.Conversations;
import dev.hubbub.server.store.Directory;
import dev.hubbub.server.store.EventLog;
import dev.hubbub.server.store.LogEvent;
import dev.hubbub.server.store.Position;
import dev.hubbub.server.unicode.Lookalikes;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Moves another chat's history here ({@code hubbub import}): a Slack workspace export ({@link SlackExport}) or a
 * Mattermost bulk export ({@link MattermostExport}) becomes rooms (made when missing, a room of the same name taken
 * as it is; the source's general room is General), messages under their authors' names, unsigned (no one here is
 * proven to be them: they show as "not signed in", and a name someone holds here gets " (imported)" after it), at
 * their own times, replies in their threads, reactions, and files whose bytes the export holds. Each message carries a
 * client id made from the source's, so an import run again stores nothing twice.
 */
public final class Importer {
    /** What an import stored, and left out. */
    public record Result(String source, int rooms, int messages, int replies, int reactions, int files,
                         int filesMissing, int skipped, int again) {
    }

    private final Directory directory;
    private final EventLog events;
    private final FileStore files;
    private final int maxRooms;

    public Importer(Directory directory, EventLog events, FileStore files, int maxRooms) {
        this.directory = directory;
        this.events = events;
        this.files = files;
        this.maxRooms = maxRooms;
    }

    /**
     * Reads {@code file} (a Slack zip, a Mattermost JSON lines file, or a zip holding one) and stores it. Blocks.
     *
     * @throws IOException when the file is none of these, or cannot be read
     */
    public Result importFile(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".jsonl") || name.endsWith(".json")) {
            return store(MattermostExport.read(file));
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            if (SlackExport.looksLikeOne(zip)) {
                return store(SlackExport.read(zip));
            }
            Optional<? extends ZipEntry> jsonl = zip.stream().filter(e -> e.getName().endsWith(".jsonl")).findFirst();
            if (jsonl.isPresent()) {
                return store(MattermostExport.read(zip, jsonl.get()));
            }
        } catch (java.util.zip.ZipException notAZip) {
            throw new IOException("neither a Slack export (a zip with channels.json and users.json) nor a Mattermost"
                    + " export (JSON lines)", notAZip);
        }
        throw new IOException("neither a Slack export (a zip with channels.json and users.json) nor a Mattermost"
                + " export (JSON lines, or a zip holding them)");
    }

    Result store(History history) throws IOException {
        int rooms = 0;
        int messages = 0;
        int replies = 0;
        int reactions = 0;
        int stored = 0;
        int missing = 0;
        int again = 0;
        Map<String, String> authors = new HashMap<>();
        for (History.Channel channel : history.channels()) {
            String room = room(channel);
            if (room == null) {
                continue;
            }
            rooms++;
            Map<String, Position> roots = new HashMap<>();
            for (History.Post post : channel.posts()) {
                String clientId = clientId(history, channel, post);
                Optional<Position> before = events.storedAs(clientId).join();
                if (before.isPresent()) {
                    // Imported by an earlier run: nothing of it is stored again, its files included.
                    again++;
                    roots.put(post.id(), before.get());
                    continue;
                }
                String author = authors.computeIfAbsent(post.author(), this::shownAs);
                List<Attachment> attached = new ArrayList<>();
                StringBuilder text = new StringBuilder(post.text());
                for (History.File file : post.files()) {
                    Attachment one = file.bytes() == null ? null : file(file, author);
                    if (one == null) {
                        missing++;
                        text.append(text.length() == 0 ? "" : "\n").append("[").append(file.name()).append("]");
                    } else {
                        stored++;
                        attached.add(one);
                    }
                }
                String said = clipped(text.toString());
                if (said.isBlank() && attached.isEmpty()) {
                    continue;
                }
                LogEvent.Message message = LogEvent.Message.inRoom(room, author, Names.key(author), false, said,
                        post.at(), clientId, attached, Mentions.Found.NONE);
                Position root = post.root() == null ? null : roots.get(post.root());
                if (root != null) {
                    message = message.inThread(root, false);
                }
                EventLog.Appended appended = events.append(message).join();
                if (appended.duplicate()) {
                    again++;
                    roots.put(post.id(), appended.logged().position());
                    continue;
                }
                if (root != null) {
                    replies++;
                } else {
                    messages++;
                    roots.put(post.id(), appended.logged().position());
                }
                reactions += react(room, post, appended.logged().position(), authors);
            }
            if (!channel.topic().isBlank() && !directory.topics().containsKey(room)) {
                String topic = channel.topic().strip();
                directory.setTopic(room, topic.codePointCount(0, topic.length()) <= Directory.MAX_TOPIC ? topic
                        : topic.substring(0, topic.offsetByCodePoints(0, Directory.MAX_TOPIC)));
            }
        }
        return new Result(history.source(), rooms, messages, replies, reactions, stored, missing, history.skipped(),
                again);
    }

    /** The room a channel goes into: General, one of the same name, or a new one; null when none can be made. */
    private String room(History.Channel channel) {
        if (channel.general()) {
            return Conversations.GENERAL;
        }
        String name;
        try {
            name = Lookalikes.checked("room name", channel.name().strip());
        } catch (RuntimeException e) {
            name = "imported " + Math.abs(channel.key().hashCode());
        }
        String wanted = name;
        Optional<RoomInfo> same = directory.rooms().stream().filter(r -> Names.key(r.name()).equals(Names.key(wanted)))
                .findFirst();
        if (same.isPresent()) {
            return same.get().id();
        }
        try {
            return directory.createRoom(name, null, channel.created() != null ? channel.created() : Instant.now(),
                    maxRooms).id();
        } catch (Directory.RoomExistsException e) {
            return e.existing().id();
        } catch (Directory.RoomsFullException e) {
            return null;
        }
    }

    /** An author's name as shown here: their name if it is a valid one nobody holds, marked otherwise. */
    private String shownAs(String source) {
        String name;
        try {
            name = Draft.checkedName("name", Lookalikes.checked("name", source.strip()));
        } catch (RuntimeException e) {
            name = source.replaceAll("[^\\p{L}\\p{N} ._-]", "").strip();
            if (name.isEmpty() || name.length() > Names.MAX_LENGTH) {
                name = "someone";
            }
        }
        if (directory.claimedLookalike(name).isPresent()) {
            String suffix = " (imported)";
            name = (name.length() + suffix.length() > Names.MAX_LENGTH
                    ? name.substring(0, Names.MAX_LENGTH - suffix.length()) : name) + suffix;
        }
        return name;
    }

    private int react(String room, History.Post post, Position target, Map<String, String> authors) {
        int count = 0;
        Set<String> distinct = new LinkedHashSet<>();
        for (History.Reaction reaction : post.reactions()) {
            Optional<String> emoji = EmojiSet.get().byShortcode(reaction.shortcode());
            if (emoji.isEmpty() || (!distinct.contains(emoji.get()) && distinct.size() >= 20)) {
                continue;
            }
            distinct.add(emoji.get());
            for (String person : reaction.people()) {
                String who = authors.computeIfAbsent(person, this::shownAs);
                events.append(new LogEvent.React(room, who, Names.key(who), emoji.get(), post.at(), null, null,
                        target)).join();
                count++;
            }
        }
        return count;
    }

    private Attachment file(History.File file, String author) throws IOException {
        try (InputStream in = file.bytes().open()) {
            FileStore.Upload upload = files.begin(file.name(), file.type(), file.size(), Names.key(author));
            try {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) != -1; ) {
                    upload.write(ByteBuffer.wrap(buffer, 0, n));
                }
                return upload.finish().attachment();
            } finally {
                upload.close();
            }
        } catch (dev.hubbub.server.Refused refused) {
            return null; // too large, or not what it says: its name stays in the text
        }
    }

    private static String clientId(History history, History.Channel channel, History.Post post) {
        String id = "import:" + history.source() + ":" + channel.key() + ":" + post.id();
        return id.length() <= 100 ? id : "import:" + history.source() + ":" + Integer.toHexString(id.hashCode())
                + ":" + id.substring(id.length() - 60);
    }

    private static String clipped(String text) {
        String one = text.replace("\r\n", "\n");
        return one.codePointCount(0, one.length()) <= Draft.MAX_TEXT ? one
                : one.substring(0, one.offsetByCodePoints(0, Draft.MAX_TEXT - 1)) + "…";
    }

    /** A stream that fails past {@code most} bytes: what is read whole is bounded before it is decoded. */
    static InputStream bounded(InputStream in, long most, String what) {
        return new FilterInputStream(in) {
            private long read;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0 && ++read > most) {
                    throw new IOException(what + " is larger than " + most + " bytes");
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0 && (read += n) > most) {
                    throw new IOException(what + " is larger than " + most + " bytes");
                }
                return n;
            }
        };
    }
}
