package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.Words.t;

import dev.hubbub.chat.Attachment;
import dev.hubbub.desktop.net.Calls;
import dev.hubbub.desktop.net.FileTransfers;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * How the window shows the files of a message, and what a person does with them: a picture as its thumbnail (click:
 * the full picture in the system's viewer), any other file as a card with "Open" (downloaded, then opened by the
 * system) and "Save as…". Thumbnails are fetched once each and kept in a small cache (the newest
 * {@value #CACHED_THUMBNAILS}), decoded at the size they are shown, so memory stays bounded however many pictures the
 * room has.
 *
 * <p>FX thread, except where a download completes (it comes back to the FX thread).
 */
final class FileViews {
    /** Pictures are shown at most this many pixels wide or tall. */
    static final double PICTURE_BOX = 240;
    static final int CACHED_THUMBNAILS = 64;

    /**
     * Names the system would run rather than show: the app never opens these itself ("Save as…" still works), so a
     * file someone sent cannot start a program with one click.
     */
    private static final java.util.Set<String> PROGRAMS = java.util.Set.of("exe", "msi", "bat", "cmd", "com", "scr",
            "pif", "cpl", "ps1", "vbs", "vbe", "js", "jse", "wsf", "wsh", "hta", "lnk", "reg", "jar", "sh", "bash",
            "zsh", "csh", "command", "desktop", "app", "appimage", "run", "bin", "deb", "rpm", "apk", "pkg",
            "dmg", "py", "pl", "rb", "url", "webloc", "scpt", "workflow", "action");

    private final FileTransfers transfers;
    private final Consumer<String> openUri;
    private final Consumer<String> tell;
    private final Path downloads;
    private final Map<String, Image> thumbnails = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Image> eldest) {
            return size() > CACHED_THUMBNAILS;
        }
    };
    private final Map<String, List<Runnable>> loading = new LinkedHashMap<>();

    /**
     * @param openUri opens a URI with the system (a browser, a viewer)
     * @param tell shows a sentence to the person (a failure, or where a file was saved)
     * @param downloads where files are kept to be opened
     */
    FileViews(FileTransfers transfers, Consumer<String> openUri, Consumer<String> tell, Path downloads) {
        this.transfers = transfers;
        this.openUri = openUri;
        this.tell = tell;
        this.downloads = downloads;
    }

    /** The node for one file of a message. */
    Node view(Attachment file, Runnable redraw) {
        return file.isImage() ? picture(file, redraw) : card(file);
    }

    private Node picture(Attachment file, Runnable redraw) {
        ImageView view = new ImageView();
        view.getStyleClass().add("picture");
        view.setPreserveRatio(true);
        double[] size = shownSize(file);
        view.setFitWidth(size[0]);
        view.setFitHeight(size[1]);
        Image image = thumbnail(file.thumbnail(), redraw);
        view.setImage(image);
        Label frame = new Label(null, view);
        frame.getStyleClass().add("picture-frame");
        frame.setMinSize(size[0], size[1]);
        frame.setPrefSize(size[0], size[1]);
        frame.setTooltip(new Tooltip(file.describe() + " — " + t("app.file.clickToOpen")));
        frame.setOnMouseClicked(e -> open(file));
        frame.setAccessibleText(t("app.file.picture", "name", file.name()));
        return frame;
    }

    /** The size a picture takes in the list, known before its thumbnail arrives, so rows do not jump. */
    static double[] shownSize(Attachment file) {
        double w = file.width() == null ? PICTURE_BOX : file.width();
        double h = file.height() == null ? PICTURE_BOX * 0.75 : file.height();
        double scale = Math.min(1, PICTURE_BOX / Math.max(w, h));
        return new double[] {Math.max(1, Math.round(w * scale)), Math.max(1, Math.round(h * scale))};
    }

    private Node card(Attachment file) {
        Label name = new Label(file.name());
        name.getStyleClass().add("file-name");
        Label detail = new Label(Attachment.humanSize(file.size()) + " · " + file.type());
        detail.getStyleClass().add("file-detail");
        Button save = new Button(t("app.file.saveAs"));
        save.getStyleClass().add("file-save");
        save.setOnAction(e -> saveAs(file, save));
        HBox buttons = new HBox(6, save);
        if (openable(file.name())) {
            Button open = new Button(t("app.file.open"));
            open.getStyleClass().add("file-open");
            open.setOnAction(e -> open(file));
            buttons.getChildren().add(0, open);
        } else {
            save.setTooltip(new Tooltip(t("app.file.programTitle")));
        }
        VBox card = new VBox(2, name, detail, buttons);
        card.getStyleClass().add("file-card");
        card.setAlignment(Pos.CENTER_LEFT);
        card.setMaxHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        return card;
    }

    /** The thumbnail if cached; otherwise null now, and {@code redraw} once it has arrived. */
    Image thumbnail(String url, Runnable redraw) {
        Image cached = thumbnails.get(url);
        if (cached != null) {
            return cached;
        }
        List<Runnable> waiting = loading.get(url);
        if (waiting != null) {
            waiting.add(redraw);
            return null;
        }
        waiting = new ArrayList<>(List.of(redraw));
        loading.put(url, waiting);
        transfers.thumbnail(url).whenComplete((bytes, failure) -> {
            Image image = failure == null && smallPicture(bytes) ? new Image(new ByteArrayInputStream(bytes),
                    PICTURE_BOX, PICTURE_BOX, true, true) : null;
            Platform.runLater(() -> {
                List<Runnable> done = loading.remove(url);
                if (image != null && !image.isError()) {
                    thumbnails.put(url, image);
                    done.forEach(Runnable::run);
                }
            });
        });
        return null;
    }

    /** Whether "Open" may hand a file of this name to the system: not when the system would run it. */
    static boolean openable(String name) {
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).strip().toLowerCase(java.util.Locale.ROOT);
        return !PROGRAMS.contains(extension);
    }

    /** Downloads the file (once) and opens it with the system's application for it; never a program. */
    void open(Attachment file) {
        if (!openable(file.name())) {
            tell.accept(t("app.file.program", "name", file.name()));
            return;
        }
        Path target = openedCopy(downloads, file.id(), file.name());
        if (target == null) {
            tell.accept(t("app.file.badId", "name", file.name()));
            return;
        }
        if (Files.exists(target)) {
            openUri.accept(target.toUri().toString());
            return;
        }
        tell.accept(t("app.file.opening", "name", file.name()));
        transfers.download(file, target, fraction -> { }).result().whenComplete((path, failure) ->
                Platform.runLater(() -> {
                    if (failure != null) {
                        tell.accept(t("app.file.notOpened", "name", file.name(), "reason", Calls.reason(failure)));
                    } else {
                        tell.accept(null);
                        openUri.accept(path.toUri().toString());
                    }
                }));
    }

    /** Asks where to save the file, then downloads it there. */
    void saveAs(Attachment file, Node owner) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(t("app.file.save", "name", file.name()));
        chooser.setInitialFileName(safeName(file.name()));
        File chosen = chooser.showSaveDialog(owner.getScene() == null ? null : owner.getScene().getWindow());
        if (chosen != null) {
            saveTo(file, chosen.toPath());
        }
    }

    void saveTo(Attachment file, Path target) {
        tell.accept(t("app.file.saving", "name", file.name()));
        transfers.download(file, target, fraction -> { }).result().whenComplete((path, failure) ->
                Platform.runLater(() -> tell.accept(failure != null
                        ? t("app.file.notSaved", "name", file.name(), "reason", Calls.reason(failure))
                        : t("app.file.saved", "name", file.name(), "path", path))));
    }

    /** A server's thumbnails fit in 400 × 400; anything declaring more than this is not decoded at all. */
    static final long MAX_THUMBNAIL_PIXELS = 4_000_000L;
    private static final java.util.regex.Pattern FILE_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /**
     * Where a file opened from the app is kept: {@code downloads/ID/NAME}; null when the id the server sent is not
     * one of its ids (a server of someone else's could otherwise send {@code ../..} and write anywhere).
     */
    static Path openedCopy(Path downloads, String id, String name) {
        if (id == null || !FILE_ID.matcher(id).matches()) {
            return null;
        }
        Path target = downloads.resolve(id).resolve(safeName(name)).normalize();
        return target.startsWith(downloads.normalize()) ? target : null;
    }

    /**
     * Whether a picture from the server is one to decode: its header read (never its pixels) says a size within
     * {@link #MAX_THUMBNAIL_PIXELS}, so a small file declaring a huge picture cannot fill the app's memory.
     */
    static boolean smallPicture(byte[] bytes) {
        try (javax.imageio.stream.ImageInputStream in = javax.imageio.ImageIO.createImageInputStream(
                new ByteArrayInputStream(bytes))) {
            java.util.Iterator<javax.imageio.ImageReader> readers = in == null ? null
                    : javax.imageio.ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return false;
            }
            javax.imageio.ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                return pixels > 0 && pixels <= MAX_THUMBNAIL_PIXELS;
            } finally {
                reader.dispose();
            }
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /** A file name that is one name in a directory (the server sends a name without a path; this makes sure). */
    static String safeName(String name) {
        String base = name.replace('/', '_').replace('\\', '_').replace('\0', '_').strip();
        return base.isEmpty() || base.equals(".") || base.equals("..") ? "file" : base;
    }

    /** Where files opened from the app are kept: in the user's cache directory. */
    static Path defaultDownloads() {
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("hubbub").resolve("files");
    }

}
