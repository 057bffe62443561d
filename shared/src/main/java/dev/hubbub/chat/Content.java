package dev.hubbub.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * What a message's text means, as the server read it: paragraphs, code blocks, quotes and lists of formatted runs
 * (bold, italics, strikethrough, inline code, links, mentions, room links, line breaks). The server decides it once
 * (from the Markdown chat users type); both clients only draw it, and neither reads the text's formatting itself.
 * A message whose text means nothing but itself (no formatting, link or mention) carries no content: its text is
 * drawn as it is, line breaks kept.
 *
 * <p>As JSON each part is an object whose {@code t} says what it is: blocks {@code p}, {@code code}, {@code quote},
 * {@code ul}, {@code ol}; runs {@code text}, {@code b}, {@code i}, {@code s}, {@code code}, {@code link},
 * {@code mention}, {@code room}, {@code br}. A client meeting a kind it does not know draws its {@code text}, or its
 * parts.
 */
public final class Content {
    private Content() {
    }

    /** A part of a message that stands on its own lines. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "t")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = Paragraph.class, name = "p"),
            @JsonSubTypes.Type(value = CodeBlock.class, name = "code"),
            @JsonSubTypes.Type(value = Quote.class, name = "quote"),
            @JsonSubTypes.Type(value = BulletList.class, name = "ul"),
            @JsonSubTypes.Type(value = NumberedList.class, name = "ol")})
    public sealed interface Block permits Paragraph, CodeBlock, Quote, BulletList, NumberedList {
    }

    /** Runs of text, their line breaks as typed. */
    public record Paragraph(List<Inline> c) implements Block {
        public Paragraph {
            c = List.copyOf(c);
        }
    }

    /**
     * A fenced code block: drawn in a monospace font, its whitespace kept, scrolled sideways rather than wrapped.
     *
     * @param lang what the fence said the code is ({@code js}); null when it said nothing
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CodeBlock(String text, String lang) implements Block {
    }

    /** Quoted text ({@code > …}). */
    public record Quote(List<Block> c) implements Block {
        public Quote {
            c = List.copyOf(c);
        }
    }

    /** A bulleted list: each item is blocks of its own. */
    public record BulletList(List<List<Block>> items) implements Block {
        public BulletList {
            items = items.stream().map(List::copyOf).toList();
        }
    }

    /** A numbered list, counting from {@code start}. */
    public record NumberedList(int start, List<List<Block>> items) implements Block {
        public NumberedList {
            items = items.stream().map(List::copyOf).toList();
        }
    }

    /** A run inside a paragraph. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "t")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = Text.class, name = "text"),
            @JsonSubTypes.Type(value = Bold.class, name = "b"),
            @JsonSubTypes.Type(value = Italic.class, name = "i"),
            @JsonSubTypes.Type(value = Strike.class, name = "s"),
            @JsonSubTypes.Type(value = Code.class, name = "code"),
            @JsonSubTypes.Type(value = Link.class, name = "link"),
            @JsonSubTypes.Type(value = Mention.class, name = "mention"),
            @JsonSubTypes.Type(value = RoomLink.class, name = "room"),
            @JsonSubTypes.Type(value = Break.class, name = "br")})
    public sealed interface Inline permits Text, Bold, Italic, Strike, Code, Link, Mention, RoomLink, Break {
    }

    /** Plain text, to be drawn as text (never as markup). */
    public record Text(String text) implements Inline {
    }

    public record Bold(List<Inline> c) implements Inline {
        public Bold {
            c = List.copyOf(c);
        }
    }

    public record Italic(List<Inline> c) implements Inline {
        public Italic {
            c = List.copyOf(c);
        }
    }

    public record Strike(List<Inline> c) implements Inline {
        public Strike {
            c = List.copyOf(c);
        }
    }

    /** Inline code: monospace, nothing inside it formatted. */
    public record Code(String text) implements Inline {
    }

    /** A link to {@code href}: always {@code http}, {@code https} or {@code mailto}. */
    public record Link(String href, List<Inline> c) implements Inline {
        public Link {
            c = List.copyOf(c);
        }
    }

    /**
     * {@code @Ann}, or {@code @room} ({@code everyone}): {@code text} as typed, {@code name} the person's name as
     * they spell it (null for everyone).
     */
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public record Mention(String text, String name, boolean everyone) implements Inline {
    }

    /** {@code #design}: {@code text} as typed, {@code id} the room it names. */
    public record RoomLink(String text, String id) implements Inline {
    }

    /** A line break, as typed. */
    public record Break() implements Inline {
    }
}
