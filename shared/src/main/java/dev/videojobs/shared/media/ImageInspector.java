package dev.videojobs.shared.media;

import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.imaging.jpeg.JpegProcessingException;
import com.drew.imaging.png.PngChunkType;
import com.drew.imaging.png.PngMetadataReader;
import com.drew.imaging.png.PngProcessingException;
import com.drew.metadata.Metadata;
import com.drew.metadata.MetadataException;
import com.drew.metadata.jpeg.JpegDirectory;
import com.drew.metadata.jpeg.JpegReader;
import com.drew.metadata.png.PngDirectory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

/**
 * Reads the format and dimensions of a JPEG or PNG image from its headers, without decoding pixels: cheap in time and
 * memory, and a malformed image body cannot blow up a decoder here.
 */
public final class ImageInspector {

    private static final String NOT_SUPPORTED = "not a JPEG or PNG image";
    private static final String NO_DIMENSIONS = "could not read image dimensions";

    private ImageInspector() {}

    public static ImageInfo inspect(byte[] bytes) throws InvalidImageException {
        String contentType = ContentSniffer.sniff(bytes);
        try {
            return switch (contentType) {
                case ContentSniffer.JPEG -> jpeg(bytes);
                case ContentSniffer.PNG -> png(bytes);
                default -> throw new InvalidImageException(NOT_SUPPORTED);
            };
        } catch (IOException | JpegProcessingException | PngProcessingException | MetadataException
                 | RuntimeException e) { // the parsers throw runtime exceptions on some corrupt inputs
            throw new InvalidImageException(NO_DIMENSIONS);
        }
    }

    private static ImageInfo jpeg(byte[] bytes)
            throws IOException, JpegProcessingException, MetadataException, InvalidImageException {
        // Only the frame header (SOFn) reader: the dimensions are there, and Exif/XMP parsing is not needed.
        Metadata metadata = JpegMetadataReader.readMetadata(new ByteArrayInputStream(bytes), List.of(new JpegReader()));
        JpegDirectory frame = metadata.getFirstDirectoryOfType(JpegDirectory.class);
        if (frame == null) {
            throw new InvalidImageException(NO_DIMENSIONS);
        }
        return info("jpeg", ContentSniffer.JPEG, frame.getImageWidth(), frame.getImageHeight(), bytes.length);
    }

    private static ImageInfo png(byte[] bytes)
            throws IOException, PngProcessingException, MetadataException, InvalidImageException {
        Metadata metadata = PngMetadataReader.readMetadata(new ByteArrayInputStream(bytes));
        for (PngDirectory directory : metadata.getDirectoriesOfType(PngDirectory.class)) {
            if (directory.getPngChunkType().equals(PngChunkType.IHDR)) {
                return info("png", ContentSniffer.PNG, directory.getInt(PngDirectory.TAG_IMAGE_WIDTH),
                        directory.getInt(PngDirectory.TAG_IMAGE_HEIGHT), bytes.length);
            }
        }
        throw new InvalidImageException(NO_DIMENSIONS);
    }

    private static ImageInfo info(String format, String contentType, int width, int height, long bytes)
            throws InvalidImageException {
        if (width <= 0 || height <= 0) {
            throw new InvalidImageException(NO_DIMENSIONS);
        }
        return new ImageInfo(format, contentType, width, height, bytes);
    }
}
