package dev.hubbub.server.files;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What decoding a picture holds in memory at once, in bytes, from its declared size alone: the figure
 * {@link DecodeBudget} is asked for before anything is decoded.
 *
 * <p>The JDK's PNG, GIF and baseline JPEG readers decode a row at a time into the subsampled result, so they cost
 * a few rows and the result. Two decoders hold the whole picture whatever the subsampling: a progressive JPEG keeps
 * every coefficient of the picture until its last scan (libjpeg, about two bytes a sample, up to three samples a
 * pixel), and TwelveMonkeys' WebP reader decodes the whole frame before subsampling it (four bytes a pixel).
 */
final class DecodeCost {
    private DecodeCost() {
    }

    /** The bytes held while decoding a {@code width}×{@code height} picture of this type, one pixel in {@code step}. */
    static long of(String type, int width, int height, int step, Path file) throws IOException {
        long pixels = (long) width * height;
        long result = 4L * (width / step + 1) * (height / step + 1);
        long rows = 16L * width * 2;
        return switch (type) {
            case "image/webp" -> 4 * pixels + result;
            case "image/jpeg" -> (isProgressiveJpeg(file) ? 6 * pixels : rows) + result;
            default -> rows + result;
        };
    }

    /**
     * Whether a JPEG's frame is progressive (SOF2, SOF6, SOF10 or SOF14), read by walking its markers up to the
     * first frame header; a file whose markers end first counts as progressive, the dearer guess.
     */
    static boolean isProgressiveJpeg(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
            if (in.readUnsignedShort() != 0xFFD8) {
                return true;
            }
            while (true) {
                int b = in.readUnsignedByte();
                if (b != 0xFF) {
                    return true;
                }
                int marker = in.readUnsignedByte();
                while (marker == 0xFF) {
                    marker = in.readUnsignedByte();
                }
                if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                    return marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE;
                }
                if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                    continue;
                }
                if (marker == 0xDA || marker == 0xD9) {
                    return true;
                }
                int length = in.readUnsignedShort();
                if (length < 2) {
                    return true;
                }
                in.skipNBytes(length - 2L);
            }
        } catch (EOFException e) {
            return true;
        }
    }
}
