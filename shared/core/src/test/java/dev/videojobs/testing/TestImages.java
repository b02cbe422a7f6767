package dev.videojobs.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Encodes images in memory with ImageIO, and takes PNGs apart into chunks, so the tests need few fixture files. */
public final class TestImages {

    /** The demo's sample photo (a baseline JPEG from a camera pipeline, not from ImageIO). */
    public static final Path SAMPLE_JPEG = RepoRoot.resolve("local", "src", "main", "resources", "sample", "lighthouse.jpg");

    private TestImages() {}

    /** @param format an ImageIO format name: "png", "jpeg", "gif" */
    public static byte[] encode(String format, int width, int height) {
        return encode(format, new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), false);
    }

    /** An image of noise (so its compressed data is not trivial) of the given BufferedImage type. */
    public static BufferedImage noise(int width, int height, int type, long seed) {
        BufferedImage image = new BufferedImage(width, height, type);
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        return image;
    }

    /** @param progressive Adam7 interlacing for PNG, progressive scans for JPEG */
    public static byte[] encode(String format, BufferedImage image, boolean progressive) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (param.canWriteProgressive()) {
                param.setProgressiveMode(progressive ? ImageWriteParam.MODE_DEFAULT : ImageWriteParam.MODE_DISABLED);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    public static byte[] sampleJpeg() {
        try {
            return Files.readAllBytes(SAMPLE_JPEG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One PNG chunk: its type and data (length and CRC are computed when written). */
    public record Chunk(String type, byte[] data) {}

    public static List<Chunk> chunks(byte[] png) {
        List<Chunk> chunks = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(png, 8, png.length - 8);
        while (in.remaining() >= 12) {
            byte[] type = new byte[4];
            byte[] data = new byte[in.getInt()];
            in.get(type).get(data).getInt();
            chunks.add(new Chunk(new String(type, java.nio.charset.StandardCharsets.US_ASCII), data));
        }
        return chunks;
    }

    public static byte[] png(List<Chunk> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        for (Chunk chunk : chunks) {
            out.writeBytes(chunk(chunk.type(), chunk.data()));
        }
        return out.toByteArray();
    }

    public static byte[] chunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(typeBytes).put(data).putInt((int) crc.getValue()).array();
    }

    /** An IHDR chunk's data. */
    public static byte[] header(int width, int height, int bitDepth, int colorType, int interlace) {
        return ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) bitDepth).put((byte) colorType).put((byte) 0)
                .put((byte) 0).put((byte) interlace).array();
    }
}
