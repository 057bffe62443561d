package dev.hubbub.desktop.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one door from network threads to the window: batches, order, and failures that stay contained. */
class UiQueueTest {
    @Test
    void anUpdateThatFailsIsSkippedAndTheRestOfItsBatchStillRuns() {
        List<Runnable> fxTurns = new ArrayList<>();
        UiQueue queue = new UiQueue(fxTurns::add);
        List<String> done = new ArrayList<>();
        queue.atEndOfBatch(() -> done.add("end of batch"));
        queue.run(() -> done.add("first"));
        queue.run(() -> {
            throw new NullPointerException("a rogue server's leave without a name");
        });
        queue.run(() -> done.add("third"));
        assertThat(fxTurns).as("one FX turn for the whole batch").hasSize(1);
        fxTurns.get(0).run();
        assertThat(done).containsExactly("first", "third", "end of batch");
    }
}
