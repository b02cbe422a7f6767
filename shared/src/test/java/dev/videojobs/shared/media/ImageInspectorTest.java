package dev.videojobs.shared.media;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageInspectorTest {

    @Test
    void shouldReadPngDimensions_whenImageIsPng() throws Exception {
        // Arrange
        byte[] png = TestImages.encode("png", 640, 360);

        // Act
        ImageInfo info = ImageInspector.inspect(png);

        // Assert
        assertThat(info).isEqualTo(new ImageInfo("png", "image/png", 640, 360, png.length));
    }

    @Test
    void shouldReadJpegDimensions_whenImageIsJpeg() throws Exception {
        // Arrange
        byte[] jpeg = TestImages.encode("jpeg", 300, 750);

        // Act
        ImageInfo info = ImageInspector.inspect(jpeg);

        // Assert
        assertThat(info).isEqualTo(new ImageInfo("jpeg", "image/jpeg", 300, 750, jpeg.length));
    }

    @Test
    void shouldRefuse_whenImageIsGif() {
        byte[] gif = TestImages.encode("gif", 400, 400);

        assertThatThrownBy(() -> ImageInspector.inspect(gif))
                .isInstanceOf(InvalidImageException.class)
                .hasMessage("not a JPEG or PNG image");
    }

    @Test
    void shouldRefuse_whenBytesAreNotAnImage() {
        assertThatThrownBy(() -> ImageInspector.inspect("<html></html>".getBytes(US_ASCII)))
                .isInstanceOf(InvalidImageException.class)
                .hasMessage("not a JPEG or PNG image");
    }

    @Test
    void shouldRefuse_whenPngIsCutBeforeItsHeader() {
        // Arrange: the signature survives, the IHDR chunk does not.
        byte[] truncated = Arrays.copyOf(TestImages.encode("png", 400, 400), 12);

        // Act + Assert
        assertThatThrownBy(() -> ImageInspector.inspect(truncated))
                .isInstanceOf(InvalidImageException.class)
                .hasMessage("could not read image dimensions");
    }

    @Test
    void shouldRefuse_whenJpegHasNoFrameHeader() {
        // Arrange: start of image, then garbage.
        byte[] broken = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 4, 0, 0, 1, 2, 3, 4, 5, 6};

        // Act + Assert
        assertThatThrownBy(() -> ImageInspector.inspect(broken))
                .isInstanceOf(InvalidImageException.class)
                .hasMessage("could not read image dimensions");
    }
}
