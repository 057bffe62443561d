package dev.hubbub.bench.text;

import dev.hubbub.chat.Mentions;
import dev.hubbub.chat.Names;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What finding the mentions in one post costs the server, with 170 claimed names: a usual post (one mention), and
 * the largest body a client may send (64 KiB) filled with {@code @} signs. {@code previous} is the per-name scan of
 * the build before (every name tried at every {@code @}), kept here to compare with; {@code current} is
 * {@link Mentions#in}.
 *
 * <pre>java -cp bench/target/benchmarks.jar org.openjdk.jmh.Main MentionsBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MentionsBenchmark {
    @Param({"usual", "hostile"})
    public String post;

    private List<String> names;
    private String text;

    @Setup
    public void setUp() {
        names = new ArrayList<>();
        for (int i = 0; i < 170; i++) {
            names.add("Person " + i);
        }
        text = post.equals("usual") ? "@Person 42 could you look at the build before lunch? thanks"
                : "@a ".repeat(64 * 1024 / 3);
    }

    @Benchmark
    public Mentions.Found current() {
        return Mentions.in(text, names);
    }

    @Benchmark
    public Set<String> previous() {
        List<String> longestFirst = new ArrayList<>(names);
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        Set<String> found = new LinkedHashSet<>();
        for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
            int start = at + 1;
            for (String name : longestFirst) {
                int end = start + name.length();
                if (end <= text.length() && (end == text.length() || !Character.isLetterOrDigit(text.codePointAt(end)))
                        && Names.key(text.substring(start, end)).equals(Names.key(name))) {
                    found.add(name);
                    break;
                }
            }
        }
        return found;
    }
}
