package dev.videojobs.core.usecase;

import dev.videojobs.core.error.ClientError;
import dev.videojobs.core.media.MediaKeys;
import dev.videojobs.core.media.MediaStore;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;

/** A presigned PUT for one input image too large to inline; its reference ({@code upload:<id>}) names it in a job. */
public final class IssueUpload {

    public static final Duration URL_TTL = Duration.ofMinutes(15);
    private static final Set<String> TYPES = Set.of("image/png", "image/jpeg");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MediaStore media;

    public IssueUpload(MediaStore media) {
        this.media = media;
    }

    /** Where to PUT the image, and how a job refers to it once it is there. */
    public record Upload(String imageReference, URI url, String contentType, long contentLength, Duration expiresIn) {}

    public Upload issue(String tenant, String contentType, long contentLength) {
        if (contentType == null || !TYPES.contains(contentType)) {
            throw ClientError.invalid("content_type", "'content_type' must be image/png or image/jpeg");
        }
        if (contentLength < 1 || contentLength > ImageResolver.MAX_IMAGE_BYTES) {
            throw ClientError.invalid("content_length", "'content_length' must be the image size in bytes, at most 10 MB");
        }
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        String id = HexFormat.of().formatHex(random);
        URI url = media.presignPut(MediaKeys.upload(tenant, id), contentType, contentLength, URL_TTL);
        return new Upload("upload:" + id, url, contentType, contentLength, URL_TTL);
    }
}
