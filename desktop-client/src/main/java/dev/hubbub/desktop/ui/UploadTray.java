package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.Words.t;

import dev.hubbub.chat.Attachment;
import dev.hubbub.desktop.net.Calls;
import dev.hubbub.desktop.net.FileTransfers;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javax.imageio.ImageIO;

/**
 * The files waiting to go with the next message: each starts uploading as soon as it is dropped, pasted or picked,
 * shows its progress, and can be cancelled; the message goes once every file is up. FX thread.
 */
final class UploadTray {
    private static final DateTimeFormatter PASTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH.mm.ss");

    /** One file on the tray. */
    private final class Item {
        final Path file;
        final String name;
        final HBox row;
        final Label state = new Label();
        final ProgressBar progress = new ProgressBar(0);
        FileTransfers.Transfer<Attachment> transfer;
        Attachment uploaded;
        String error;
        final List<Runnable> waiters = new ArrayList<>();

        Item(Path file, String name) {
            this.file = file;
            this.name = name;
            Label label = new Label(name);
            label.getStyleClass().add("file-name");
            label.setMinWidth(60);
            progress.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(progress, Priority.ALWAYS);
            state.getStyleClass().add("upload-state");
            Button cancel = new Button("✕");
            cancel.getStyleClass().add("upload-cancel");
            cancel.setAccessibleText(t("files.cancelNamed", "name", name));
            cancel.setOnAction(e -> cancel(this));
            row = new HBox(8, label, progress, state, cancel);
            row.setAlignment(Pos.CENTER_LEFT);
            row.getStyleClass().add("upload");
        }
    }

    private final FileTransfers transfers;
    private final VBox root = new VBox(4);
    private final List<Item> items = new ArrayList<>();
    private final Path scratch;

    /** @param scratch where pasted pictures are written before they go */
    UploadTray(FileTransfers transfers, Path scratch) {
        this.transfers = transfers;
        this.scratch = scratch;
        root.setId("tray");
        root.getStyleClass().add("tray");
        show();
    }

    VBox root() {
        return root;
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    /** Files from the disk (dropped or picked). */
    void add(List<Path> files) {
        for (Path file : files) {
            if (Files.isRegularFile(file)) {
                upload(file, file.getFileName().toString());
            }
        }
        show();
    }

    /** A picture from the clipboard, as a PNG named for when it was pasted. */
    void addPicture(Image picture) throws IOException {
        Files.createDirectories(scratch);
        String name = t("files.pasted", "when", LocalDateTime.now().format(PASTED)) + ".png";
        Path file = Files.createTempFile(scratch, "pasted-", ".png");
        ImageIO.write(toBuffered(picture), "png", file.toFile());
        upload(file, name);
        show();
    }

    private static BufferedImage toBuffered(Image picture) {
        int w = (int) picture.getWidth();
        int h = (int) picture.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = picture.getPixelReader();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            pixels.getPixels(0, y, w, 1, javafx.scene.image.PixelFormat.getIntArgbInstance(), row, 0, w);
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        return out;
    }

    private void upload(Path file, String name) {
        Item item = new Item(file, name);
        items.add(item);
        root.getChildren().add(item.row);
        try {
            item.transfer = transfers.upload(file, name, typeOf(file),
                    fraction -> Platform.runLater(() -> {
                        item.progress.setProgress(fraction);
                        item.state.setText(Math.round(fraction * 100) + " %");
                    }));
        } catch (IOException e) {
            fail(item, e.getMessage());
            return;
        }
        item.transfer.result().whenComplete((attachment, failure) -> Platform.runLater(() -> {
            if (file.startsWith(scratch)) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a pasted picture's copy in the cache; it goes with the next one
                }
            }
            if (!items.contains(item)) {
                return;
            }
            if (failure != null) {
                fail(item, Calls.reason(failure));
            } else {
                item.uploaded = attachment;
                item.progress.setProgress(1);
                item.state.setText(t("files.ready"));
                item.row.getStyleClass().add("done");
                settle(item);
            }
        }));
    }

    private static String typeOf(Path file) {
        try {
            String probed = Files.probeContentType(file);
            if (probed != null) {
                return probed;
            }
        } catch (IOException ignored) {
            // fall back on the name
        }
        String guessed = URLConnection.guessContentTypeFromName(file.getFileName().toString());
        return guessed != null ? guessed : "application/octet-stream";
    }

    private void fail(Item item, String reason) {
        item.error = reason;
        item.state.setText(t("message.notSent", "reason", reason));
        item.progress.setVisible(false);
        item.progress.setManaged(false);
        item.row.getStyleClass().add("failed");
        settle(item);
    }

    private void settle(Item item) {
        List<Runnable> waiting = List.copyOf(item.waiters);
        item.waiters.clear();
        waiting.forEach(Runnable::run);
    }

    private void cancel(Item item) {
        if (item.transfer != null) {
            item.transfer.cancel();
        }
        items.remove(item);
        root.getChildren().remove(item.row);
        settle(item);
        show();
    }

    /**
     * Completes with the uploaded files once every file on the tray is up; fails with a sentence when one could not
     * be sent. Completes on the FX thread.
     */
    CompletableFuture<List<Attachment>> whenReady() {
        CompletableFuture<List<Attachment>> ready = new CompletableFuture<>();
        checkReady(ready);
        return ready;
    }

    private void checkReady(CompletableFuture<List<Attachment>> ready) {
        for (Item item : items) {
            if (item.uploaded == null && item.error == null) {
                item.waiters.add(() -> checkReady(ready));
                return;
            }
        }
        for (Item item : items) {
            if (item.error != null) {
                ready.completeExceptionally(new IOException(t("files.notSent", "name", item.name,
                        "reason", item.error)));
                return;
            }
        }
        ready.complete(items.stream().map(item -> item.uploaded).toList());
    }

    /** Empties the tray: its files went with a message. */
    void clear() {
        items.clear();
        root.getChildren().clear();
        show();
    }

    private void show() {
        root.setVisible(!items.isEmpty());
        root.setManaged(!items.isEmpty());
    }
}
