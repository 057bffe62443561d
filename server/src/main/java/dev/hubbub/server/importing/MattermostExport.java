package dev.hubbub.server.importing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubbub.chat.ChatJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A Mattermost bulk export: JSON lines ({@code mattermost export} or {@code mmctl export}), one object per line with
 * its {@code type}: {@code channel} ({@code team}, {@code name}, {@code display_name}, {@code header}), {@code user}
 * ({@code username}), {@code post} ({@code team}, {@code channel}, {@code user}, {@code message}, {@code create_at} in
 * milliseconds, {@code reactions} with {@code user} and {@code emoji_name}, {@code replies} (the thread), and
 * {@code attachments} with a {@code path} beside the file, or inside the zip that holds it). Direct channels and their
 * posts are not imported: nobody here could be proven to be their people, and a direct conversation is theirs alone.
 */
final class MattermostExport {
    /** The most characters of one line: read whole, so bounded. */
    static final int MOST_LINE_CHARS = 16 * 1024 * 1024;

    private MattermostExport() {
    }

    /**
     * @param lines the export's lines
     * @param attachment a file of the export by its path ({@code data/plan.pdf}), or null when it is not there
     */
    static History read(BufferedReader lines, Function<String, History.Bytes> attachment) throws IOException {
        Map<String, JsonNode> channels = new LinkedHashMap<>();
        Map<String, List<JsonNode>> posts = new LinkedHashMap<>();
        int skipped = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.length() > MOST_LINE_CHARS) {
                throw new IOException("a line of the Mattermost export is longer than " + MOST_LINE_CHARS
                        + " characters");
            }
            if (line.isBlank()) {
                continue;
            }
            JsonNode item = ChatJson.mapper().readTree(line);
            switch (item.path("type").asText()) {
                case "channel" -> {
                    JsonNode channel = item.path("channel");
                    channels.put(key(channel.path("team").asText(), channel.path("name").asText()), channel);
                }
                case "post" -> {
                    JsonNode post = item.path("post");
                    posts.computeIfAbsent(key(post.path("team").asText(), post.path("channel").asText()),
                            k -> new ArrayList<>()).add(post);
                }
                case "direct_channel", "direct_post" -> skipped++;
                default -> { } // version, team, user, emoji, scheme: nothing to store
            }
        }
        List<History.Channel> read = new ArrayList<>();
        for (Map.Entry<String, JsonNode> channel : channels.entrySet()) {
            JsonNode c = channel.getValue();
            List<JsonNode> its = new ArrayList<>(posts.getOrDefault(channel.getKey(), List.of()));
            its.sort(Comparator.comparingLong(p -> p.path("create_at").asLong()));
            List<History.Post> out = new ArrayList<>();
            for (JsonNode post : its) {
                String id = channel.getKey() + ":" + post.path("create_at").asLong() + ":" + post.path("user").asText();
                out.add(post(post, id, null, attachment));
                List<JsonNode> replies = new ArrayList<>();
                post.path("replies").forEach(replies::add);
                replies.sort(Comparator.comparingLong(r -> r.path("create_at").asLong()));
                for (JsonNode reply : replies) {
                    out.add(post(reply, id + ":" + reply.path("create_at").asLong() + ":" + reply.path("user").asText(),
                            id, attachment));
                }
            }
            posts.remove(channel.getKey());
            String name = c.path("display_name").asText(c.path("name").asText());
            read.add(new History.Channel(channel.getKey(), name, c.path("name").asText().equals("town-square"),
                    c.path("header").asText(c.path("purpose").asText("")), null, out));
        }
        for (List<JsonNode> orphans : posts.values()) {
            skipped += orphans.size(); // posts of channels the export does not describe
        }
        return new History("mattermost", read, skipped);
    }

    private static History.Post post(JsonNode post, String id, String root,
                                     Function<String, History.Bytes> attachment) {
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
        return new History.Post(id, post.path("user").asText("someone"),
                Instant.ofEpochMilli(post.path("create_at").asLong()), post.path("message").asText(""), root,
                reactions, files);
    }

    private static String key(String team, String channel) {
        return team + "/" + channel;
    }

    /** A JSON lines file, its attachments beside it. */
    static History read(Path file) throws IOException {
        Path base = file.toAbsolutePath().getParent();
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(lines, path -> {
                Path there = base.resolve(path).normalize();
                return there.startsWith(base) && Files.isRegularFile(there) ? () -> Files.newInputStream(there) : null;
            });
        }
    }

    /** A zip holding a JSON lines file and its attachments. */
    static History read(java.util.zip.ZipFile zip, java.util.zip.ZipEntry jsonl) throws IOException {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(zip.getInputStream(jsonl),
                StandardCharsets.UTF_8))) {
            String folder = jsonl.getName().contains("/")
                    ? jsonl.getName().substring(0, jsonl.getName().lastIndexOf('/') + 1) : "";
            return read(lines, path -> {
                java.util.zip.ZipEntry entry = zip.getEntry(folder + path);
                return entry == null ? null : () -> zip.getInputStream(entry);
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
