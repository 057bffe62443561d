package dev.hubbub.server.importing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A Slack workspace export: a zip with {@code users.json}, {@code channels.json} and, per channel, a folder of one
 * JSON file per day ({@code general/2026-11-30.json}: the day's messages, {@code ts} their time and id,
 * {@code thread_ts} the root a reply is in, {@code reactions} with {@code name} and {@code users}, {@code files} with
 * {@code id}, {@code name}, {@code mimetype}). Direct messages are in {@code dms.json} ({@code id}, {@code members}; a
 * folder named by the id), group conversations in {@code mpims.json} and private channels in {@code groups.json}
 * (folders named by their names). A file's bytes are imported when the zip holds them under a folder named by the
 * file's id ({@code __uploads/F0123/plan.pdf}); Slack's own exports link to them instead, and those stay names.
 * Slack's markup of mentions and links ({@code <@U123>}, {@code <#C1|general>}, {@code <https://x|label>}) becomes
 * plain text. Messages of bots and integrations ({@code bot_message}, or a user that {@code is_bot}) are their
 * {@code text} and the words of their {@code attachments}. Joins, leaves and other events that are no one's words are
 * left out and counted by their subtype.
 */
final class SlackExport {
    private static final Pattern MARKUP = Pattern.compile("<([@#!])?([^>|]{0,500})(?:\\|([^>]{0,500}))?>");
    /** A {@code ts}: seconds and a fraction; bounded, so it is parsed once and cheaply. */
    private static final Pattern TS = Pattern.compile("(\\d{1,12})(?:\\.(\\d{1,9}))?");
    /** Subtypes that are someone's words. */
    private static final Set<String> WORDS = Set.of("", "bot_message", "file_share", "thread_broadcast", "me_message",
            "file_comment", "reply_broadcast");

    private final ZipFile zip;
    private final ReadBudget budget;
    private final Report report = new Report();
    private final Map<String, String> names = new HashMap<>();
    private final Set<String> bots = new HashSet<>();
    private final Map<String, String> channelNames = new HashMap<>();
    private final Map<String, ZipEntry> uploads = new HashMap<>();

    private SlackExport(ZipFile zip, ReadBudget budget) {
        this.zip = zip;
        this.budget = budget;
    }

    static boolean looksLikeOne(ZipFile zip) {
        return zip.getEntry("channels.json") != null && zip.getEntry("users.json") != null;
    }

    static History read(ZipFile zip, ReadBudget budget) throws IOException {
        return new SlackExport(zip, budget).read();
    }

    private History read() throws IOException {
        budget.declared(zip.stream().filter(e -> e.getName().endsWith(".json")).mapToLong(e -> Math.max(0, e.getSize()))
                .sum());
        eachOf("users.json", true, user -> {
            JsonNode profile = user.path("profile");
            String name = first(profile.path("display_name").asText(""), profile.path("real_name").asText(""),
                    user.path("real_name").asText(""), user.path("name").asText(""), user.path("id").asText());
            names.put(user.path("id").asText(), name);
            if (user.path("is_bot").asBoolean(false)) {
                bots.add(user.path("id").asText());
            }
        });
        zip.stream().filter(e -> !e.isDirectory()).forEach(e -> {
            String[] parts = e.getName().split("/");
            if (parts.length >= 2) {
                uploads.putIfAbsent(parts[parts.length - 2], e);
            }
        });
        List<JsonNode> channels = new ArrayList<>();
        eachOf("channels.json", true, channels::add);
        channels.forEach(c -> channelNames.put(c.path("id").asText(), c.path("name").asText()));
        List<History.Channel> read = new ArrayList<>();
        for (JsonNode channel : channels) {
            String name = channel.path("name").asText();
            read.add(new History.Channel(channel.path("id").asText(name), name,
                    channel.path("is_general").asBoolean(false) ? History.Kind.GENERAL : History.Kind.ROOM, List.of(),
                    channel.path("topic").path("value").asText(channel.path("purpose").path("value").asText("")),
                    channel.has("created") ? Instant.ofEpochSecond(channel.path("created").asLong()) : null,
                    posts(name)));
        }
        List<JsonNode> dms = new ArrayList<>();
        eachOf("dms.json", false, dms::add);
        for (JsonNode dm : dms) {
            List<String> members = new ArrayList<>();
            dm.path("members").forEach(m -> members.add(names.getOrDefault(m.asText(), m.asText())));
            String id = dm.path("id").asText();
            List<History.Post> posts = posts(id);
            if (members.size() == 2 && !members.get(0).equals(members.get(1))) {
                read.add(new History.Channel(id, id, History.Kind.DIRECT, members, "", null, posts));
            } else {
                report.add(Report.Note.GROUP, posts.size());
            }
        }
        for (String leftOut : List.of("mpims.json", "groups.json")) {
            List<String> folders = new ArrayList<>();
            eachOf(leftOut, false, c -> folders.add(c.path("name").asText()));
            for (String folder : folders) {
                report.add(leftOut.equals("groups.json") ? Report.Note.PRIVATE : Report.Note.GROUP,
                        posts(folder).size());
            }
        }
        return new History("slack", read, report);
    }

