package dev.videojobs.adapter.aws;

import dev.videojobs.core.media.MediaStore.IncompleteStreamException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads a stream one part at a time into a single reused buffer, hashing and counting the bytes as they flow, and
 * holding the stream to its declared length. Memory use is the buffer, whatever the stream's size.
 */
final class PartReader {

    private final InputStream in;
    private final long declaredLength;
    private final byte[] buffer;
    private final MessageDigest sha256;
    private long total;

    /** @param declaredLength the exact length the stream must have, or a negative number when unknown */
    PartReader(InputStream in, long declaredLength, int partSize) {
        this.in = in;
        this.declaredLength = declaredLength;
        this.buffer = new byte[partSize];
        this.sha256 = newSha256();
    }

    /**
     * Fills the buffer with the next part; a result smaller than the buffer means the stream has ended.
     *
     * @throws IncompleteStreamException when the stream goes past its declared length
     */
    int next() throws IOException {
        int length = in.readNBytes(buffer, 0, buffer.length);
        sha256.update(buffer, 0, length);
        total += length;
        if (declaredLength >= 0 && total > declaredLength) {
            throw new IncompleteStreamException("stream is longer than its declared " + declaredLength + " bytes");
        }
        return length;
    }

    /** Called once the stream has ended: it must have delivered exactly its declared length. */
    void requireDeclaredLength() throws IncompleteStreamException {
        if (declaredLength >= 0 && total != declaredLength) {
            throw new IncompleteStreamException(
                    "stream ended after " + total + " of its declared " + declaredLength + " bytes");
        }
    }

    byte[] buffer() {
        return buffer;
    }

    int partSize() {
        return buffer.length;
    }

    long total() {
        return total;
    }

    String sha256Hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
