package dev.hubbub.desktop.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way network threads change the UI: updates are queued from any thread, and one {@code Platform.runLater}
 * at a time runs everything queued so far, then every end-of-batch task ({@link #atEndOfBatch}), so a thousand
 * messages a second cost a handful of FX-thread turns and a handful of list changes, not a thousand. The runner is
 * {@code Platform::runLater} in the app and may be anything in a test.
 */
public final class UiQueue {
    private static final Logger LOG = LoggerFactory.getLogger(UiQueue.class);
    private final ConcurrentLinkedQueue<Runnable> updates = new ConcurrentLinkedQueue<>();
    private final List<Runnable> endOfBatch = new CopyOnWriteArrayList<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Consumer<Runnable> fxThread;

    public UiQueue(Consumer<Runnable> fxThread) {
        this.fxThread = fxThread;
    }

    /** Runs {@code update} on the FX thread soon, after everything queued before it. Any thread. */
    public void run(Runnable update) {
        updates.add(update);
        if (scheduled.compareAndSet(false, true)) {
            fxThread.accept(this::drain);
        }
    }

    /**
     * Runs {@code task} on the FX thread after each batch of updates, until the returned handle is closed: where
     * updates that only gathered data are applied in one go.
     */
    public Registration atEndOfBatch(Runnable task) {
        endOfBatch.add(task);
        return () -> endOfBatch.remove(task);
    }

    /** Ends what it was returned for; closing twice is harmless. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** One update that fails is logged and skipped; it never drops the rest of its batch. */
    private static void runSafely(Runnable update) {
        try {
            update.run();
        } catch (RuntimeException e) {
            LOG.error("a window update failed and was skipped", e);
        }
    }

    private void drain() {
        List<Runnable> batch = new ArrayList<>();
        for (Runnable update; (update = updates.poll()) != null; ) {
            batch.add(update);
        }
        scheduled.set(false);
        batch.forEach(UiQueue::runSafely);
        endOfBatch.forEach(UiQueue::runSafely);
        if (!updates.isEmpty() && scheduled.compareAndSet(false, true)) {
            fxThread.accept(this::drain);
        }
    }
}
