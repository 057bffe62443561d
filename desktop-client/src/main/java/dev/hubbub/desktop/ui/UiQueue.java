package dev.hubbub.desktop.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The one way network threads change the UI: updates are queued from any thread, and one {@code Platform.runLater}
 * at a time runs everything queued so far, so a thousand messages a second cost a handful of FX-thread turns, not a
 * thousand. The runner is {@code Platform::runLater} in the app and may be anything in a test.
 */
public final class UiQueue {
    private final ConcurrentLinkedQueue<Runnable> updates = new ConcurrentLinkedQueue<>();
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

    private void drain() {
        List<Runnable> batch = new ArrayList<>();
        for (Runnable update; (update = updates.poll()) != null; ) {
            batch.add(update);
        }
        scheduled.set(false);
        batch.forEach(Runnable::run);
        if (!updates.isEmpty() && scheduled.compareAndSet(false, true)) {
            fxThread.accept(this::drain);
        }
    }
}
