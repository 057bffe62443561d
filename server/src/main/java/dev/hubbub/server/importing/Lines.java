package dev.hubbub.server.importing;

import java.io.IOException;
import java.io.Reader;

/**
 * The lines of JSON lines, each bounded before it is kept: a line longer than {@value ReadBudget#MOST_LINE_CHARS}
 * characters fails as soon as it is, never read whole first. Used by the importing thread alone.
 */
final class Lines {
    private final Reader in;
    private final char[] buffer = new char[64 * 1024];
    private int next;
    private int end;
    private int number;

    Lines(Reader in) {
        this.in = in;
    }

    /** The next line without its line break, or null at the end. */
    String next() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (next == end) {
                end = in.read(buffer);
                next = 0;
                if (end <= 0) {
                    end = 0;
                    return line.isEmpty() ? null : line.toString();
                }
            }
            int from = next;
            while (next < end && buffer[next] != '\n') {
                next++;
            }
            if (line.length() + (next - from) > ReadBudget.MOST_LINE_CHARS) {
                throw new Unreadable(dev.hubbub.chat.Sentence.of("cli.import.lineTooLong", "line", number + 1,
                        "most", ReadBudget.MOST_LINE_CHARS));
            }
            line.append(buffer, from, next - from);
            if (next < end) {
                next++;
                number++;
                int last = line.length() - 1;
                return last >= 0 && line.charAt(last) == '\r' ? line.substring(0, last) : line.toString();
            }
        }
    }
}
