package dev.videojobs.core.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videojobs.testing.TestImages;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageRulesTest {

    @ParameterizedTest
    @CsvSource({"png, 300, 300", "jpeg, 1920, 1080", "png, 750, 300", "jpeg, 300, 750"})
    void shouldAccept_whenImageMeetsEveryRule(String format, int width, int height) throws Exception {
        // Arrange: real encoded images, so the inspector and the rules are checked together.
        ImageInfo info = ImageInspector.inspect(TestImages.encode(format, width, height));

        // Act
        Optional<String> violation = ImageRules.check(info);

        // Assert
        assertThat(violation).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"299, 400", "400, 299"})
    void shouldRefuse_whenASideIsUnder300Pixels(int width, int height) throws Exception {
        ImageInfo info = new ImageInfo("png", "image/png", width, height, 1000);

        assertThat(ImageRules.check(info)).hasValueSatisfying(
                message -> assertThat(message).startsWith("image must be at least 300 px"));
    }

    @ParameterizedTest
    @CsvSource({"900, 300", "300, 900", "751, 300", "300, 751"})
    void shouldRefuse_whenAspectRatioIsBeyondTwoAndAHalf(int width, int height) throws Exception {
        ImageInfo info = new ImageInfo("jpeg", "image/jpeg", width, height, 1000);

        assertThat(ImageRules.check(info)).hasValueSatisfying(
                message -> assertThat(message).startsWith("image aspect ratio must be between 1:2.5 and 2.5:1"));
    }

    @ParameterizedTest
    @CsvSource({"8193, 8192", "8192, 8193", "100000, 100000"})
    void shouldRefuse_whenASideIsOver8192Pixels(int width, int height) {
        ImageInfo info = new ImageInfo("png", "image/png", width, height, 1000);

        assertThat(ImageRules.check(info)).hasValueSatisfying(
                message -> assertThat(message).startsWith("image must be at most 8192 px"));
    }

    @Test
    void shouldAccept_whenBothSidesAre8192Pixels() {
        assertThat(ImageRules.check(new ImageInfo("png", "image/png", 8192, 8192, 1000))).isEmpty();
    }

    @Test
    void shouldRefuse_whenFileIsLargerThan10Megabytes() {
        ImageInfo info = new ImageInfo("png", "image/png", 1000, 1000, 10L * 1024 * 1024 + 1);

        assertThat(ImageRules.check(info)).contains("image is larger than 10 MB");
    }

    @Test
    void shouldAccept_whenFileIsExactly10Megabytes() {
        ImageInfo info = new ImageInfo("jpeg", "image/jpeg", 1000, 1000, 10L * 1024 * 1024);

        assertThat(ImageRules.check(info)).isEmpty();
    }

    @Test
    void shouldRefuse_whenFormatIsNotJpegOrPng() {
        ImageInfo info = new ImageInfo("gif", "image/gif", 1000, 1000, 1000);

        assertThat(ImageRules.check(info)).contains("image must be JPEG or PNG");
    }
}
