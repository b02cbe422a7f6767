package dev.videojobs.core.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.videojobs.testing.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Damaged copies of valid images: what the inspector accepts must still be an image a decoder reads, and whatever it
 * is given it answers with an image or with {@link InvalidImageException}, never another exception.
 */
class ImageStructurePropertyTest {

    private static final int[] PNG_TYPES = {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_BYTE_GRAY,
        BufferedImage.TYPE_BYTE_INDEXED, BufferedImage.TYPE_USHORT_GRAY, BufferedImage.TYPE_BYTE_BINARY};
    /** Encoding noise images is slow, so the valid images are made once: every PNG colour type, interlaced or not. */
    private static final List<Generated> PNGS = new ArrayList<>();
    /** Baseline and progressive, colour and grey, and the sample photo. */
    private static final List<Generated> JPEGS = new ArrayList<>();

    private static final byte[] BLACK_400 = TestImages.encode("png", 400, 400);

    static {
        java.util.Random random = new java.util.Random(20261201);
        for (int type : PNG_TYPES) {
            for (boolean interlaced : new boolean[] {false, true}) {
                int width = 300 + random.nextInt(200);
                int height = 300 + random.nextInt(200);
                PNGS.add(new Generated(TestImages.encode("png", TestImages.noise(width, height, type, random.nextLong()), interlaced), width, height));
            }
        }
        for (int type : new int[] {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_BYTE_GRAY}) {
            for (boolean progressive : new boolean[] {false, true}) {
                int width = 300 + random.nextInt(200);
                int height = 300 + random.nextInt(200);
                JPEGS.add(new Generated(TestImages.encode("jpeg", TestImages.noise(width, height, type, random.nextLong()), progressive), width, height));
            }
        }
        JPEGS.add(sample());
    }

    @Property(tries = 20)
    void shouldAcceptWithTheRightDimensions_whenImageIsValid(@ForAll("valid") Generated image) throws Exception {
        ImageInfo info = ImageInspector.inspect(image.bytes);

        assertThat(info.width()).isEqualTo(image.width);
        assertThat(info.height()).isEqualTo(image.height);
    }

    @Property(tries = 1000)
    void shouldRefuse_whenAValidImageIsCutAnywhere(@ForAll("valid") Generated image, @ForAll @IntRange(min = 0, max = 1_000_000) int cut) {
        // Arrange: ImageIO and the sample put nothing after the end marker, so every cut loses part of the image
        byte[] truncated = Arrays.copyOf(image.bytes, cut % image.bytes.length);

        // Act + Assert
        assertThatThrownBy(() -> ImageInspector.inspect(truncated)).isInstanceOf(InvalidImageException.class);
    }

    @Property(tries = 1000)
    void shouldRefuse_whenAnyByteOfAPngChanges(@ForAll("validPng") Generated image, @ForAll @IntRange(min = 0, max = 1_000_000) int at,
            @ForAll @IntRange(min = 1, max = 255) int flip) {
        // Arrange: every byte of a PNG is covered by the signature, a length or a CRC
        byte[] damaged = image.bytes.clone();
        damaged[at % damaged.length] ^= (byte) flip;

        // Act + Assert
        assertThatThrownBy(() -> ImageInspector.inspect(damaged)).isInstanceOf(InvalidImageException.class);
    }

    @Property(tries = 300)
    void shouldAcceptOnlyWhatADecoderReads_whenJpegBytesChange(@ForAll("validJpeg") Generated image,
            @ForAll @IntRange(min = 0, max = 1_000_000) int at, @ForAll @IntRange(min = 1, max = 255) int flip, @ForAll @IntRange(min = 1, max = 4) int flips) {
        // Arrange: changes inside entropy-coded data cannot be seen without decoding; the structure around it can
        byte[] damaged = image.bytes.clone();
        for (int i = 0; i < flips; i++) {
            damaged[(at + i * 7919) % damaged.length] ^= (byte) flip;
        }

        // Act
        Throwable refused = catchThrowable(() -> ImageInspector.inspect(damaged));

        // Assert
        if (refused != null) {
            assertThat(refused).isInstanceOf(InvalidImageException.class);
        } else {
            assertThat(decodes(damaged)).as("accepted, so a decoder must read it").isTrue();
        }
    }

