package dev.videojobs.shared.media;

import java.util.Optional;

/** The providers' input image rules (the same for every model): JPEG or PNG, at most 10 MB, 300 px, 1:2.5 to 2.5:1. */
public final class ImageRules {

    public static final long MAX_BYTES = 10L * 1024 * 1024;
    public static final int MIN_SIDE = 300;

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
        // ratio <= 2.5 either way, in integers: 2 * long side <= 5 * short side; exactly 2.5 is allowed.
        if (2 * width > 5 * height || 2 * height > 5 * width) {
            return Optional.of("image aspect ratio must be between 1:2.5 and 2.5:1" + size);
        }
        return Optional.empty();
    }
}
