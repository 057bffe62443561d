package dev.hubbub.desktop.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits message text into plain runs and http(s) links, so links can be clicked and the rest stays text. */
final class Links {
    private static final Pattern URL = Pattern.compile("\\bhttps?://[^\\s<>\"']+[^\\s<>\"'.,;:!?)\\]]");

    /** A run of text; {@code link} says whether it is a URL. */
    record Run(String text, boolean link) {
    }

    private Links() {
    }

    static List<Run> split(String text) {
        List<Run> runs = new ArrayList<>();
        Matcher m = URL.matcher(text);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                runs.add(new Run(text.substring(at, m.start()), false));
            }
            runs.add(new Run(m.group(), true));
            at = m.end();
        }
        if (at < text.length()) {
            runs.add(new Run(text.substring(at), false));
        }
        return runs;
    }
}
