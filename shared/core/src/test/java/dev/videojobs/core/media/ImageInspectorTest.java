package dev.videojobs.core.media;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videojobs.testing.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
    void shouldAcceptTheSamplePhoto_whenItIsWhole() throws Exception {
        byte[] sample = TestImages.sampleJpeg();

        assertThat(ImageInspector.inspect(sample).format()).isEqualTo("jpeg");
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
                .hasMessage("PNG image is cut off (it has no end chunk)");
    }

    @Test
    void shouldRefuse_whenJpegHasNoFrameHeader() {
        // Arrange: start of image, an APP0 segment, then the end.
        byte[] broken = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 4, 0, 0, (byte) 0xff, (byte) 0xd9};

        // Act + Assert
        assertThatThrownBy(() -> ImageInspector.inspect(broken))
                .isInstanceOf(InvalidImageException.class)
                .hasMessage("JPEG image ends before its image data");
    }

    @Test
    void shouldRefuseWithoutInflating_whenPngClaims100000By100000Pixels() {
        // Arrange: a valid header (CRC included) claiming 10^10 pixels, with a little image data
        List<TestImages.Chunk> chunks = TestImages.chunks(TestImages.encode("png", 400, 400));
        chunks.set(0, new TestImages.Chunk("IHDR", TestImages.header(100_000, 100_000, 8, 2, 0)));
        byte[] claim = TestImages.png(chunks);
        long before = allocatedBytes();

        // Act + Assert
        assertThatThrownBy(() -> ImageInspector.inspect(claim))
                .isInstanceOf(InvalidImageException.class)
                .hasMessage("image must be at most 8192 px wide and high (got 100000x100000)");
        assertThat(allocatedBytes() - before).isLessThan(1024 * 1024);
    }

    @Test
    void shouldStopInflatingInBoundedMemory_whenPngDataIsABomb() throws Exception {
        // Arrange: 8192x8192 grey needs 8192 x 8193 bytes raw; the stream inflates to twice that (about 130 MB)
        byte[] bomb = TestImages.png(List.of(new TestImages.Chunk("IHDR", TestImages.header(8192, 8192, 8, 0, 0)),
                new TestImages.Chunk("IDAT", deflatedZeros(2L * 8192 * 8193)), new TestImages.Chunk("IEND", new byte[0])));
        long before = allocatedBytes();

        // Act + Assert
        assertThatThrownBy(() -> ImageInspector.inspect(bomb))
                .isInstanceOf(InvalidImageException.class)
                .hasMessage("PNG image holds more image data than its size needs");
        assertThat(allocatedBytes() - before).isLessThan(1024 * 1024);
    }

    @Test
    void shouldAccept_whenAPngAtTheSizeLimitHasExactlyItsImageData() throws Exception {
        // Arrange: 8192x8192 grey, every row filter 0 and black
        byte[] png = TestImages.png(List.of(new TestImages.Chunk("IHDR", TestImages.header(8192, 8192, 8, 0, 0)),
                new TestImages.Chunk("IDAT", deflatedZeros(8192L * 8193)), new TestImages.Chunk("IEND", new byte[0])));

        // Act
        ImageInfo info = ImageInspector.inspect(png);

        // Assert
        assertThat(info.width()).isEqualTo(8192);
        assertThat(info.height()).isEqualTo(8192);
    }

    @Test
    void shouldRefuse_whenPngHasNoImageData() {
        List<TestImages.Chunk> chunks = new ArrayList<>(TestImages.chunks(TestImages.encode("png", 400, 400)));
        chunks.removeIf(chunk -> chunk.type().equals("IDAT"));

        assertThatThrownBy(() -> ImageInspector.inspect(TestImages.png(chunks)))
                .isInstanceOf(InvalidImageException.class).hasMessage("PNG image has no image data");
    }

    @Test
    void shouldRefuse_whenPngImageDataEndsEarly() {
        // Arrange: the zlib stream of the IDAT cut in half, with a correct CRC for what is left
        List<TestImages.Chunk> chunks = new ArrayList<>(TestImages.chunks(TestImages.encode("png", TestImages.noise(400, 400,
                BufferedImage.TYPE_INT_RGB, 1), false)));
        int idat = indexOf(chunks, "IDAT");
        byte[] data = imageData(chunks);
        chunks.removeIf(chunk -> chunk.type().equals("IDAT"));
        chunks.add(idat, new TestImages.Chunk("IDAT", Arrays.copyOf(data, data.length / 2)));

        assertThatThrownBy(() -> ImageInspector.inspect(TestImages.png(chunks)))
                .isInstanceOf(InvalidImageException.class).hasMessage("PNG image is incomplete (its image data ends early)");
    }

    @Test
    void shouldRefuse_whenPngHasAnUnknownCriticalChunk() {
        List<TestImages.Chunk> chunks = new ArrayList<>(TestImages.chunks(TestImages.encode("png", 400, 400)));
        chunks.add(1, new TestImages.Chunk("ABCD", new byte[] {1, 2, 3}));

        assertThatThrownBy(() -> ImageInspector.inspect(TestImages.png(chunks)))
                .isInstanceOf(InvalidImageException.class).hasMessageContaining("critical chunk");
    }

    @Test
    void shouldAccept_whenPngHasAncillaryChunksSplitImageDataAndTrailingBytes() throws Exception {
        // Arrange: a text chunk, the image data split over three IDATs, and bytes after IEND (decoders ignore them)
        List<TestImages.Chunk> chunks = new ArrayList<>(TestImages.chunks(TestImages.encode("png", TestImages.noise(400, 300,
                BufferedImage.TYPE_INT_ARGB, 2), true)));
        int idat = indexOf(chunks, "IDAT");
        byte[] data = imageData(chunks);
        chunks.removeIf(chunk -> chunk.type().equals("IDAT"));
        int third = data.length / 3;
        chunks.add(idat, new TestImages.Chunk("IDAT", Arrays.copyOfRange(data, 2 * third, data.length)));
        chunks.add(idat, new TestImages.Chunk("IDAT", Arrays.copyOfRange(data, third, 2 * third)));
        chunks.add(idat, new TestImages.Chunk("IDAT", Arrays.copyOfRange(data, 0, third)));
        chunks.add(1, new TestImages.Chunk("tEXt", "Comment\0hello".getBytes(US_ASCII)));
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(TestImages.png(chunks));
        png.writeBytes("trailing".getBytes(US_ASCII));

        // Act
        ImageInfo info = ImageInspector.inspect(png.toByteArray());

        // Assert
        assertThat(info.width()).isEqualTo(400);
        assertThat(info.height()).isEqualTo(300);
    }

    @ParameterizedTest
    @ValueSource(ints = {0xc4, 0xda, 0xdb, 0xc0})
    void shouldRefuse_whenJpegLacksAnEssentialSegment(int marker) {
        // Arrange: the sample photo without its Huffman tables, scan, quantisation tables or frame header
        byte[] jpeg = withoutSegments(TestImages.sampleJpeg(), marker);

        // Act + Assert
        assertThat(catchInvalid(jpeg)).isNotNull();
    }

    @Test
    void shouldRefuse_whenJpegIsArithmeticCoded() {
        byte[] jpeg = TestImages.sampleJpeg().clone();
        int sof = indexOfMarker(jpeg, 0xc0);
        jpeg[sof + 1] = (byte) 0xc9;

        assertThatThrownBy(() -> ImageInspector.inspect(jpeg)).isInstanceOf(InvalidImageException.class)
                .hasMessageContaining("baseline or progressive");
    }

    private static Exception catchInvalid(byte[] image) {
        try {
            ImageInspector.inspect(image);
            return null;
        } catch (InvalidImageException e) {
            return e;
        }
    }

    /** The JPEG without every segment of the given marker (SOS takes its entropy-coded data with it). */
    private static byte[] withoutSegments(byte[] jpeg, int marker) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        int position = 2;
        while (position < jpeg.length) {
            int code = jpeg[position + 1] & 0xff;
            int end = code == 0xd9 ? jpeg.length : position + 2 + (((jpeg[position + 2] & 0xff) << 8) | (jpeg[position + 3] & 0xff));
            if (code == 0xda) {
                end = end - 1;
                while (!((jpeg[end] & 0xff) == 0xff && (jpeg[end + 1] & 0xff) != 0 && ((jpeg[end + 1] & 0xff) < 0xd0 || (jpeg[end + 1] & 0xff) > 0xd7))) {
                    end++;
                }
            }
            if (code != marker) {
                out.write(jpeg, position, end - position);
            }
            position = end;
        }
        return out.toByteArray();
    }

    private static int indexOfMarker(byte[] jpeg, int marker) {
        for (int i = 0; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == marker) {
                return i;
            }
        }
        throw new IllegalArgumentException("no marker " + marker);
    }

    private static int indexOf(List<TestImages.Chunk> chunks, String type) {
        for (int i = 0; i < chunks.size(); i++) {
            if (chunks.get(i).type().equals(type)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no " + type);
    }

    /** Every IDAT's data, in order: the one zlib stream. */
    private static byte[] imageData(List<TestImages.Chunk> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.stream().filter(chunk -> chunk.type().equals("IDAT")).forEach(chunk -> out.writeBytes(chunk.data()));
        return out.toByteArray();
    }

    private static byte[] deflatedZeros(long count) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        byte[] zeros = new byte[1 << 20];
        byte[] buffer = new byte[1 << 16];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long left = count; left > 0; left -= zeros.length) {
            deflater.setInput(zeros, 0, (int) Math.min(zeros.length, left));
            while (!deflater.needsInput()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    /** Heap bytes this thread has allocated so far (HotSpot's per-thread counter). */
    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
