package dev.hubbub.chat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every Unicode emoji, from one well-kept dataset (emoji-datasource, the data Slack's own picker is built on; its
 * {@code emoji.json} is a resource here, unchanged): each with its name, category, Slack-style short names
 * ({@code :tada:}), its five skin tones where it has them, and its cell in the sprite sheets of the same release
 * (the app draws emoji from one, {@link #cellOf}). The server serves it to the page ({@code GET /emoji}) and turns
 * {@code :shortcodes:} into emoji with it ({@link #replaceShortcodes}); the app reads it for its picker and its
 * pictures. Read once, on first use; immutable after.
 */
public final class EmojiSet {
    /** Where the skin tone modifiers are (U+1F3FB light … U+1F3FF dark). */
    private static final int FIRST_TONE = 0x1F3FB;
    private static final Pattern SHORTCODE = Pattern.compile(":([a-z0-9_+\\-]{1,60}):");

    /**
     * One emoji as the picker offers it.
     *
     * @param emoji the fully qualified sequence
     * @param name what it is called, lower case ("grinning face")
     * @param category the picker's tab it is under ("Smileys & Emotion")
     * @param shortcodes its short names, the first the usual one ({@code tada})
     * @param tones the same emoji in the five skin tones, light to dark; empty when it has none
     */
    public record Emoji(String emoji, String name, String category, List<String> shortcodes, List<String> tones) {
    }

    /** An emoji's cell in the sprite sheets: column and row (each cell has a pixel of padding around it). */
    public record Cell(int x, int y) {
    }

    private static volatile EmojiSet loaded;

    private final List<Emoji> all;
    private final List<String> categories;
    private final Map<String, String> byShortcode = new HashMap<>();
    private final Map<String, Cell> cells = new HashMap<>();
    private final Set<Integer> firstCodePoints = new HashSet<>();
    private final int longest;

    private EmojiSet(JsonNode entries) {
        record Sorted(int order, Emoji emoji) {
        }
        List<Sorted> sorted = new ArrayList<>();
        LinkedHashMap<String, Integer> categoryOrder = new LinkedHashMap<>();
        for (JsonNode entry : entries) {
            String emoji = fromUnified(entry.path("unified").asText());
            Cell cell = new Cell(entry.path("sheet_x").asInt(), entry.path("sheet_y").asInt());
            addCell(emoji, cell);
            String nonQualified = entry.path("non_qualified").asText(null);
            if (nonQualified != null && nonQualified.contains("-")) {
                // Sequences typed without their variation selectors; a lone © or ❤ stays text, as browsers draw it.
                addCell(fromUnified(nonQualified), cell);
            }
            List<String> tones = new ArrayList<>();
            JsonNode variations = entry.path("skin_variations");
            for (int tone = 0; tone < 5; tone++) {
                String single = Integer.toHexString(FIRST_TONE + tone).toUpperCase(Locale.ROOT);
                JsonNode variation = variations.has(single) ? variations.get(single)
                        : variations.get(single + "-" + single);
                if (variation != null) {
                    String toned = fromUnified(variation.path("unified").asText());
                    tones.add(toned);
                }
            }
            variations.fields().forEachRemaining(v -> addCell(fromUnified(v.getValue().path("unified").asText()),
                    new Cell(v.getValue().path("sheet_x").asInt(), v.getValue().path("sheet_y").asInt())));
            String category = entry.path("category").asText();
            boolean obsolete = entry.hasNonNull("obsoleted_by");
            if (category.equals("Component") || obsolete) {
                continue;
            }
            List<String> shortcodes = new ArrayList<>();
            entry.path("short_names").forEach(n -> shortcodes.add(n.asText()));
            shortcodes.forEach(code -> byShortcode.putIfAbsent(code, emoji));
            String name = entry.path("name").asText(shortcodes.isEmpty() ? emoji : shortcodes.get(0));
            categoryOrder.putIfAbsent(category, categoryOrder.size());
            sorted.add(new Sorted(entry.path("sort_order").asInt(), new Emoji(emoji,
                    name.toLowerCase(Locale.ROOT), category, List.copyOf(shortcodes),
                    tones.size() == 5 ? List.copyOf(tones) : List.of())));
        }
        sorted.sort(Comparator.comparingInt(Sorted::order));
        this.all = sorted.stream().map(Sorted::emoji).toList();
        List<String> inOrder = new ArrayList<>();
        all.forEach(e -> {
            if (!inOrder.contains(e.category())) {
                inOrder.add(e.category());
            }
        });
        this.categories = List.copyOf(inOrder);
        this.longest = cells.keySet().stream().mapToInt(String::length).max().orElse(0);
    }

    private void addCell(String emoji, Cell cell) {
        cells.putIfAbsent(emoji, cell);
        firstCodePoints.add(emoji.codePointAt(0));
    }

    private static String fromUnified(String unified) {
        StringBuilder out = new StringBuilder();
        for (String hex : unified.split("-")) {
            out.appendCodePoint(Integer.parseInt(hex, 16));
        }
        return out.toString();
    }

    /** The set, read on first use. */
    public static EmojiSet get() {
        EmojiSet set = loaded;
        if (set == null) {
            synchronized (EmojiSet.class) {
                set = loaded;
                if (set == null) {
                    try (InputStream in = EmojiSet.class.getResourceAsStream("emoji/emoji.json")) {
                        if (in == null) {
                            throw new IllegalStateException("the emoji dataset is missing from the build");
                        }
                        set = new EmojiSet(ChatJson.mapper().readTree(in));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read the emoji dataset", e);
                    }
                    loaded = set;
                }
            }
        }
        return set;
    }

    /** Every emoji a picker offers, in Unicode's order (skin tones and obsolete forms not on their own). */
    public List<Emoji> all() {
        return all;
    }

    /** The categories, in the order their emoji come. */
    public List<String> categories() {
        return categories;
    }

    /** The emoji a short name stands for ({@code tada} → 🎉). */
    public Optional<String> byShortcode(String shortcode) {
        return Optional.ofNullable(byShortcode.get(shortcode));
    }

    /** Known {@code :shortcodes:} in {@code text} as their emoji; anything else as it is. */
    public String replaceShortcodes(String text) {
        if (text.indexOf(':') < 0) {
            return text;
        }
        Matcher m = SHORTCODE.matcher(text);
        StringBuilder out = null;
        int at = 0;
        while (m.find()) {
            String emoji = byShortcode.get(m.group(1));
            if (emoji != null) {
                out = out == null ? new StringBuilder(text.length()) : out;
                out.append(text, at, m.start()).append(emoji);
                at = m.end();
            }
        }
        return out == null ? text : out.append(text, at, text.length()).toString();
    }

    /** The sprite sheet cell of an emoji (any sequence the dataset knows, toned ones too), or null. */
    public Cell cellOf(String emoji) {
        return cells.get(emoji);
    }

    /**
     * How many chars of {@code text} from {@code at} make the longest emoji the dataset knows (with its variation
     * selector, when one follows), or 0 when none starts there.
     */
    public int emojiAt(CharSequence text, int at) {
        int first = Character.codePointAt(text, at);
        if (!firstCodePoints.contains(first)) {
            return 0;
        }
        if (first < 0x80 && (at + 1 >= text.length() || text.charAt(at + 1) != '\uFE0F'
                && text.charAt(at + 1) != '\u20E3')) {
            return 0; // a digit, # or * is an emoji only as a keycap
        }
        for (int length = Math.min(longest, text.length() - at); length > 0; length--) {
            if (cells.containsKey(text.subSequence(at, at + length).toString())) {
                boolean selector = at + length < text.length() && text.charAt(at + length) == '\uFE0F';
                return selector ? length + 1 : length;
            }
        }
        return 0;
    }
}