    @Property(tries = 300)
    void shouldAcceptOnlyWhatADecoderReads_whenPngChunksAreEdited(@ForAll("validPng") Generated image, @ForAll("edit") String edit,
            @ForAll @IntRange(min = 0, max = 100) int which) {
        // Arrange: drop, duplicate or move a chunk, each with a correct CRC
        List<TestImages.Chunk> chunks = new ArrayList<>(TestImages.chunks(image.bytes));
        int index = which % chunks.size();
        TestImages.Chunk chunk = chunks.get(index);
        switch (edit) {
            case "drop" -> chunks.remove(index);
            case "duplicate" -> chunks.add(index, chunk);
            case "move-first" -> chunks.add(0, chunks.remove(index));
            case "move-last" -> chunks.add(chunks.remove(index));
            default -> chunks.add(index, new TestImages.Chunk("tIME", new byte[] {7, (byte) 234, 1, 1, 0, 0, 0}));
        }
        byte[] edited = TestImages.png(chunks);

        // Act
        Throwable refused = catchThrowable(() -> ImageInspector.inspect(edited));

        // Assert: an ancillary chunk added or removed keeps it readable; losing or doubling a critical one does not
        if (refused != null) {
            assertThat(refused).isInstanceOf(InvalidImageException.class);
        } else {
            assertThat(decodes(edited)).as("accepted, so a decoder must read it").isTrue();
        }
        if (edit.equals("drop") && List.of("IHDR", "IEND", "PLTE").contains(chunk.type())) {
            assertThat(refused).isNotNull();
        }
        boolean insideImageData = edit.equals("ancillary") && index > 0 && chunks.get(index - 1).type().equals("IDAT") && chunks.get(index + 1).type().equals("IDAT");
        if ((edit.equals("ancillary") && index > 0 && !insideImageData)
                || (edit.equals("drop") && Character.isLowerCase(chunk.type().charAt(0)))) {
            assertThat(refused).isNull();
        }
    }

    @Property(tries = 2000)
    void shouldRefuseOrAcceptByTheRules_whenAPngHeaderClaimsAnySize(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int width,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int height) {
        // Arrange: a real image's data behind a header claiming another size (a CRC that matches)
        List<TestImages.Chunk> chunks = new ArrayList<>(TestImages.chunks(BLACK_400));
        chunks.set(0, new TestImages.Chunk("IHDR", TestImages.header(width, height, 8, 2, 0)));

        // Act
        Throwable refused = catchThrowable(() -> ImageInspector.inspect(TestImages.png(chunks)));

        // Assert: only the true size passes; a claimed one is refused by the rules or by the data's length
        assertThat(refused == null).isEqualTo(width == 400 && height == 400);
        if (refused != null) {
            assertThat(refused).isInstanceOf(InvalidImageException.class);
        }
    }

    @Property(tries = 2000)
    void shouldOnlyRefuseWithAReason_whenBytesAreArbitraryAfterAnImageSignature(@ForAll("signature") byte[] signature,
            @ForAll("noise") byte[] rest) {
        byte[] bytes = ByteBuffer.allocate(signature.length + rest.length).put(signature).put(rest).array();

        Throwable thrown = catchThrowable(() -> ImageInspector.inspect(bytes));

        assertThat(thrown).isInstanceOf(InvalidImageException.class);
    }

    private static boolean decodes(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes)) != null;
        } catch (Exception | Error e) {
            return false;
        }
    }

    record Generated(byte[] bytes, int width, int height) {
        @Override
        public String toString() {
            return width + "x" + height + " (" + bytes.length + " bytes)";
        }
    }

    @Provide
    Arbitrary<Generated> valid() {
        return Arbitraries.oneOf(validPng(), validJpeg());
    }

    @Provide
    Arbitrary<Generated> validPng() {
        return Arbitraries.of(PNGS);
    }

    @Provide
    Arbitrary<Generated> validJpeg() {
        return Arbitraries.of(JPEGS);
    }

    @Provide
    Arbitrary<String> edit() {
        return Arbitraries.of("drop", "duplicate", "move-first", "move-last", "ancillary");
    }

    @Provide
    Arbitrary<byte[]> signature() {
        return Arbitraries.of(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff});
    }

    @Provide
    Arbitrary<byte[]> noise() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(4096);
    }

    private static Generated sample() {
        try {
            byte[] sample = TestImages.sampleJpeg();
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(sample));
            return new Generated(sample, image.getWidth(), image.getHeight());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
