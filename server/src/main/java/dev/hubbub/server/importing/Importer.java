package dev.hubbub.server.importing;

import dev.hubbub.chat.Api;
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
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Moves another chat's history here ({@code hubbub import}): a Slack workspace export ({@link SlackExport}) or a
 * Mattermost bulk export ({@link MattermostExport}) becomes rooms (made when missing, a room of the same name taken
 * as it is; the source's general room is General), messages under their authors' names, unsigned (no one here is
 * proven to be them: they show as "not signed in", and a name someone holds here gets " (imported)" after it), at
 * their own times, replies in their threads, reactions, and files whose bytes the export holds. Direct messages
 * become conversations of imported persons: names held here by no device anyone has (their one device is
 * {@value #IMPORTED_DEVICE}), whom the host's reset of their sign-in hands over to whoever gets its one-time code.
 *
 * <p>Every message passes the rules a post passes ({@link Draft}, {@link Lookalikes} for names): text they refuse
 * is repaired (control characters and lone surrogates become U+FFFD, text past {@value Draft#MAX_TEXT} characters is
 * cut) and counted. Each message carries a client id made from the source's own id, so an import run again stores
 * nothing twice, and two posts are never taken for one. Everything not stored as it was is in the {@link Report}.
 * Called by the importing thread alone; it blocks.
 */
public final class Importer {
    /** The label of the one device an imported person has, which nobody holds. */
    public static final String IMPORTED_DEVICE = "imported";
    private static final int MOST_EMOJI_PER_MESSAGE = 20;
    private static final String REPLACEMENT = "\uFFFD";
    /** How far past now a message's time may be (clocks differ), and still be taken as its time. */
    private static final java.time.Duration LATEST = java.time.Duration.ofDays(366);

    /** What an import stored, and the report of what it left out or changed. */
    public record Result(String source, int rooms, int messages, int apps, int replies, int direct, int reactions,
                         int files, Report report) {
    }

    /** What one import stored so far. */
    private static final class Stored {
        int messages;
        int apps;
        int replies;
        int direct;
        int reactions;
        int files;
    }

    private final Directory directory;
    private final EventLog events;
    private final FileStore files;
    private final int maxRooms;
    private final Map<String, String> authors = new HashMap<>();
    private final Map<String, Directory.Identity> persons = new HashMap<>();
    private Report report;

    public Importer(Directory directory, EventLog events, FileStore files, int maxRooms) {
        this.directory = directory;
        this.events = events;
        this.files = files;
        this.maxRooms = maxRooms;
    }

    /**
     * Reads {@code file} (a Slack zip, a Mattermost JSON lines file, or a zip holding one) and stores it.
     *
     * @throws Unreadable when the file is none of these, or breaks a bound of what an import reads
     * @throws IOException when it cannot be read
     */
    public Result importFile(Path file) throws IOException {
        ReadBudget budget = new ReadBudget();
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jsonl") || name.endsWith(".json")) {
            return store(MattermostExport.read(file, budget));
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            if (SlackExport.looksLikeOne(zip)) {
                return store(SlackExport.read(zip, budget));
            }
            Optional<? extends ZipEntry> jsonl = zip.stream().filter(e -> e.getName().endsWith(".jsonl")).findFirst();
            if (jsonl.isPresent()) {
                return store(MattermostExport.read(zip, jsonl.get(), budget));
            }
        } catch (ZipException notAZip) {
            throw new Unreadable(dev.hubbub.chat.Sentence.of("cli.import.neither"), notAZip);
        }
        throw new Unreadable(dev.hubbub.chat.Sentence.of("cli.import.neither"));
    }

    Result store(History history) throws IOException {
        report = history.report();
        int rooms = 0;
        Stored counts = new Stored();
        for (History.Channel channel : history.channels()) {
            String conversation;
            Directory.Identity[] pair = null;
            if (channel.kind() == History.Kind.DIRECT) {
                if (channel.posts().isEmpty()) {
                    continue; // nobody is made for a conversation with nothing in it
                }
                pair = new Directory.Identity[] {person(channel.members().get(0)), person(channel.members().get(1))};
                if (pair[0].key().equals(pair[1].key())) {
                    report.add(Report.Note.GROUP, channel.posts().size()); // two names of one person here
                    continue;
                }
                conversation = Conversations.direct(pair[0].key(), pair[1].key());
            } else {
                conversation = room(channel);
                if (conversation == null) {
                    report.add(Report.Note.NO_ROOM, channel.posts().size());
                    continue;
                }
                rooms++;
            }
            Map<String, Position> roots = new HashMap<>();
            for (History.Post post : channel.posts()) {
                store(history, channel, conversation, pair, post, roots, counts);
            }
            if (channel.kind() != History.Kind.DIRECT) {
                topic(conversation, channel.topic());
            }
        }
        return new Result(history.source(), rooms, counts.messages, counts.apps, counts.replies, counts.direct,
                counts.reactions, counts.files, report);
    }

    private void store(History history, History.Channel channel, String conversation, Directory.Identity[] pair,
                       History.Post post, Map<String, Position> roots, Stored counts) throws IOException {
        if (post.at().isBefore(Instant.EPOCH) || post.at().isAfter(Instant.now().plus(LATEST))) {
            report.add(Report.Note.NO_TIME); // a time no clock of a real chat gave
            return;
        }
        String clientId = clientId(history, channel, post);
        Optional<Position> before = events.storedAs(clientId).join();
        if (before.isPresent()) {
            // Imported by an earlier run: nothing of it is stored again, its files included.
            report.add(Report.Note.AGAIN);
            roots.put(post.id(), before.get());
            return;
        }
        Directory.Identity from = null;
        Directory.Identity to = null;
        String author;
        if (pair != null) {
            from = person(post.author());
            if (!Conversations.isMember(conversation, from.key())) {
                report.add(Report.Note.NO_CHANNEL);
                return;
            }
            to = from.key().equals(pair[0].key()) ? pair[1] : pair[0];
            author = from.name();
        } else {
            author = authors.computeIfAbsent(post.author(), this::shownAs);
        }
        List<Attachment> attached = new ArrayList<>();
        StringBuilder text = new StringBuilder(post.text());
        for (History.File file : post.files()) {
            Attachment one = file.bytes() == null ? null : file(file, author);
            if (one == null) {
                report.add(file.bytes() == null ? Report.Note.FILE_MISSING : Report.Note.FILE_REFUSED);
                text.append(text.isEmpty() ? "" : "\n").append("[").append(file.name()).append("]");
            } else {
                attached.add(one);
            }
        }
        List<String> emoji = new ArrayList<>();
        text.append(customReactions(post, emoji));
        String said = repaired(text.toString());
        if (said.isBlank() && attached.isEmpty()) {
            report.add(Report.Note.EMPTY);
            return;
        }
        Draft draft = checked(author, said, clientId, pair == null ? conversation : null, to, attached);
        LogEvent.Message message = pair == null
                ? LogEvent.Message.inRoom(conversation, author, Names.key(author), false, draft.text(), post.at(),
                        clientId, attached, Mentions.Found.NONE)
                : LogEvent.Message.direct(conversation, author, from.key(), draft.text(), post.at(), clientId,
                        to.name(), to.key(), attached, Mentions.Found.NONE);
        Position root = post.root() == null ? null : roots.get(post.root());
        if (root != null) {
            message = message.inThread(root, false);
        }
        if (post.app()) {
            message = message.byApp();
        }
        EventLog.Appended appended = events.append(message).join();
        if (appended.duplicate()) {
            report.add(Report.Note.AGAIN);
            roots.put(post.id(), appended.logged().position());
            return;
        }
        counts.files += attached.size();
        if (pair != null) {
            counts.direct++;
        } else if (root != null) {
            counts.replies++;
        } else {
            counts.messages++;
        }
        if (post.app()) {
            counts.apps++;
        }
        if (root == null) {
            roots.put(post.id(), appended.logged().position());
        }
        counts.reactions += react(conversation, post.at(), emoji, post, appended.logged().position(), pair != null);
    }

    /**
     * The message as a post's draft, checked by the same rules ({@link Draft}); what was repaired passes them, so a
     * refusal here is a fault of the repair, not of the export.
     */
    private static Draft checked(String author, String text, String clientId, String room, Directory.Identity to,
                                 List<Attachment> attached) {
        Draft draft = new Draft(author, text, clientId, room, null, attached.stream().map(Attachment::id).toList());
        return to == null ? draft : draft.toPerson(to.name());
    }

    /**
     * Text as a post may hold it: line breaks as {@link Draft#normalizeText} makes them, every other control character
     * and every lone surrogate as U+FFFD, at most {@value Draft#MAX_TEXT} characters; counted when that changed it.
     */
    private String repaired(String text) {
        String normal = Draft.normalizeText(text);
        StringBuilder out = new StringBuilder(normal.length());
        boolean changed = false;
        for (int i = 0; i < normal.length(); ) {
            int c = normal.codePointAt(i);
            i += Character.charCount(c);
            if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE
                    || Character.isISOControl(c) && c != '\n' && c != '\t') {
                out.append(REPLACEMENT);
                changed = true;
            } else {
                out.appendCodePoint(c);
            }
        }
        String repaired = out.toString();
        if (repaired.codePointCount(0, repaired.length()) > Draft.MAX_TEXT) {
            repaired = repaired.substring(0, repaired.offsetByCodePoints(0, Draft.MAX_TEXT - 1)) + "…";
            changed = true;
        }
        if (changed) {
            report.add(Report.Note.REPAIRED);
        }
        return Draft.normalizeText(repaired);
    }

    /**
     * Reactions with emoji this room has not (custom emoji): kept as their {@code :shortcode:} and who reacted, below
     * the message, until rooms here have custom emoji. The rest go into {@code emoji}, at most
     * {@value #MOST_EMOJI_PER_MESSAGE} distinct, as a post's reactions are.
     */
    private String customReactions(History.Post post, List<String> emoji) {
        StringBuilder lines = new StringBuilder();
        Set<String> distinct = new LinkedHashSet<>();
        for (History.Reaction reaction : post.reactions()) {
            Optional<String> known = EmojiSet.get().byShortcode(reaction.shortcode());
            if (known.isEmpty()) {
                report.add(Report.Note.CUSTOM_EMOJI, reaction.people().size());
                List<String> who = reaction.people().stream().map(p -> authors.computeIfAbsent(p, this::shownAs))
                        .toList();
                lines.append("\n:").append(reaction.shortcode().replaceAll("[^A-Za-z0-9_+-]", ""))
                        .append(": ").append(String.join(", ", who));
            } else if (distinct.contains(known.get()) || distinct.size() < MOST_EMOJI_PER_MESSAGE) {
                distinct.add(known.get());
                emoji.add(known.get());
            } else {
                report.add(Report.Note.REACTIONS_OVER, reaction.people().size());
                emoji.add(null);
            }
        }
        return lines.isEmpty() ? "" : "\n" + lines;
    }

    private int react(String conversation, Instant at, List<String> emoji, History.Post post, Position target,
                      boolean direct) {
        int count = 0;
        int known = 0;
        for (History.Reaction reaction : post.reactions()) {
            if (EmojiSet.get().byShortcode(reaction.shortcode()).isEmpty()) {
                continue;
            }
            String one = emoji.get(known++);
            if (one == null) {
                continue;
            }
            for (String person : reaction.people()) {
                String who;
                String key;
                if (direct) {
                    Directory.Identity identity = person(person);
                    if (!Conversations.isMember(conversation, identity.key())) {
                        continue;
                    }
                    who = identity.name();
                    key = identity.key();
                } else {
                    who = authors.computeIfAbsent(person, this::shownAs);
                    key = Names.key(who);
                }
                events.append(new LogEvent.React(conversation, who, key, one, at, null, null, target)).join();
                count++;
            }
        }
        return count;
    }

    /** A room's topic from its channel's, when it has none: a line, as {@link Api.Topic} takes it. */
    private void topic(String room, String topic) {
        if (topic.isBlank() || directory.topics().containsKey(room)) {
            return;
        }
        String line = repaired(topic.replace('\n', ' ').replace('\r', ' '));
        if (line.codePointCount(0, line.length()) > Api.Topic.MAX) {
            line = line.substring(0, line.offsetByCodePoints(0, Api.Topic.MAX - 1)) + "…";
        }
        directory.setTopic(room, new Api.Topic(room, line).topic());
    }

    /** The room a channel goes into: General, one of the same name, or a new one; null when none can be made. */
    private String room(History.Channel channel) {
        if (channel.kind() == History.Kind.GENERAL) {
            return Conversations.GENERAL;
        }
        String name;
        try {
            name = Lookalikes.checked("room name", channel.name().strip());
        } catch (RuntimeException e) {
            report.add(Report.Note.RENAMED);
            name = "imported " + Integer.toHexString(channel.key().hashCode());
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

    /**
     * An author's name as shown here: their name if it is a valid one nobody holds (or an imported person holds),
     * marked otherwise.
     */
    private String shownAs(String source) {
        String name = valid(source);
        Optional<Directory.Identity> holder = directory.claimedLookalike(name);
        if (holder.isPresent() && !imported(holder.get())) {
            name = suffixed(name, " (imported)");
        }
        return name;
    }

    /**
     * The imported person of a direct message: their name held here by no one's device, made the first time (the
     * same person on a second run); " (imported)" after the name when someone here holds it.
     */
    private Directory.Identity person(String source) {
        return persons.computeIfAbsent(source, s -> {
            String name = valid(s);
            for (int n = 1; ; n++) {
                String candidate = n == 1 ? name : suffixed(name, n == 2 ? " (imported)" : " (imported " + n + ")");
                Optional<Directory.Identity> holder = directory.claimedLookalike(candidate);
                if (holder.isEmpty()) {
                    try {
                        directory.claim(candidate, Names.key(candidate), IMPORTED_DEVICE);
                        report.add(Report.Note.PEOPLE);
                        return directory.claimed(Names.key(candidate)).orElseThrow();
                    } catch (Directory.NameTakenException taken) {
                        continue;
                    }
                }
                if (imported(holder.get()) && Names.key(holder.get().name()).equals(Names.key(candidate))) {
                    return holder.get();
                }
            }
        });
    }

    private boolean imported(Directory.Identity identity) {
        List<Directory.Device> devices = directory.devices(identity.key());
        return devices.size() == 1 && devices.get(0).label().equals(IMPORTED_DEVICE);
    }

    /** A name as the rules take it, or what is left of it after its letters, digits and a few marks. */
    private String valid(String source) {
        try {
            return Draft.checkedName("name", Lookalikes.checked("name", source.strip()));
        } catch (RuntimeException e) {
            report.add(Report.Note.RENAMED);
            String name = source.replaceAll("[^\\p{L}\\p{N} ._-]", "").strip();
            return name.isEmpty() || name.length() > Names.MAX_LENGTH ? "someone" : name;
        }
    }

    private static String suffixed(String name, String suffix) {
        return (name.length() + suffix.length() > Names.MAX_LENGTH
                ? name.substring(0, Names.MAX_LENGTH - suffix.length()) : name) + suffix;
    }

    private Attachment file(History.File file, String author) throws IOException {
        try (InputStream in = file.bytes().open()) {
            FileStore.Upload upload = files.begin(fileName(file.name()), file.type(), file.size(), Names.key(author));
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

    /** A file's name as an upload's may be: its last segment, no control or invisible characters, 1 to 255. */
    private static String fileName(String name) {
        String last = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).strip();
        StringBuilder out = new StringBuilder();
        last.codePoints().limit(255).forEach(c -> out.appendCodePoint(Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT || Character.isSurrogate((char) c) ? '_' : c));
        return out.isEmpty() || out.toString().equals(".") || out.toString().equals("..") ? "file" : out.toString();
    }

    /**
     * The client id of a post, from the source's own id of it and of its channel: as it reads when it fits a
     * draft's client id (a Slack {@code ts}), else a digest of them, so no two posts share one.
     */
    static String clientId(History history, History.Channel channel, History.Post post) {
        String id = "import:" + history.source() + ":" + channel.key() + ":" + post.id();
        if (id.length() <= Draft.MAX_CLIENT_ID && id.matches("[A-Za-z0-9._:-]+")) {
            return id;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((channel.key() + "\n" + post.id())
                    .getBytes(StandardCharsets.UTF_8));
            return "import:" + history.source() + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest)
                    .replace('-', '.').replace('_', ':');
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
