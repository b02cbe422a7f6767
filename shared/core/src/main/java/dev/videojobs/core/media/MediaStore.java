package dev.videojobs.core.media;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** The media bucket: job inputs, copied outputs, request files and their result summaries. */
public interface MediaStore {

    /** Stores a small object held in memory (an input image, a result summary). */
    void put(String key, byte[] bytes, String contentType);

    /**
     * Streams {@code in} to {@code key} with bounded memory, whatever its size. The object appears at the key only
     * when the whole stream was read and, when {@code declaredLength >= 0}, exactly that many bytes arrived;
     * otherwise nothing is left behind and {@link IncompleteStreamException} is thrown.
     */
    StoredObject copyIn(String key, InputStream in, long declaredLength) throws IOException;

    /** Reads a small object whole, refusing objects larger than {@code maxBytes}. */
    Optional<byte[]> read(String key, long maxBytes) throws ObjectTooLargeException;

    Optional<ObjectHead> head(String key);

    URI presignGet(String key, Duration ttl);

    URI presignPut(String key, String contentType, long contentLength, Duration ttl);

    void delete(String key);

    record ObjectHead(long size, String contentType, String eTag) {}

    /** What was written: its size, sha256 (lowercase hex) and the content type sniffed from its first bytes. */
    record StoredObject(String key, long bytes, String sha256, String contentType) {}

    final class IncompleteStreamException extends IOException {
        public IncompleteStreamException(String message) {
            super(message);
        }
    }

    final class ObjectTooLargeException extends Exception {
        public ObjectTooLargeException(String message) {
            super(message);
        }
    }
}
