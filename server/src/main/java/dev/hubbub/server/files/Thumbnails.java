package dev.hubbub.server.files;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * Small images of uploaded pictures, made once when a file is stored, so a list of messages shows photos without
 * downloading them. Reads PNG, JPEG and GIF with the JDK's Image I/O, and WebP with TwelveMonkeys' plugin (found by
 * Image I/O on the class path). JPEG photos are turned upright as their EXIF orientation says, as browsers show them.
 *
 * <p>A picture of a few kilobytes can declare 10,000 × 10,000 pixels (a decompression bomb), so nothing is decoded
 * before its cost is known: the reader reads only the header's dimensions first, {@link DecodeCost} says what
 * decoding that format at that size holds in memory at once, and a picture over {@link #MAX_PIXELS} or over the
 * whole {@link DecodeBudget} gets no thumbnail (it is still stored, as a file). What is decoded is decoded
 * subsampled, and at most {@link DecodeBudget#AT_ONCE} pictures at a time, each holding its cost from the budget
 * while it decodes. Any failure, an {@link Error} included, means no thumbnail, never an unanswered upload.
 */
public final class Thumbnails {
    /** A thumbnail fits in a square of this many pixels. */
    public static final int SIZE = 400;
    /** Pictures with more pixels than this (a 50-megapixel photo) get no thumbnail, and are still stored as files. */
    static final long MAX_PIXELS = 50_000_000L;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Thumbnails.class);
    private static final DecodeBudget BUDGET = DecodeBudget.ofHeap();

    /** What was made: the picture's own size, and the thumbnail's file and type. */
    public record Made(int width, int height, Path file, String type) {
    }

    private Thumbnails() {
    }

    static {
        ImageIO.setUseCache(false);
    }

    /**
     * Makes a thumbnail of the image in {@code source} (of the proven raster {@code type}) as {@code target} plus
     * {@code .png} (images with transparency) or {@code .jpg}; null when the image cannot be read or is too large.
     */
    public static Made make(Path source, String type, Path target) {
        try (InputStream bytes = Files.newInputStream(source);
             ImageInputStream in = ImageIO.createImageInputStream(bytes)) {
            if (in == null) {
                return null;
            }
            Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(type);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0 || (long) width * height > MAX_PIXELS) {
                    return null;
                }
                int step = Math.max(1, Math.max(width, height) / (2 * SIZE));
                long cost = DecodeCost.of(type, width, height, step, source);
                BufferedImage picture;
                try (DecodeBudget.Held held = BUDGET.take(cost)) {
                    if (held == null) {
                        LOG.info("no thumbnail for a {}×{} {}: decoding it would take {} MB at once", width, height,
                                type, cost >> 20);
                        return null;
                    }
                    ImageReadParam param = reader.getDefaultReadParam();
                    param.setSourceSubsampling(step, step, 0, 0);
                    picture = reader.read(0, param);
                }
                int orientation = type.equals("image/jpeg") ? ExifOrientation.of(source) : 1;
                boolean alpha = picture.getColorModel().hasAlpha();
                BufferedImage small = scaled(picture, orientation, alpha);
                Path file = target.resolveSibling(target.getFileName() + (alpha ? ".png" : ".jpg"));
                write(small, alpha, file);
                boolean turned = orientation >= 5;
                return new Made(turned ? height : width, turned ? width : height, file,
                        alpha ? "image/png" : "image/jpeg");
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // A file that claims to be an image and is not one stays a file; it just gets no thumbnail.
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Error e) {
            // A decoder that ran out of memory or stack on one picture must not take the upload (or the server)
            // with it: the budget should have kept this from happening, so it is worth a line in the log.
            LOG.warn("no thumbnail for a {}: {}", type, e.toString());
            return null;
        }
    }

    /** A person's picture's side, in pixels. */
    public static final int AVATAR_SIZE = 128;

    /**
     * A person's picture from a thumbnail this class made (at most {@value #SIZE} pixels a side, so safe to decode):
     * its middle square, {@value #AVATAR_SIZE} pixels a side, as PNG bytes.
     *
     * @throws IOException when the thumbnail cannot be read as a picture
     */
    public static byte[] avatar(Path thumbnail) throws IOException {
        BufferedImage picture = ImageIO.read(thumbnail.toFile());
        if (picture == null || picture.getWidth() > SIZE * 2 || picture.getHeight() > SIZE * 2) {
            throw new IOException("not a thumbnail");
        }
        int side = Math.min(picture.getWidth(), picture.getHeight());
        BufferedImage square = picture.getSubimage((picture.getWidth() - side) / 2, (picture.getHeight() - side) / 2,
                side, side);
        BufferedImage out = new BufferedImage(AVATAR_SIZE, AVATAR_SIZE, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(square, 0, 0, AVATAR_SIZE, AVATAR_SIZE, null);
        } finally {
            g.dispose();
        }
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        ImageIO.write(out, "png", png);
        return png.toByteArray();
    }

    private static BufferedImage scaled(BufferedImage picture, int orientation, boolean alpha) {
        int w = picture.getWidth();
        int h = picture.getHeight();
        boolean turned = orientation >= 5;
        int shownW = turned ? h : w;
        int shownH = turned ? w : h;
        double scale = Math.min(1.0, (double) SIZE / Math.max(shownW, shownH));
        int outW = Math.max(1, (int) Math.round(shownW * scale));
        int outH = Math.max(1, (int) Math.round(shownH * scale));
        BufferedImage out = new BufferedImage(outW, outH, alpha ? BufferedImage.TYPE_INT_ARGB
                : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.scale(scale, scale);
            g.transform(ExifOrientation.transform(orientation, w, h));
            g.drawImage(picture, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static void write(BufferedImage image, boolean png, Path path) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(png ? "png" : "jpeg").next();
        try (OutputStream file = Files.newOutputStream(path);
             ImageOutputStream out = ImageIO.createImageOutputStream(file)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (!png) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.85f);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }

    /** The EXIF orientation tag of a JPEG (1 to 8; 1, upright, when there is none), read from its APP1 segment. */
    static final class ExifOrientation {
        private ExifOrientation() {
        }

        static int of(Path jpeg) {
            try (InputStream in = Files.newInputStream(jpeg)) {
                byte[] head = in.readNBytes(64 * 1024);
                return parse(head);
            } catch (IOException e) {
                return 1;
            }
        }

        static int parse(byte[] b) {
            int i = 2;
            while (i + 4 <= b.length && (b[i] & 0xFF) == 0xFF) {
                int marker = b[i + 1] & 0xFF;
                int length = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
                if (marker == 0xE1 && i + 10 <= b.length && b[i + 4] == 'E' && b[i + 5] == 'x' && b[i + 6] == 'i'
                        && b[i + 7] == 'f') {
                    return tiffOrientation(b, i + 10, Math.min(b.length, i + 2 + length));
                }
                if (marker == 0xDA) {
                    break;
                }
                i += 2 + length;
            }
            return 1;
        }

        private static int tiffOrientation(byte[] b, int tiff, int end) {
            if (tiff + 8 > end) {
                return 1;
            }
            boolean little = b[tiff] == 'I';
            int ifd = tiff + (int) u32(b, tiff + 4, little);
            if (ifd + 2 > end || ifd < tiff) {
                return 1;
            }
            int entries = u16(b, ifd, little);
            for (int e = 0; e < entries; e++) {
                int entry = ifd + 2 + 12 * e;
                if (entry + 12 > end) {
                    return 1;
                }
                if (u16(b, entry, little) == 0x0112) {
                    int value = u16(b, entry + 8, little);
                    return value >= 1 && value <= 8 ? value : 1;
                }
            }
            return 1;
        }

        private static int u16(byte[] b, int at, boolean little) {
            return little ? (b[at] & 0xFF) | ((b[at + 1] & 0xFF) << 8) : ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
        }

        private static long u32(byte[] b, int at, boolean little) {
            return little ? (u16(b, at, true) | ((long) u16(b, at + 2, true) << 16))
                    : (((long) u16(b, at, false) << 16) | u16(b, at + 2, false));
        }

        /** Draws a {@code w}×{@code h} image the way its orientation says it is meant to be seen. */
        static AffineTransform transform(int orientation, int w, int h) {
            AffineTransform t = new AffineTransform();
            switch (orientation) {
                case 2 -> { t.translate(w, 0); t.scale(-1, 1); }
                case 3 -> { t.translate(w, h); t.rotate(Math.PI); }
                case 4 -> { t.translate(0, h); t.scale(1, -1); }
                case 5 -> { t.rotate(-Math.PI / 2); t.scale(-1, 1); }
                case 6 -> { t.translate(h, 0); t.rotate(Math.PI / 2); }
                case 7 -> { t.scale(-1, 1); t.translate(-h, 0); t.translate(0, w); t.rotate(3 * Math.PI / 2); }
                case 8 -> { t.translate(0, w); t.rotate(3 * Math.PI / 2); }
                default -> { }
            }
            return t;
        }
    }
}
