package dev.hubbub.server.importing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A Mattermost bulk export: JSON lines ({@code mattermost export} or {@code mmctl export}), one object per line with
 * its {@code type}: {@code channel} ({@code team}, {@code name}, {@code display_name}, {@code header}, {@code type}
 * {@code O} open or {@code P} private), {@code user} ({@code username}), {@code post} ({@code team}, {@code channel},
 * {@code user}, {@code message}, {@code create_at} in milliseconds, {@code props} ({@code from_webhook},
 * {@code from_bot}, {@code override_username} for an integration's), {@code reactions} with {@code user} and
 * {@code emoji_name}, {@code replies} (the thread), and {@code attachments} with a {@code path} beside the file, or
 * inside the zip that holds it), {@code direct_channel} ({@code members}) and {@code direct_post} (the same as a post,
 * with {@code channel_members} for its channel). A bulk export gives posts no ids: a post is known by its time, its
 * author and its words, and the how-many-th such post it is, so two posts are never taken for one.
 */
final class MattermostExport {
    private final ReadBudget budget;
    private final Function<String, History.Bytes> attachment;
    private final Report report = new Report();
    private final Map<String, JsonNode> channels = new LinkedHashMap<>();
    private final Map<String, List<String>> directMembers = new LinkedHashMap<>();
    private final Map<String, List<History.Post>> posts = new LinkedHashMap<>();
    private final Map<String, Integer> seen = new HashMap<>();

    private MattermostExport(ReadBudget budget, Function<String, History.Bytes> attachment) {
        this.budget = budget;
        this.attachment = attachment;
    }

    /**
     * @param lines the export's lines
     * @param attachment a file of the export by its path ({@code data/plan.pdf}), or null when it is not there
     */
    static History read(Reader lines, ReadBudget budget, Function<String, History.Bytes> attachment)
            throws IOException {
        return new MattermostExport(budget, attachment).read(new Lines(lines));
    }

    private History read(Lines lines) throws IOException {
        int number = 0;
        for (String line = lines.next(); line != null; line = lines.next()) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode item = budget.tree(line, "line " + number);
            String type = item.path("type").asText();
            switch (type) {
                case "channel" -> {
                    JsonNode channel = item.path("channel");
                    channels.put(key(channel.path("team").asText(), channel.path("name").asText()), channel);
                }
                case "post" -> {
                    JsonNode post = item.path("post");
                    thread(key(post.path("team").asText(), post.path("channel").asText()), post);
                }
                case "direct_channel" -> direct(item.path("direct_channel").path("members"));
                case "direct_post" -> {
                    JsonNode post = item.path("direct_post");
                    thread(direct(post.path("channel_members")), post);
                }
                case "version", "team", "user" -> { } // what the rest is read with
                default -> report.add(Report.Note.NOT_WORDS, type);
            }
        }
        List<History.Channel> read = new ArrayList<>();
        for (Map.Entry<String, JsonNode> channel : channels.entrySet()) {
            JsonNode c = channel.getValue();
            List<History.Post> its = sorted(posts.remove(channel.getKey()));
            if (c.path("type").asText("O").equals("P")) {
                report.add(Report.Note.PRIVATE, its.size());
                continue;
            }
            String name = c.path("display_name").asText(c.path("name").asText());
            read.add(new History.Channel(channel.getKey(), name, c.path("name").asText().equals("town-square")
                    ? History.Kind.GENERAL : History.Kind.ROOM, List.of(),
                    c.path("header").asText(c.path("purpose").asText("")), null, its));
        }
        for (Map.Entry<String, List<String>> direct : directMembers.entrySet()) {
            List<History.Post> its = sorted(posts.remove(direct.getKey()));
            if (direct.getValue().size() == 2) {
                read.add(new History.Channel(direct.getKey(), direct.getKey(), History.Kind.DIRECT,
                        direct.getValue(), "", null, its));
            } else {
                report.add(Report.Note.GROUP, its.size());
            }
        }
        for (List<History.Post> orphans : posts.values()) {
            report.add(Report.Note.NO_CHANNEL, orphans.size());
        }
        return new History("mattermost", read, report);
    }

    /** A direct channel's key, from its members (the same whichever line names it first). */
    private String direct(JsonNode members) {
        TreeSet<String> names = new TreeSet<>();
        members.forEach(m -> names.add(m.isObject() ? m.path("username").asText() : m.asText()));
        String key = "direct:" + String.join(",", names);
        directMembers.putIfAbsent(key, List.copyOf(names));
        return key;
    }

    /** A post and its replies, each kept as it is read, so no line's tree outlives it. */
    private void thread(String channel, JsonNode post) throws IOException {
        List<History.Post> its = posts.computeIfAbsent(channel, k -> new ArrayList<>());
        History.Post root = post(channel, post, null);
        its.add(root);
        for (JsonNode reply : post.path("replies")) {
            its.add(post(channel, reply, root.id()));
        }
    }

    private History.Post post(String channel, JsonNode post, String root) throws IOException {
        budget.post();
        List<History.Reaction> reactions = new ArrayList<>();
        Map<String, List<String>> byEmoji = new LinkedHashMap<>();
        post.path("reactions").forEach(r -> byEmoji.computeIfAbsent(r.path("emoji_name").asText(),
                k -> new ArrayList<>()).add(r.path("user").asText()));
        byEmoji.forEach((emoji, people) -> reactions.add(new History.Reaction(emoji, people)));
        List<History.File> files = new ArrayList<>();
        for (JsonNode file : post.path("attachments")) {
            String path = file.path("path").asText();
            String name = path.substring(path.lastIndexOf('/') + 1);
            files.add(new History.File(name, "application/octet-stream", -1, attachment.apply(path)));
        }
        JsonNode props = post.path("props");
        boolean app = props.path("from_webhook").asText("").equals("true")
                || props.path("from_bot").asText("").equals("true");
        String author = post.path("user").asText("someone");
        if (app && !props.path("override_username").asText("").isBlank()) {
            author = props.path("override_username").asText();
        }
        String message = post.path("message").asText("");
        long at = post.path("create_at").asLong();
        String id = at + ":" + author + ":" + Integer.toHexString(message.hashCode());
        int nth = seen.merge(channel + "\n" + id, 1, Integer::sum);
        return new History.Post(nth == 1 ? id : id + ":" + nth, author, app, Instant.ofEpochMilli(at), message, root,
                reactions, files);
    }

    private static List<History.Post> sorted(List<History.Post> posts) {
        if (posts == null) {
            return List.of();
        }
        // Replies follow their root in the list; a stable sort by time keeps a reply after a root of the same time.
        posts.sort(Comparator.comparing(History.Post::at));
        return posts;
    }

    private static String key(String team, String channel) {
        return team + "/" + channel;
    }

    /**
     * A JSON lines file, its attachments beside it: a path that leads out of the file's folder, or through a link, is
     * no attachment (a link could make any file of the host a download).
     */
    static History read(Path file, ReadBudget budget) throws IOException {
        Path base = file.toAbsolutePath().getParent().toRealPath();
        try (Reader lines = new InputStreamReader(budget.open(Files.newInputStream(file), Files.size(file),
                ReadBudget.MOST_TOTAL_BYTES, file.getFileName().toString()), StandardCharsets.UTF_8)) {
            return read(lines, budget, path -> {
                Path there = base.resolve(path).normalize();
                if (!there.startsWith(base) || !withoutLinks(base, there)) {
                    return null;
                }
                return () -> Files.newInputStream(there, LinkOption.NOFOLLOW_LINKS);
            });
        }
    }

    /** Whether {@code there}, inside {@code base}, is a regular file reached through no symbolic link. */
    private static boolean withoutLinks(Path base, Path there) {
        Path step = base;
        for (Path name : base.relativize(there)) {
            step = step.resolve(name);
            if (Files.isSymbolicLink(step)) {
                return false;
            }
        }
        return Files.isRegularFile(there, LinkOption.NOFOLLOW_LINKS);
    }

    /** A zip holding a JSON lines file and its attachments. */
    static History read(ZipFile zip, ZipEntry jsonl, ReadBudget budget) throws IOException {
        try (Reader lines = new InputStreamReader(budget.open(zip.getInputStream(jsonl), jsonl.getSize(),
                ReadBudget.MOST_TOTAL_BYTES, jsonl.getName()), StandardCharsets.UTF_8)) {
            String folder = jsonl.getName().contains("/")
                    ? jsonl.getName().substring(0, jsonl.getName().lastIndexOf('/') + 1) : "";
            return read(lines, budget, path -> {
                ZipEntry entry = zip.getEntry(folder + path);
                return entry == null ? null : () -> zip.getInputStream(entry);
            });
        }
    }
}
