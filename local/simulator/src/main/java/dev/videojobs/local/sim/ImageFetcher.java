package dev.videojobs.local.sim;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import javax.imageio.ImageIO;

/**
 * Loads an input image the way the providers do (download the URL, or decode base64) and applies their image rules:
 * jpg/jpeg/png, at most 10 MB, both sides at least 300 px, aspect ratio between 1:2.5 and 2.5:1.
 */
final class ImageFetcher {
    static final int MAX_BYTES = 10 * 1024 * 1024;
    static final int MIN_SIDE = 300;
    static final double MAX_ASPECT = 2.5;

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    /** A decoded image and a digest of its bytes (the key for reusing generated outputs). */
    record LoadedImage(BufferedImage image, String digest) {
    }

    LoadedImage load(TaskSpec.ImageRef ref) throws TaskFailure {
        byte[] bytes = ref.value().startsWith("http://") || ref.value().startsWith("https://")
                ? download(ref) : decodeBase64(ref);
        if (bytes.length > MAX_BYTES) {
            throw new TaskFailure(ref.field() + ": image is larger than 10 MB");
        }
        if (!isPng(bytes) && !isJpeg(bytes)) {
            throw new TaskFailure(ref.field() + ": unsupported image format, use jpg, jpeg or png");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            image = null;
        }
        if (image == null) {
            throw new TaskFailure(ref.field() + ": image could not be decoded");
        }
        checkGeometry(ref.field(), image.getWidth(), image.getHeight());
        return new LoadedImage(image, sha256(bytes));
    }

    private byte[] download(TaskSpec.ImageRef ref) throws TaskFailure {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(ref.value()))
                    .timeout(Duration.ofSeconds(20)).GET().build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() / 100 != 2) {
                throw new TaskFailure(ref.field() + ": failed to download image: HTTP " + response.statusCode()
                        + " from " + ref.value());
            }
            return response.body();
        } catch (IOException | IllegalArgumentException e) {
            throw new TaskFailure(ref.field() + ": failed to download image from " + ref.value() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskFailure(ref.field() + ": download interrupted");
        }
    }

    /** Raw base64, or a data: URI (WaveSpeed accepts those; Kling's submit validation refuses them earlier). */
    private static byte[] decodeBase64(TaskSpec.ImageRef ref) throws TaskFailure {
        String text = ref.value();
        if (text.startsWith("data:")) {
            text = text.substring(text.indexOf(',') + 1);
        }
        try {
            return Base64.getMimeDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new TaskFailure(ref.field() + ": neither an http(s) URL nor valid base64");
        }
    }

    private static void checkGeometry(String field, int width, int height) throws TaskFailure {
        if (width < MIN_SIDE || height < MIN_SIDE) {
            throw new TaskFailure(field + ": image resolution " + width + "x" + height
                    + " is below the minimum 300x300 px");
        }
        double ratio = (double) width / height;
        if (ratio > MAX_ASPECT || ratio < 1 / MAX_ASPECT) {
            throw new TaskFailure(field + ": image aspect ratio " + width + "x" + height
                    + " is outside 1:2.5 to 2.5:1");
        }
    }

    private static boolean isPng(byte[] b) {
        return b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
    }

    private static boolean isJpeg(byte[] b) {
        return b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
