package dev.videojobs.testing;

import dev.videojobs.core.media.ContentSniffer;
import dev.videojobs.core.media.MediaStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A bucket in memory, with S3MediaStore's contract: whole objects only, content type sniffed on copy, sha256 of the bytes. */
public final class InMemoryMediaStore implements MediaStore {

    private record Stored(byte[] bytes, String contentType) {}

    private final Map<String, Stored> objects = new ConcurrentHashMap<>();

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        objects.put(key, new Stored(bytes.clone(), contentType));
    }

    @Override
    public StoredObject copyIn(String key, InputStream in, long declaredLength) throws IOException {
        byte[] bytes = in.readAllBytes();
        if (declaredLength >= 0 && bytes.length != declaredLength) {
            throw new IncompleteStreamException("got " + bytes.length + " of " + declaredLength + " bytes");
        }
        String contentType = ContentSniffer.sniff(Arrays.copyOf(bytes, Math.min(bytes.length, ContentSniffer.HEAD_LENGTH)));
        objects.put(key, new Stored(bytes, contentType));
        return new StoredObject(key, bytes.length, sha256(bytes), contentType);
    }

    @Override
    public Optional<byte[]> read(String key, long maxBytes) throws ObjectTooLargeException {
        Stored stored = objects.get(key);
        if (stored != null && stored.bytes().length > maxBytes) {
            throw new ObjectTooLargeException(key + " is larger than " + maxBytes + " bytes");
        }
        return Optional.ofNullable(stored).map(s -> s.bytes().clone());
    }

    @Override
    public Optional<ObjectHead> head(String key) {
        return Optional.ofNullable(objects.get(key)).map(s -> new ObjectHead(s.bytes().length, s.contentType(), sha256(s.bytes())));
    }

    @Override
    public URI presignGet(String key, Duration ttl) {
        return URI.create("https://s3.example/" + key + "?signed");
    }

    @Override
    public URI presignPut(String key, String contentType, long contentLength, Duration ttl) {
        return URI.create("https://s3.example/" + key + "?signed-put");
    }

    @Override
    public void delete(String key) {
        objects.remove(key);
    }

    public boolean contains(String key) {
        return objects.containsKey(key);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
