package dev.videojobs.local.sim;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jcodec.api.awt.AWTSequenceEncoder;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.common.model.Rational;

/**
 * Makes a real, playable H.264 MP4 from still images: a slow zoom-in with a gentle pan over each image, the images
 * shown one after the other. Cheap on purpose (small frames, low fps) so a 5 s clip takes well under a second.
 */
final class VideoMaker {
    /** How much wider than the frame each image is pre-scaled: the zoom travels from this down to 1. */
    private static final double ZOOM = 1.15;

    private VideoMaker() {
    }

    /** Frame size for an image of {@code imageWidth x imageHeight}: at most {@code maxWidth} wide, even sides. */
    static Size sizeForImage(int imageWidth, int imageHeight, int maxWidth) {
        int width = evenFloor(Math.min(maxWidth, imageWidth));
        return new Size(width, even((double) width * imageHeight / imageWidth));
    }

    /** Frame size for an aspect ratio such as "16:9". */
    static Size sizeForAspectRatio(String aspectRatio, int imageWidth, int maxWidth) {
        String[] parts = aspectRatio.split(":");
        int width = evenFloor(Math.min(maxWidth, imageWidth));
        return new Size(width, even(width * Double.parseDouble(parts[1]) / Double.parseDouble(parts[0])));
    }

    static void write(List<BufferedImage> images, Size size, int seconds, int fps, Path out) throws IOException {
        int frames = seconds * fps;
        List<BufferedImage> sources = new ArrayList<>();
        for (BufferedImage image : images) {
            sources.add(coverScaled(image, (int) Math.ceil(size.width() * ZOOM), (int) Math.ceil(size.height() * ZOOM)));
        }
        BufferedImage frame = new BufferedImage(size.width(), size.height(), BufferedImage.TYPE_3BYTE_BGR);
        SeekableByteChannel channel = NIOUtils.writableChannel(out.toFile());
        try {
            AWTSequenceEncoder encoder = new AWTSequenceEncoder(channel, Rational.R(fps, 1));
            for (int i = 0; i < frames; i++) {
                int segment = Math.min(sources.size() - 1, i * sources.size() / frames);
                int segmentStart = segment * frames / sources.size();
                int segmentEnd = (segment + 1) * frames / sources.size();
                double progress = segmentEnd - segmentStart <= 1 ? 0
                        : (double) (i - segmentStart) / (segmentEnd - segmentStart - 1);
                // Alternate the pan direction so consecutive images do not look like one long shot.
                drawFrame(sources.get(segment), frame, progress, segment % 2 == 0 ? 1 : -1);
                encoder.encodeImage(frame);
            }
            encoder.finish();
        } finally {
            NIOUtils.closeQuietly(channel);
        }
    }

    private static void drawFrame(BufferedImage source, BufferedImage frame, double progress, int panDirection) {
        double zoom = 1 + (ZOOM - 1) * progress;
        double viewWidth = source.getWidth() / zoom;
        double viewHeight = source.getHeight() / zoom;
        double slackX = source.getWidth() - viewWidth;
        double slackY = source.getHeight() - viewHeight;
        double x = slackX / 2 + panDirection * slackX / 2 * progress;
        double y = slackY / 2;
        Graphics2D g = frame.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(source, 0, 0, frame.getWidth(), frame.getHeight(), (int) x, (int) y,
                    (int) Math.round(x + viewWidth), (int) Math.round(y + viewHeight), null);
        } finally {
            g.dispose();
        }
    }

    /** Scales and centre-crops {@code image} to exactly fill {@code width x height}. */
    static BufferedImage coverScaled(BufferedImage image, int width, int height) {
        double scale = Math.max((double) width / image.getWidth(), (double) height / image.getHeight());
        int cropWidth = (int) Math.round(width / scale);
        int cropHeight = (int) Math.round(height / scale);
        int cropX = (image.getWidth() - cropWidth) / 2;
        int cropY = (image.getHeight() - cropHeight) / 2;
        BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = scaled.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, width, height, cropX, cropY, cropX + cropWidth, cropY + cropHeight, null);
        } finally {
            g.dispose();
        }
        return scaled;
    }

    /** H.264 4:2:0 wants even sides; never wider than the source. */
    private static int evenFloor(int value) {
        return Math.max(2, value & ~1);
    }

    private static int even(double value) {
        return Math.max(2, (int) Math.round(value / 2) * 2);
    }

    record Size(int width, int height) {
    }
}
