package dev.hubbub.server.importing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubbub.chat.ChatJson;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A Slack workspace export: a zip with {@code users.json}, {@code channels.json} and, per channel, a folder of one
 * JSON file per day ({@code general/2026-11-30.json}: the day's messages, {@code ts} their time and id,
 * {@code thread_ts} the root a reply is in, {@code reactions} with {@code name} and {@code users}, {@code files} with
 * {@code id}, {@code name}, {@code mimetype}). A file's bytes are imported when the zip holds them under a folder named
 * by the file's id ({@code __uploads/F0123/plan.pdf}); Slack's own exports link to them instead, and those stay names.
 * Slack's markup of mentions and links ({@code <@U123>}, {@code <#C1|general>}, {@code <https://x|label>}) becomes
 * plain text. Joins, leaves and other events that are no one's words are left out.
 */
final class SlackExport {
    /** The most bytes one JSON file of the zip may hold: read whole, so known first. */
    static final long MOST_JSON_BYTES = 64L * 1024 * 1024;
    private static final Pattern MARKUP = Pattern.compile("<([@#!])?([^>|]*)(?:\\|([^>]*))?>");

    private SlackExport() {
    }

    static boolean looksLikeOne(ZipFile zip) {
        return zip.getEntry("channels.json") != null && zip.getEntry("users.json") != null;
    }

    static History read(ZipFile zip) throws IOException {
        Map<String, String> names = new HashMap<>();
        for (JsonNode user : json(zip, "users.json")) {
            JsonNode profile = user.path("profile");
            String name = first(profile.path("display_name").asText(""), profile.path("real_name").asText(""),
                    user.path("real_name").asText(""), user.path("name").asText(""), user.path("id").asText());
            names.put(user.path("id").asText(), name);
        }
        Map<String, ZipEntry> uploads = new HashMap<>();
        zip.stream().filter(e -> !e.isDirectory()).forEach(e -> {
            String[] parts = e.getName().split("/");
            if (parts.length >= 2) {
                uploads.putIfAbsent(parts[parts.length - 2], e);
            }
        });
        Map<String, String> channelNames = new HashMap<>();
        JsonNode channels = json(zip, "channels.json");
        for (JsonNode channel : channels) {
            channelNames.put(channel.path("id").asText(), channel.path("name").asText());
        }
        List<History.Channel> read = new ArrayList<>();
        int[] skipped = {0};
        for (JsonNode channel : channels) {
            String name = channel.path("name").asText();
            List<JsonNode> messages = new ArrayList<>();
            for (ZipEntry day : zip.stream().filter(e -> e.getName().startsWith(name + "/")
                    && e.getName().endsWith(".json")).sorted(Comparator.comparing(ZipEntry::getName)).toList()) {
                json(zip, day.getName()).forEach(messages::add);
            }
            messages.sort(Comparator.comparing(m -> new BigDecimal(m.path("ts").asText("0"))));
            List<History.Post> posts = new ArrayList<>();
            for (JsonNode message : messages) {
                String subtype = message.path("subtype").asText("");
                if (!message.path("type").asText("message").equals("message")
                        || !(subtype.isEmpty() || subtype.equals("bot_message") || subtype.equals("file_share")
                        || subtype.equals("thread_broadcast"))) {
                    skipped[0]++;
                    continue;
                }
                String ts = message.path("ts").asText();
                String threadTs = message.path("thread_ts").asText(null);
                String author = message.has("user_profile") && !message.path("user_profile")
                        .path("display_name").asText("").isEmpty()
                        ? message.path("user_profile").path("display_name").asText()
                        : names.getOrDefault(message.path("user").asText(), message.path("username")
                                .asText("someone"));
                List<History.Reaction> reactions = new ArrayList<>();
                for (JsonNode reaction : message.path("reactions")) {
                    List<String> people = new ArrayList<>();
                    reaction.path("users").forEach(u -> people.add(names.getOrDefault(u.asText(), u.asText())));
                    reactions.add(new History.Reaction(reaction.path("name").asText(), people));
                }
                List<History.File> files = new ArrayList<>();
                for (JsonNode file : message.path("files")) {
                    ZipEntry bytes = uploads.get(file.path("id").asText());
                    files.add(new History.File(file.path("name").asText(file.path("title").asText("file")),
                            file.path("mimetype").asText("application/octet-stream"), file.path("size").asLong(-1),
                            bytes == null ? null : () -> zip.getInputStream(bytes)));
                }
                posts.add(new History.Post(ts, author, instant(ts), text(message.path("text").asText(""), names,
                        channelNames), threadTs != null && !threadTs.equals(ts) ? threadTs : null, reactions, files));
            }
            read.add(new History.Channel(channel.path("id").asText(name), name,
                    channel.path("is_general").asBoolean(false),
                    channel.path("topic").path("value").asText(channel.path("purpose").path("value").asText("")),
                    channel.has("created") ? Instant.ofEpochSecond(channel.path("created").asLong()) : null, posts));
        }
        return new History("slack", read, skipped[0]);
    }

    /** "1512085950.000216": seconds and microseconds. */
    static Instant instant(String ts) {
        BigDecimal seconds = new BigDecimal(ts);
        long whole = seconds.longValue();
        long micros = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(6).longValue();
        return Instant.ofEpochSecond(whole, micros * 1000);
    }

    /** Slack's markup as plain text: names for mentions, channels' names, a link's label and address. */
    static String text(String text, Map<String, String> names, Map<String, String> channels) {
        Matcher m = MARKUP.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String kind = m.group(1);
            String target = m.group(2);
            String label = m.group(3);
            String said;
            if ("@".equals(kind)) {
                said = "@" + (label != null ? label : names.getOrDefault(target, target));
            } else if ("#".equals(kind)) {
                said = "#" + (label != null ? label : channels.getOrDefault(target, target));
            } else if ("!".equals(kind)) {
                said = "@" + (target.equals("channel") || target.equals("everyone") ? "room" : target);
            } else {
                said = label == null || label.equals(target) ? target : label + " (" + target + ")";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(said));
        }
        m.appendTail(out);
        return out.toString().replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    private static JsonNode json(ZipFile zip, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new IOException("the Slack export has no " + name);
        }
        try (InputStream in = Importer.bounded(zip.getInputStream(entry), MOST_JSON_BYTES, name)) {
            return ChatJson.mapper().readTree(in);
        }
    }

    private static String first(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate.strip();
            }
        }
        return "someone";
    }
}
