package dev.hubbub.server.importing;

import dev.hubbub.chat.Sentence;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything an import met that it did not store as it was: left out, or changed, each kind with its count and why,
 * so nothing is lost silently. Filled by the importing thread alone.
 */
public final class Report {
    /** A kind of thing left out or changed, with the catalog's sentence saying why ({@code count}, {@code kinds}). */
    public enum Note {
        NOT_WORDS("cli.import.note.notWords"),
        PRIVATE("cli.import.note.private"),
        GROUP("cli.import.note.group"),
        NO_CHANNEL("cli.import.note.noChannel"),
        NO_TIME("cli.import.note.noTime"),
        EMPTY("cli.import.note.empty"),
        NO_ROOM("cli.import.note.noRoom"),
        FILE_MISSING("cli.import.note.fileMissing"),
        FILE_REFUSED("cli.import.note.fileRefused"),
        REACTIONS_OVER("cli.import.note.reactionsOver"),
        AGAIN("cli.import.note.again"),
        REPAIRED("cli.import.note.repaired"),
        RENAMED("cli.import.note.renamed"),
        CUSTOM_EMOJI("cli.import.note.customEmoji"),
        PEOPLE("cli.import.note.people");

        private final String key;

        Note(String key) {
            this.key = key;
        }
    }

    private final Map<Note, Integer> counts = new EnumMap<>(Note.class);
    private final Map<Note, Map<String, Integer>> kinds = new EnumMap<>(Note.class);

    void add(Note note) {
        add(note, 1);
    }

    void add(Note note, int count) {
        if (count > 0) {
            counts.merge(note, count, Integer::sum);
        }
    }

    /**
     * One more, of a kind the source names (Slack's {@code channel_join}, Mattermost's {@code emoji}); printed on a
     * terminal, so only its letters, digits and {@code _.-} are kept.
     */
    void add(Note note, String kind) {
        add(note);
        String shown = kind.replaceAll("[^A-Za-z0-9_.-]", "?");
        kinds.computeIfAbsent(note, k -> new TreeMap<>()).merge(shown.length() > 40 ? shown.substring(0, 40) : shown,
                1, Integer::sum);
    }

    public int count(Note note) {
        return counts.getOrDefault(note, 0);
    }

    /** A sentence per kind met, in the order of {@link Note}. */
    public List<Sentence> said() {
        List<Sentence> said = new ArrayList<>();
        counts.forEach((note, count) -> {
            StringBuilder named = new StringBuilder();
            kinds.getOrDefault(note, Map.of()).forEach((kind, n) -> named.append(named.length() == 0 ? "" : ", ")
                    .append(kind).append(" ×").append(n));
            said.add(Sentence.of(note.key, "count", count, "kinds", named.toString()));
        });
        return said;
    }
}
