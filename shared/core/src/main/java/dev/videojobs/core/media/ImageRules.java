package dev.videojobs.core.media;

import java.util.Optional;

/**
 * The providers' input image rules (the same for every model): JPEG or PNG, at most 10 MB, at least 300 px per side,
 * aspect ratio 1:2.5 to 2.5:1. Plus ours: at most {@value #MAX_SIDE} px per side. The providers name no upper bound;
 * ours keeps a decode within bounded memory (8192 x 8192 RGBA is 256 MB) and still takes 50-megapixel camera photos.
 */
public final class ImageRules {

    public static final long MAX_BYTES = 10L * 1024 * 1024;
    public static final int MIN_SIDE = 300;
    public static final int MAX_SIDE = 8192;

    private ImageRules() {}

    /** The first rule the image breaks, as a message for the client; empty when it is acceptable. */
    public static Optional<String> check(ImageInfo image) {
        if (!image.format().equals("jpeg") && !image.format().equals("png")) {
            return Optional.of("image must be JPEG or PNG");
        }
        if (image.bytes() > MAX_BYTES) {
            return Optional.of("image is larger than 10 MB");
        }
        long width = image.width();
        long height = image.height();
        String size = " (got " + width + "x" + height + ")";
        if (width < MIN_SIDE || height < MIN_SIDE) {
            return Optional.of("image must be at least " + MIN_SIDE + " px wide and high" + size);
        }
        if (width > MAX_SIDE || height > MAX_SIDE) {
            return Optional.of("image must be at most " + MAX_SIDE + " px wide and high" + size);
        }
        // ratio <= 2.5 either way, in integers: 2 * long side <= 5 * short side; exactly 2.5 is allowed.
        if (2 * width > 5 * height || 2 * height > 5 * width) {
            return Optional.of("image aspect ratio must be between 1:2.5 and 2.5:1" + size);
        }
        return Optional.empty();
    }
}
