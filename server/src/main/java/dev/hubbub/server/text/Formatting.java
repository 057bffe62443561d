package dev.hubbub.server.text;

import dev.hubbub.chat.Content;
import dev.hubbub.chat.EmojiSet;
import dev.hubbub.chat.Mentions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.autolink.AutolinkType;
import org.commonmark.ext.gfm.strikethrough.Strikethrough;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.Document;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;

/**
 * What a message's text means: the Markdown chat users type (as in Slack and Mattermost), read by commonmark-java
 * into the {@link Content} both clients draw. The one place that decides it; the tutorial stream keeps the text as
 * typed.
 *
 * <ul>
 *   <li>Bold ({@code **b**}), italics ({@code _i_}, {@code *i*}), strikethrough ({@code ~s~}, {@code ~~s~~}),
 *       inline code, fenced code blocks, block quotes, bulleted and numbered lists, links and bare URLs; line breaks
 *       as typed. No headings, thematic breaks, indented code or HTML: a line starting with {@code #} is a line (and
 *       {@code #design} a room link), and HTML is text.</li>
 *   <li>Links go only to {@code http}, {@code https} and {@code mailto}; any other link (a {@code javascript:} one)
 *       is its text alone.</li>
 *   <li>Mentions are marked where {@link Mentions#spans} finds those the message was stored with; {@code #name} is a
 *       room link when a room of that id or name exists. Never inside code or a link's text.</li>
 *   <li>Known {@code :shortcodes:} ({@code :tada:}) are their emoji ({@link EmojiSet}), outside code.</li>
 *   <li>Nesting is bounded ({@value #MAX_DEPTH} quotes and lists inside each other, as deep for bold inside italics
 *       and so on): what lies deeper is text. A message is at most a few thousand characters, but nothing here
 *       depends on it.</li>
 * </ul>
 *
 * <p>Thread-safe (commonmark's parser is, once built).
 */
public final class Formatting {
    /** How deep quotes and lists, and runs inside runs, may nest; deeper is text. */
    public static final int MAX_DEPTH = 16;
    private static final Parser PARSER = Parser.builder()
            .enabledBlockTypes(Set.of(FencedCodeBlock.class, BlockQuote.class, ListBlock.class))
            .extensions(List.of(StrikethroughExtension.create(), AutolinkExtension.builder()
                    .linkTypes(AutolinkType.URL, AutolinkType.WWW, AutolinkType.EMAIL).build()))
            .maxOpenBlockParsers(MAX_DEPTH)
            .maxInlineNesting(MAX_DEPTH)
            .build();
    /** {@code #word} at a word's start: a room's id or one-word name. */
    private static final Pattern ROOM = Pattern.compile("(?<![\\p{L}\\p{N}&])#([\\p{L}\\p{N}][\\p{L}\\p{N}_-]*)");

    private Formatting() {
    }

    /**
     * What a text means.
     *
     * @param mentions whom the message mentions (as stored with it)
     * @param roomIdOf a room's id for an id or a name as typed after {@code #} (any case); null when there is no
     *     such room
     * @return its blocks; empty when the text means nothing but itself (drawn as it is, line breaks kept)
     */
    public static List<Content.Block> of(String text, Mentions.Found mentions, Function<String, String> roomIdOf) {
        if (text == null || text.isEmpty() || plainForSure(text)) {
            return List.of();
        }
        return parsed(text, mentions, roomIdOf);
    }

    /** What {@link #of} answers, always by parsing (the tests hold {@link #plainForSure} to it). */
    static List<Content.Block> parsed(String text, Mentions.Found mentions, Function<String, String> roomIdOf) {
        Document document = (Document) PARSER.parse(text);
        Reader reader = new Reader(mentions, roomIdOf);
        List<Content.Block> blocks = reader.blocks(document, 0);
        if (blocks.isEmpty() || isOnlyItself(blocks, text)) {
            return List.of();
        }
        return blocks;
    }

