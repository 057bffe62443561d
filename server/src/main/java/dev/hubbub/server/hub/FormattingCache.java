package dev.hubbub.server.hub;

import dev.hubbub.chat.Content;
import dev.hubbub.chat.Mentions;
import dev.hubbub.server.store.Position;
import dev.hubbub.server.text.Formatting;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What each stored message's text means ({@link Formatting}), decided once and shared by every reader: a stream's
 * delivery decides it when the message arrives, and replays, history pages, searches and pins read the same decision
 * again instead of parsing the text once per reader (a pathological text takes milliseconds to parse, and a reader
 * asks for hundreds at a time).
 *
 * <p>A decision is kept for a message's position together with the text, mentions and rooms it was made from, and
 * serves only a read that has all three alike: an edit's new text, or a room created since (which makes a
 * {@code #word} a link), is decided again. An edit or a deletion forgets the message's decision at once, so the
 * words it was made from are not kept here after the store let them go. Least recently used decisions go once they
 * weigh more than {@code capacityBytes} (an estimate of their size in memory).
 *
 * <p>Thread-safe: the hub's tail, the store's threads and request executors read it at once. Parsing happens outside
 * its lock, so two readers of a message nobody decided yet may both parse it; what each read costs is bounded by the
 * bytes it may answer, not by this cache.
 */
final class FormattingCache {
    /** What decisions may weigh in all, by default: the formatting of a few thousand heavily formatted messages. */
    static final long CAPACITY_BYTES = 16L << 20;
    /** What a decision weighs beyond its content: its key, text reference and entry. */
    private static final int ENTRY_BYTES = 96;

    private record Decision(String conversation, String text, Mentions.Found mentions, Map<String, String> roomIds,
                            List<Content.Block> content, long weight) {
    }

    private final long capacityBytes;
    /** In access order, under its own lock. */
    private final LinkedHashMap<Position, Decision> decisions = new LinkedHashMap<>(256, 0.75f, true);
    private long weight;
    private final AtomicLong decided = new AtomicLong();

    FormattingCache(long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    /**
     * What {@code text}, the text of the message at {@code position} (in {@code conversation}), means, with
     * {@code mentions} marked and {@code #words} linked to the rooms of {@code roomIds} (a map the hub replaces whole
     * when rooms change, so it is compared by identity).
     */
    List<Content.Block> of(Position position, String conversation, String text, Mentions.Found mentions,
                           Map<String, String> roomIds) {
        synchronized (decisions) {
            Decision known = decisions.get(position);
            if (known != null && known.roomIds() == roomIds && known.text().equals(text)
                    && known.mentions().equals(mentions)) {
                return known.content();
            }
        }
        List<Content.Block> content = Formatting.of(text, mentions, roomIds::get);
        decided.incrementAndGet();
        Decision decision = new Decision(conversation, text, mentions, roomIds, content,
                ENTRY_BYTES + weightOfBlocks(content));
        synchronized (decisions) {
            Decision replaced = decisions.put(position, decision);
            weight += decision.weight() - (replaced == null ? 0 : replaced.weight());
            for (Iterator<Decision> oldest = decisions.values().iterator(); weight > capacityBytes
                    && oldest.hasNext(); ) {
                weight -= oldest.next().weight();
                oldest.remove();
            }
        }
        return content;
    }

    /** Forgets the decision about the message at {@code position}: it was edited or deleted. */
    void forget(Position position) {
        synchronized (decisions) {
            Decision gone = decisions.remove(position);
            if (gone != null) {
                weight -= gone.weight();
            }
        }
    }

    /** Forgets every decision about a conversation's messages (a room the host deleted). */
    void forgetConversation(String conversation) {
        synchronized (decisions) {
            decisions.values().removeIf(d -> {
                boolean in = d.conversation().equals(conversation);
                if (in) {
                    weight -= d.weight();
                }
                return in;
            });
        }
    }

    /** How many times a text's formatting was decided (not found here) since the hub started. */
    long decided() {
        return decided.get();
    }

    /** About what {@code blocks} take in memory: an object per part, two bytes per character. */
    private static long weightOfBlocks(List<Content.Block> blocks) {
        long total = 16;
        for (Content.Block block : blocks) {
            total += 32;
            if (block instanceof Content.Paragraph p) {
                total += weightOfRuns(p.c());
            } else if (block instanceof Content.CodeBlock c) {
                total += 40L + 2L * c.text().length();
            } else if (block instanceof Content.Quote q) {
                total += weightOfBlocks(q.c());
            } else if (block instanceof Content.BulletList l) {
                total += l.items().stream().mapToLong(FormattingCache::weightOfBlocks).sum();
            } else if (block instanceof Content.NumberedList l) {
                total += l.items().stream().mapToLong(FormattingCache::weightOfBlocks).sum();
            }
        }
        return total;
    }

    private static long weightOfRuns(List<Content.Inline> runs) {
        long total = 16;
        for (Content.Inline run : runs) {
            total += 32;
            if (run instanceof Content.Text t) {
                total += 40L + 2L * t.text().length();
            } else if (run instanceof Content.Code c) {
                total += 40L + 2L * c.text().length();
            } else if (run instanceof Content.Bold b) {
                total += weightOfRuns(b.c());
            } else if (run instanceof Content.Italic i) {
                total += weightOfRuns(i.c());
            } else if (run instanceof Content.Strike s) {
                total += weightOfRuns(s.c());
            } else if (run instanceof Content.Link l) {
                total += 40L + 2L * l.href().length() + weightOfRuns(l.c());
            } else if (run instanceof Content.Mention m) {
                total += 80L + 2L * m.text().length();
            } else if (run instanceof Content.RoomLink r) {
                total += 80L + 2L * r.text().length();
            }
        }
        return total;
    }
}
