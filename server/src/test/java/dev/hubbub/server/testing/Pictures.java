package dev.hubbub.server.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.ImageIO;

/** Pictures for tests that need big ones. */
public final class Pictures {
    private Pictures() {
    }

    /**
     * A PNG of noise {@code side} pixels square, which does not compress: about 3 bytes a pixel (1264 × 1264 are
     * 4.8 MB, under the 5 MB a picture may be). The same noise each time.
     */
    public static byte[] noise(int side) throws IOException {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(37);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return png.toByteArray();
    }
}
