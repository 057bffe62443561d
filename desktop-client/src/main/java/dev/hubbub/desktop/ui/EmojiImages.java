package dev.hubbub.desktop.ui;

import dev.hubbub.chat.EmojiSet;
import java.util.List;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.text.Text;

/**
 * Emoji as pictures, the same on every system: JavaFX draws no colour emoji from fonts (on Linux none at all), so the
 * app draws each emoji from one sprite sheet of Twemoji, from the same dataset release as {@link EmojiSet} (a
 * 32-pixel cell per emoji, 4.9 MB, loaded in the background the first time an emoji is shown). A text becomes text
 * nodes with pictures where its emoji are; what the dataset does not know stays text. FX thread only.
 */
final class EmojiImages {
    /** A cell's side in the sheet, and its padding on each side. */
    private static final int CELL = 32;
    private static final int PADDED = CELL + 2;
    /** The sheet's side: 62 cells. */
    private static final int SIDE = 62 * PADDED;
    /** An emoji in a line of text, in a reaction or a menu: a 16-pixel picture. */
    static final double SIZE = 16;

    /**
     * The sheet decoded at half size (16-pixel pictures, about 4 MiB), for everything drawn that small on a screen
     * of ordinary density; at full size (32-pixel pictures, about 17 MiB) for the picker, and for text on a
     * high-density screen. Each is decoded the first time it is needed.
     */
    private static Image half;
    private static Image full;

    private EmojiImages() {
    }

    private static Image sheet(boolean large) {
        String url = EmojiImages.class.getResource("emoji/twitter-32.png").toExternalForm();
        if (large) {
            if (full == null) {
                full = new Image(url, true);
            }
            return full;
        }
        if (half == null) {
            half = new Image(url, SIDE / 2.0, SIDE / 2.0, false, true, true);
        }
        return half;
    }

    /** The output scale of the main screen (2 on a high-density one); 1 where there is no screen yet. */
    private static double screenScale() {
        try {
            return javafx.stage.Screen.getPrimary().getOutputScaleX();
        } catch (RuntimeException e) {
            return 1;
        }
    }

    /** An emoji's picture at {@code size} pixels, or null when the dataset does not know it. */
    static ImageView view(String emoji, double size) {
        EmojiSet.Cell cell = EmojiSet.get().cellOf(emoji);
        if (cell == null && emoji.endsWith("\uFE0F")) {
            cell = EmojiSet.get().cellOf(emoji.substring(0, emoji.length() - 1));
        }
        if (cell == null) {
            return null;
        }
        boolean large = size * screenScale() > CELL / 2.0;
        double scale = large ? 1 : 0.5;
        ImageView view = new ImageView(sheet(large));
        view.setViewport(new Rectangle2D((cell.x() * PADDED + 1) * scale, (cell.y() * PADDED + 1) * scale,
                CELL * scale, CELL * scale));
        view.setFitWidth(size);
        view.setFitHeight(size);
        view.setSmooth(true);
        view.getStyleClass().add("emoji");
        view.setAccessibleText(emoji);
        view.setUserData(emoji);
        return view;
    }

    /**
     * Adds {@code words} to {@code nodes} as text styled with {@code styles}, with each emoji in it as its picture.
     */
    static void addText(List<Node> nodes, String words, List<String> styles) {
        int from = 0;
        boolean added = false;
        for (int at = 0; at < words.length(); ) {
            char c = words.charAt(at);
            // Most of a text is letters and spaces: only #, * and digits (keycaps) start an emoji below U+0080.
            boolean plain = c < 0x80 && c != '#' && c != '*' && (c < '0' || c > '9');
            int length = plain ? 0 : EmojiSet.get().emojiAt(words, at);
            ImageView picture = length == 0 ? null : view(words.substring(at, at + length), SIZE);
            if (picture == null) {
                at += Character.charCount(words.codePointAt(at));
                continue;
            }
            if (from < at) {
                nodes.add(text(words.substring(from, at), styles));
            }
            // A little below the baseline the flow sets it on, as a letter sits.
            picture.setTranslateY(2);
            nodes.add(picture);
            added = true;
            at += length;
            from = at;
        }
        if (from < words.length() || !added) {
            nodes.add(text(words.substring(from), styles));
        }
    }

    static Text text(String words, List<String> styles) {
        Text text = new Text(words);
        text.getStyleClass().add("body-text");
        text.getStyleClass().addAll(styles);
        return text;
    }
}
