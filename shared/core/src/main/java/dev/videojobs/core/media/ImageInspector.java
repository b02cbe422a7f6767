package dev.videojobs.core.media;

import java.util.Optional;

/**
 * Decides whether bytes are an input image the providers can use: JPEG or PNG by content, within {@link ImageRules},
 * and structurally whole (see {@link PngStructure} and {@link JpegStructure}), so that a damaged, truncated or
 * oversized file is refused here rather than by the provider after the job was accepted. No pixels are decoded; the
 * rules are applied as soon as the header gives the dimensions, before the rest of the file is walked, so memory
 * stays bounded whatever the file claims.
 */
public final class ImageInspector {

    private static final String NOT_SUPPORTED = "not a JPEG or PNG image";

    /** Called with the dimensions as soon as the header gives them; throws to stop the walk. */
    interface Dimensions {
        void check(int width, int height) throws InvalidImageException;
    }

    private ImageInspector() {}

    /** @throws InvalidImageException with a message for the client when the image is not one the providers accept */
    public static ImageInfo inspect(byte[] bytes) throws InvalidImageException {
        String contentType = ContentSniffer.sniff(bytes);
        String format = switch (contentType) {
            case ContentSniffer.JPEG -> "jpeg";
            case ContentSniffer.PNG -> "png";
            default -> throw new InvalidImageException(NOT_SUPPORTED);
        };
        Dimensions rules = (width, height) -> {
            Optional<String> violation = ImageRules.check(new ImageInfo(format, contentType, width, height, bytes.length));
            if (violation.isPresent()) {
                throw new InvalidImageException(violation.get());
            }
        };
        int[] size = format.equals("png") ? PngStructure.check(bytes, rules) : JpegStructure.check(bytes, rules);
        return new ImageInfo(format, contentType, size[0], size[1], bytes.length);
    }
}