    /** A channel's messages, from its folder's day files, oldest first. */
    private List<History.Post> posts(String folder) throws IOException {
        List<History.Post> posts = new ArrayList<>();
        if (folder.isEmpty() || folder.contains("/")) {
            return posts;
        }
        for (ZipEntry day : zip.stream().filter(e -> e.getName().startsWith(folder + "/")
                && e.getName().endsWith(".json")).sorted(Comparator.comparing(ZipEntry::getName)).toList()) {
            eachOf(day, message -> {
                History.Post post = post(message);
                if (post != null) {
                    budget.post();
                    posts.add(post);
                }
            });
        }
        posts.sort(Comparator.comparing(History.Post::at).thenComparing(History.Post::id));
        return posts;
    }

    /** A message as a post, or null (counted) when it is none. */
    private History.Post post(JsonNode message) {
        String type = message.path("type").asText("message");
        String subtype = message.path("subtype").asText("");
        if (!type.equals("message") || !WORDS.contains(subtype)) {
            report.add(Report.Note.NOT_WORDS, type.equals("message") ? subtype : type);
            return null;
        }
        String ts = message.path("ts").asText();
        Instant at = instant(ts);
        if (at == null) {
            report.add(Report.Note.NO_TIME);
            return null;
        }
        String threadTs = message.path("thread_ts").asText(null);
        String user = message.path("user").asText("");
        boolean app = subtype.equals("bot_message") || bots.contains(user);
        String author;
        if (message.has("user_profile") && !message.path("user_profile").path("display_name").asText("").isEmpty()) {
            author = message.path("user_profile").path("display_name").asText();
        } else if (subtype.equals("bot_message")) {
            author = first(message.path("username").asText(""), message.path("bot_profile").path("name").asText(""),
                    names.getOrDefault(user, ""), "app");
        } else {
            author = names.getOrDefault(user, message.path("username").asText("someone"));
        }
        List<History.Reaction> reactions = new ArrayList<>();
        for (JsonNode reaction : message.path("reactions")) {
            List<String> people = new ArrayList<>();
            reaction.path("users").forEach(u -> people.add(names.getOrDefault(u.asText(), u.asText())));
            reactions.add(new History.Reaction(reaction.path("name").asText(), people));
        }
        List<History.File> files = new ArrayList<>();
        List<JsonNode> shared = new ArrayList<>();
        message.path("files").forEach(shared::add);
        if (subtype.equals("file_share") && message.has("file")) {
            shared.add(message.path("file")); // exports before 2019: one file, under "file"
        }
        for (JsonNode file : shared) {
            ZipEntry bytes = uploads.get(file.path("id").asText());
            files.add(new History.File(file.path("name").asText(file.path("title").asText("file")),
                    file.path("mimetype").asText("application/octet-stream"), file.path("size").asLong(-1),
                    bytes == null ? null : () -> zip.getInputStream(bytes)));
        }
        StringBuilder words = new StringBuilder(message.path("text").asText(""));
        for (JsonNode attachment : message.path("attachments")) {
            // An integration's words are in its attachments: the lead-in, the title, the text (else the fallback).
            for (String part : List.of(attachment.path("pretext").asText(""), attachment.path("title").asText(""),
                    attachment.path("text").asText(attachment.path("fallback").asText("")))) {
                if (!part.isBlank() && words.indexOf(part) < 0) {
                    words.append(words.isEmpty() ? "" : "\n").append(part);
                }
            }
            for (JsonNode field : attachment.path("fields")) {
                words.append(words.isEmpty() ? "" : "\n").append(field.path("title").asText("")).append(": ")
                        .append(field.path("value").asText(""));
            }
        }
        String said = words.length() > History.Post.MOST_KEPT_CHARS
                ? words.substring(0, History.Post.MOST_KEPT_CHARS) : words.toString();
        return new History.Post(ts, author, app, at, text(said, names, channelNames),
                threadTs != null && !threadTs.equals(ts) ? threadTs : null, reactions, files);
    }

    /** "1512085950.000216": seconds and microseconds; null when it is not such a time. */
    static Instant instant(String ts) {
        Matcher m = ts.length() <= 22 ? TS.matcher(ts) : null;
        if (m == null || !m.matches()) {
            return null;
        }
        String fraction = m.group(2) == null ? "0" : (m.group(2) + "00000000").substring(0, 9);
        return Instant.ofEpochSecond(Long.parseLong(m.group(1)), Long.parseLong(fraction));
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

    private void eachOf(String name, boolean needed, ReadBudget.Each each) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            if (needed) {
                throw new Unreadable(dev.hubbub.chat.Sentence.of("cli.import.slackWithout", "name", name));
            }
            return;
        }
        eachOf(entry, each);
    }

    private void eachOf(ZipEntry entry, ReadBudget.Each each) throws IOException {
        try (var in = budget.open(zip.getInputStream(entry), entry.getSize(), ReadBudget.MOST_ENTRY_BYTES,
                entry.getName())) {
            budget.eachOf(in, entry.getName(), each);
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
