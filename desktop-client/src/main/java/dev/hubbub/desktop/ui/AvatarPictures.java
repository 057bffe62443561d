package dev.hubbub.desktop.ui;

import dev.hubbub.chat.Names;
import dev.hubbub.desktop.net.FileTransfers;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.scene.image.Image;

/**
 * The pictures people set (others' too), as the page shows them: asked of the server the first time a name is drawn,
 * decoded at the size shown, and kept for a few minutes (the page's browsers keep them as long), the most recent
 * {@value #KEPT} names at most. A name with no picture is drawn with its initials meanwhile and after. FX thread only.
 */
final class AvatarPictures {
    static final int KEPT = 256;
    static final Duration FRESH = Duration.ofMinutes(5);
    static final double SIZE = 22;

    /** @param ask the number of the request that brought it (or is bringing it): an older answer is dropped */
    private record Kept(Image picture, Instant until, long ask) {
    }

    private final FileTransfers files;
    private long asks;
    private final UiQueue ui;
    private final Runnable changed;
    private final Map<String, Kept> kept = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
            return size() > KEPT;
        }
    };

    /** @param changed runs when a picture arrived (the list redraws) */
    AvatarPictures(FileTransfers files, UiQueue ui, Runnable changed) {
        this.files = files;
        this.ui = ui;
        this.changed = changed;
    }

    /** The picture of the person with this name, if they set one and it is here; asks for it when it is not. */
    Image of(String name) {
        String key = Names.key(name);
        Kept known = kept.get(key);
        Instant now = Instant.now();
        if (known != null && known.until().isAfter(now)) {
            return known.picture();
        }
        long ask = ++asks;
        kept.put(key, new Kept(known == null ? null : known.picture(), now.plus(FRESH), ask));
        java.util.concurrent.CompletableFuture<java.util.Optional<byte[]>> asked;
        try {
            asked = files.picture(name);
        } catch (RuntimeException e) {
            return null; // a name no URL can carry: its initials
        }
        asked.whenComplete((png, failure) -> ui.run(() -> {
            Kept before = kept.get(key);
            if (before == null || before.ask() != ask) {
                return; // asked again since (the picture changed): that answer counts, not this one
            }
            Image picture = failure != null ? null : png.map(bytes -> new Image(new ByteArrayInputStream(bytes),
                    SIZE * 2, SIZE * 2, true, true)).filter(image -> !image.isError()).orElse(null);
            kept.put(key, new Kept(picture, Instant.now().plus(FRESH), ask));
            if (picture != null || before.picture() != null) {
                changed.run();
            }
        }));
        return known == null ? null : known.picture();
    }

    /** The reader's own picture changed: asked for again at once (the list redraws, and asks). */
    void forget(String name) {
        kept.remove(Names.key(name));
        changed.run();
    }
}
