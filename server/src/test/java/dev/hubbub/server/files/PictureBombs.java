package dev.hubbub.server.files;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Decompression bombs for tests: files of a few kilobytes whose headers declare pictures of tens of megapixels, in
 * every format and decoder shape the server makes thumbnails of. Made here, from small real pictures with their
 * declared size rewritten (JPEG, WebP) or written whole (PNG, GIF).
 */
public final class PictureBombs {
    /** Under the pixel limit, so only the decode budget stands between it and the heap. */
    static final int SIDE = 7_000;
    /** Over the pixel limit. */
    static final int HUGE = 16_000;

    /**
     * @param cheapToDecode whether its decoder works a row at a time (it may get a thumbnail); the others must not be
     *     decoded at all on a small heap
     */
    public record Bomb(String name, String type, byte[] bytes, boolean cheapToDecode) {
    }

    private PictureBombs() {
    }

    public static Map<String, Bomb> all() {
        Map<String, Bomb> bombs = new LinkedHashMap<>();
        add(bombs, new Bomb("png", "image/png", png(SIDE, true), true));
        add(bombs, new Bomb("png-huge", "image/png", png(HUGE, false), false));
        add(bombs, new Bomb("gif", "image/gif", gif(SIDE), true));
        add(bombs, new Bomb("gif-huge", "image/gif", gif(HUGE), false));
        add(bombs, new Bomb("jpeg-baseline", "image/jpeg", jpeg(SIDE, false), true));
        add(bombs, new Bomb("jpeg-progressive", "image/jpeg", jpeg(SIDE, true), false));
        add(bombs, new Bomb("jpeg-huge", "image/jpeg", jpeg(HUGE, true), false));
        add(bombs, new Bomb("webp-lossy", "image/webp", webp("/files/photo.webp", SIDE), false));
        add(bombs, new Bomb("webp-lossless", "image/webp", webp("/files/transparent.webp", SIDE), false));
        add(bombs, new Bomb("webp-huge", "image/webp", webp("/files/transparent.webp", HUGE), false));
        return bombs;
    }

    private static void add(Map<String, Bomb> bombs, Bomb bomb) {
        bombs.put(bomb.name(), bomb);
    }

    /** A grey PNG of side × side; whole (every row, zeros) or only its first row. */
    static byte[] png(int side, boolean whole) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
            ByteBuffer header = ByteBuffer.allocate(13).putInt(side).putInt(side).put((byte) 8).put((byte) 0)
                    .put((byte) 0).put((byte) 0).put((byte) 0);
            chunk(out, "IHDR", header.array());
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            try (DeflaterOutputStream deflate = new DeflaterOutputStream(data, new Deflater(9), 1 << 16)) {
                byte[] row = new byte[side + 1];
                for (int y = 0; y < (whole ? side : 1); y++) {
                    deflate.write(row);
                }
            }
            chunk(out, "IDAT", data.toByteArray());
            chunk(out, "IEND", new byte[0]);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(name);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** A two-colour GIF declaring side × side, whose picture data is one pixel long. */
    static byte[] gif(int side) {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.put("GIF89a".getBytes(StandardCharsets.US_ASCII)).putShort((short) side).putShort((short) side)
                .put((byte) 0x80).put((byte) 0).put((byte) 0).put(new byte[] {0, 0, 0, -1, -1, -1});
        b.put((byte) 0x2C).putShort((short) 0).putShort((short) 0).putShort((short) side).putShort((short) side)
                .put((byte) 0);
        // LZW, minimum code size 2: clear (4), pixel 0, end (5), three bits each.
        b.put((byte) 2).put((byte) 2).put((byte) 0x44).put((byte) 0x01).put((byte) 0).put((byte) 0x3B);
        byte[] bytes = new byte[b.position()];
        b.flip().get(bytes);
        return bytes;
    }

    /** A 16 × 16 JPEG (baseline or progressive) whose frame header says side × side. */
    static byte[] jpeg(int side, boolean progressive) {
        try {
            BufferedImage small = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                ImageWriteParam param = writer.getDefaultWriteParam();
                if (progressive) {
                    param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
                }
                writer.write(null, new IIOImage(small, null, null), param);
            } finally {
                writer.dispose();
            }
            byte[] jpeg = bytes.toByteArray();
            int sof = progressive ? 0xC2 : 0xC0;
            for (int i = 2; i + 9 < jpeg.length; i++) {
                if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == sof) {
                    ByteBuffer.wrap(jpeg, i + 5, 4).putShort((short) side).putShort((short) side);
                    return jpeg;
                }
            }
            throw new IllegalStateException("no frame header in the JPEG the JDK wrote");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A small WebP (lossy VP8 or lossless VP8L) whose bitstream header says side × side (at most 16,384). */
    static byte[] webp(String resource, int side) {
        try (InputStream in = PictureBombs.class.getResourceAsStream(resource)) {
            byte[] webp = in.readAllBytes();
            String chunk = new String(webp, 12, 4, StandardCharsets.US_ASCII);
            ByteBuffer b = ByteBuffer.wrap(webp).order(ByteOrder.LITTLE_ENDIAN);
            if (chunk.equals("VP8 ")) {
                // Frame tag (3 bytes), start code (3), then width and height: 14 bits each and 2 of scale.
                b.putShort(26, (short) side).putShort(28, (short) side);
            } else if (chunk.equals("VP8L")) {
                // Signature 0x2F, then width - 1 and height - 1 in 14 bits each, alpha, version.
                int bits = b.getInt(21);
                bits = (bits & ~0x0FFFFFFF) | (side - 1) | ((side - 1) << 14);
                b.putInt(21, bits);
            } else {
                throw new IllegalStateException(resource + " is neither VP8 nor VP8L");
            }
            return webp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