    /**
     * Whether a text surely means only itself, known without parsing it: no character that starts any mark (emphasis,
     * code, links, quotes, lists, entities, escapes, mentions, room links, shortcodes), no "www." address, no line that
     * starts or ends with a space, and no empty line. Most chat is like this, and a replay or a busy room encodes
     * thousands of messages: a scan of its characters instead of a parse. Anything it is unsure of is parsed.
     */
    static boolean plainForSure(String text) {
        boolean lineStart = true;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '*', '_', '~', '`', '[', ']', '<', '>', '#', ':', '@', '&', '\\', '!', '|', '\t', '\r' -> {
                    return false;
                }
                case '\n' -> {
                    if (lineStart || i > 0 && text.charAt(i - 1) == ' ') {
                        return false; // an empty line (paragraphs), or spaces at a line's end
                    }
                    lineStart = true;
                    continue;
                }
                default -> {
                }
            }
            if (lineStart && (c == ' ' || c == '-' || c == '+' || c == '=')) {
                return false; // indented, a list item, a heading's underline
            }
            if (lineStart && c >= '0' && c <= '9') {
                // A numbered item is 1 to 9 digits and then '.' or ')'; "2 people" or "10:30" (refused by its ':'
                // anyway) are not, and a count at a message's start is common enough to spare it a parse.
                int end = i;
                while (end < n && end - i < 10 && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
                    end++;
                }
                if (end < n && (text.charAt(end) == '.' || text.charAt(end) == ')')) {
                    return false;
                }
            }
            lineStart = false;
        }
        if (text.endsWith(" ") || text.endsWith("\n")) {
            return false;
        }
        // Addresses with a scheme have a ':' (refused above); "www." is the one kind without.
        for (int at = text.indexOf('.'); at >= 0; at = text.indexOf('.', at + 1)) {
            if (at >= 3 && text.regionMatches(true, at - 3, "www", 0, 3)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The text with its code (spans and blocks) left out: what mentions are looked for in, since nothing in code
     * mentions anyone.
     */
    public static String outsideCode(String text) {
        if (text == null || text.indexOf('`') < 0 && text.indexOf('~') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        collectOutsideCode(PARSER.parse(text), out);
        return out.toString();
    }

    private static void collectOutsideCode(Node node, StringBuilder out) {
        // Iterative over siblings, recursive over depth, which the parser bounds.
        for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
            if (child instanceof Code || child instanceof FencedCodeBlock) {
                out.append(' ');
            } else if (child instanceof Text t) {
                out.append(t.getLiteral());
            } else if (child instanceof HtmlInline html) {
                out.append(html.getLiteral());
            } else if (child instanceof SoftLineBreak || child instanceof HardLineBreak
                    || child instanceof Paragraph) {
                collectOutsideCode(child, out);
                out.append('\n');
            } else {
                collectOutsideCode(child, out);
            }
        }
    }

    /** One paragraph of plain runs that read back as the very text typed. */
    private static boolean isOnlyItself(List<Content.Block> blocks, String text) {
        if (blocks.size() != 1 || !(blocks.get(0) instanceof Content.Paragraph paragraph)) {
            return false;
        }
        StringBuilder plain = new StringBuilder(text.length());
        for (Content.Inline run : paragraph.c()) {
            if (run instanceof Content.Text t) {
                plain.append(t.text());
            } else if (run instanceof Content.Break) {
                plain.append('\n');
            } else {
                return false;
            }
        }
        return plain.toString().equals(text);
    }

    /** commonmark's tree into our blocks and runs. */
    private static final class Reader {
        private final Mentions.Found mentions;
        private final Function<String, String> roomIdOf;

        Reader(Mentions.Found mentions, Function<String, String> roomIdOf) {
            this.mentions = mentions;
            this.roomIdOf = roomIdOf;
        }

        List<Content.Block> blocks(Node parent, int depth) {
            List<Content.Block> blocks = new ArrayList<>();
            for (Node node = parent.getFirstChild(); node != null; node = node.getNext()) {
                Content.Block block = block(node, depth);
                if (block != null) {
                    blocks.add(block);
                }
            }
            return blocks;
        }

        private Content.Block block(Node node, int depth) {
            if (depth >= MAX_DEPTH) {
                return new Content.Paragraph(List.of(new Content.Text(literal(node))));
            }
            if (node instanceof Paragraph) {
                // Runs nest on their own count: bold in a quote in a list is as deep as bold anywhere.
                return new Content.Paragraph(runs(node, 0, true));
            }
            if (node instanceof FencedCodeBlock code) {
                String literal = code.getLiteral();
                String info = code.getInfo() == null ? "" : code.getInfo().strip();
                int space = info.indexOf(' ');
                String lang = space >= 0 ? info.substring(0, space) : info;
                return new Content.CodeBlock(literal.endsWith("\n") ? literal.substring(0, literal.length() - 1)
                        : literal, lang.isEmpty() || lang.length() > 32 ? null : lang);
            }
            if (node instanceof BlockQuote) {
                return new Content.Quote(blocks(node, depth + 1));
            }
            if (node instanceof BulletList || node instanceof OrderedList) {
                List<List<Content.Block>> items = new ArrayList<>();
                for (Node item = node.getFirstChild(); item != null; item = item.getNext()) {
                    if (item instanceof ListItem) {
                        items.add(blocks(item, depth + 1));
                    }
                }
                return node instanceof OrderedList ordered
                        ? new Content.NumberedList(ordered.getMarkerStartNumber() == null ? 1
                                : ordered.getMarkerStartNumber(), items)
                        : new Content.BulletList(items);
            }
            // Nothing else is enabled; should a block of another kind appear, its text stands for it.
            String literal = literal(node);
            return literal.isEmpty() ? null : new Content.Paragraph(List.of(new Content.Text(literal)));
        }

        /** A node's runs; {@code marks}: whether mentions and room links are looked for (not in a link's text). */
        private List<Content.Inline> runs(Node parent, int depth, boolean marks) {
            List<Content.Inline> runs = new ArrayList<>();
            for (Node node = parent.getFirstChild(); node != null; node = node.getNext()) {
                run(node, depth, marks, runs);
            }
            return merged(runs);
        }

        private void run(Node node, int depth, boolean marks, List<Content.Inline> runs) {
            if (node instanceof Text text) {
                // :tada: is 🎉 wherever it is text (never in code), as in Slack.
                String literal = EmojiSet.get().replaceShortcodes(text.getLiteral());
                if (marks) {
                    marked(literal, runs);
                } else {
                    runs.add(new Content.Text(literal));
                }
            } else if (node instanceof SoftLineBreak || node instanceof HardLineBreak) {
                runs.add(new Content.Break());
            } else if (node instanceof Code code) {
                runs.add(new Content.Code(code.getLiteral()));
            } else if (node instanceof HtmlInline html) {
                runs.add(new Content.Text(html.getLiteral()));
            } else if (depth >= MAX_DEPTH) {
                runs.add(new Content.Text(literal(node)));
            } else if (node instanceof StrongEmphasis) {
                runs.add(new Content.Bold(runs(node, depth + 1, marks)));
            } else if (node instanceof Emphasis) {
                runs.add(new Content.Italic(runs(node, depth + 1, marks)));
            } else if (node instanceof Strikethrough) {
                runs.add(new Content.Strike(runs(node, depth + 1, marks)));
            } else if (node instanceof Link link) {
                List<Content.Inline> inside = runs(node, depth + 1, false);
                String href = safe(link.getDestination());
                if (href == null) {
                    runs.addAll(inside);
                } else {
                    runs.add(new Content.Link(href, inside.isEmpty() ? List.of(new Content.Text(href)) : inside));
                }
            } else if (node instanceof Image image) {
                // A picture is not fetched from elsewhere: its link, under its description.
                String href = safe(image.getDestination());
                List<Content.Inline> alt = runs(node, depth + 1, false);
                List<Content.Inline> label = alt.isEmpty() ? List.of(new Content.Text(String.valueOf(href))) : alt;
                if (href == null) {
                    runs.addAll(alt);
                } else {
                    runs.add(new Content.Link(href, label));
                }
            } else {
                runs.addAll(runs(node, depth + 1, marks));
            }
        }

        /** Plain text with its mentions and room links marked. */
        private void marked(String text, List<Content.Inline> runs) {
            List<Mentions.Span> spans = Mentions.spans(text, mentions);
            int at = 0;
            for (Mentions.Span span : spans) {
                rooms(text.substring(at, span.start()), runs);
                runs.add(new Content.Mention(text.substring(span.start(), span.end()), span.name(),
                        span.everyone()));
                at = span.end();
            }
            rooms(text.substring(at), runs);
        }

        private void rooms(String text, List<Content.Inline> runs) {
            if (text.isEmpty()) {
                return;
            }
            Matcher m = text.indexOf('#') < 0 ? null : ROOM.matcher(text);
            int at = 0;
            while (m != null && m.find()) {
                String id = roomIdOf.apply(m.group(1).toLowerCase(Locale.ROOT));
                if (id != null) {
                    runs.add(new Content.Text(text.substring(at, m.start())));
                    runs.add(new Content.RoomLink(m.group(), id));
                    at = m.end();
                }
            }
            runs.add(new Content.Text(text.substring(at)));
        }
    }

    /** Runs with adjacent plain text joined and empty text dropped. */
    private static List<Content.Inline> merged(List<Content.Inline> runs) {
        List<Content.Inline> out = new ArrayList<>(runs.size());
        for (Content.Inline run : runs) {
            if (run instanceof Content.Text t) {
                if (t.text().isEmpty()) {
                    continue;
                }
                if (!out.isEmpty() && out.get(out.size() - 1) instanceof Content.Text before) {
                    out.set(out.size() - 1, new Content.Text(before.text() + t.text()));
                    continue;
                }
            }
            out.add(run);
        }
        return out;
    }

    /** A link's destination when it is one a reader may follow safely; null otherwise. */
    static String safe(String destination) {
        if (destination == null) {
            return null;
        }
        String lower = destination.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://") || lower.startsWith("mailto:")
                ? destination.strip() : null;
    }

    /** The text under a node, as typed inside it (code keeps its literal), gathered without recursion. */
    private static String literal(Node root) {
        StringBuilder out = new StringBuilder();
        // Nodes still to read, and (as strings) what to write once a block's children are done.
        java.util.ArrayDeque<Object> stack = new java.util.ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Object next = stack.pop();
            if (next instanceof String after) {
                out.append(after);
                continue;
            }
            Node node = (Node) next;
            if (node instanceof Text t) {
                out.append(t.getLiteral());
            } else if (node instanceof Code c) {
                out.append(c.getLiteral());
            } else if (node instanceof FencedCodeBlock f) {
                out.append(f.getLiteral());
            } else if (node instanceof HtmlInline h) {
                out.append(h.getLiteral());
            } else if (node instanceof SoftLineBreak || node instanceof HardLineBreak) {
                out.append('\n');
            }
            if (node != root && node instanceof org.commonmark.node.Block && node.getNext() != null) {
                stack.push("\n");
            }
            List<Node> children = new ArrayList<>();
            for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
                children.add(child);
            }
            for (int i = children.size() - 1; i >= 0; i--) {
                stack.push(children.get(i));
            }
        }
        return out.toString().strip();
    }
}
