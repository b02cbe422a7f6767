package dev.videojobs.local.sim;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** The ai-multi-shot "camera angles": a wide, a medium and a close shot cropped from the one input image. */
final class ShotMaker {
    static final int SHOTS = 3;
    /** Fraction of the image each shot keeps: wide, medium, close-up. */
    private static final double[] CROPS = {1.0, 0.7, 0.45};
    private static final int MAX_SIDE = 1024;

    private ShotMaker() {
    }

    /** Writes shot {@code index} as PNG; inputs are at least 300 px a side, so every shot is too. */
    static void write(BufferedImage image, int index, Path out) throws IOException {
        double downscale = Math.min(1, (double) MAX_SIDE / Math.max(image.getWidth(), image.getHeight()));
        int width = Math.max(300, (int) Math.round(image.getWidth() * downscale));
        int height = Math.max(300, (int) Math.round(image.getHeight() * downscale));
        int cropWidth = (int) Math.round(image.getWidth() * CROPS[index]);
        int cropHeight = (int) Math.round(image.getHeight() * CROPS[index]);
        // Close shots sit a little above the centre, where faces and products usually are.
        int cropX = (image.getWidth() - cropWidth) / 2;
        int cropY = index == 2 ? (image.getHeight() - cropHeight) / 3 : (image.getHeight() - cropHeight) / 2;
        BufferedImage crop = image.getSubimage(cropX, cropY, cropWidth, cropHeight);
        if (!ImageIO.write(VideoMaker.coverScaled(crop, width, height), "png", out.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }
}
