package dev.videojobs.adapter.aws;

import dev.videojobs.core.media.ContentSniffer;
import dev.videojobs.core.media.MediaStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The media bucket on S3. {@link #copyIn} streams any size with one part in memory: objects smaller than a part go up
 * in a single PutObject, larger ones as a multipart upload that is completed only once every byte has arrived and
 * aborted on any failure, so the key never holds a partial object and no parts are left behind.
 */
public final class S3MediaStore implements MediaStore {

    private static final int LOST_CONNECTION_ATTEMPTS = 3;

    public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;
    /** S3 refuses smaller parts (except the last one). */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

    private static final String PART_CONTENT_TYPE = "application/octet-stream";

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;
    private final int partSize;

    public S3MediaStore(S3Client s3, S3Presigner presigner, String bucket) {
        this(s3, presigner, bucket, DEFAULT_PART_SIZE);
    }

    /** @param partSize bytes per multipart part, and so the memory one {@link #copyIn} holds; at least 5 MiB */
    public S3MediaStore(S3Client s3, S3Presigner presigner, String bucket, int partSize) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("part size must be at least " + MIN_PART_SIZE + " bytes");
        }
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
        this.partSize = partSize;
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        resendOnLostConnection(() -> s3.putObject(put -> put.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(bytes)));
    }

    /**
     * A PUT of bytes we hold, sent again when its connection was lost: a pooled connection the server had closed
     * fails inside the JDK's {@code Expect: 100-continue} handling as an UncheckedIOException, which the SDK does not
     * retry. Writing the same bytes to the same key (or part) again is harmless.
     */
    private <T> T resendOnLostConnection(Supplier<T> put) {
        for (int attempt = 1; ; attempt++) {
            try {
                return put.get();
            } catch (UncheckedIOException e) {
                if (attempt == LOST_CONNECTION_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    @Override
    public StoredObject copyIn(String key, InputStream in, long declaredLength) throws IOException {
        PartReader reader = new PartReader(in, declaredLength, partSize);
        int firstLength = reader.next();
        String contentType = ContentSniffer.sniff(reader.buffer(), firstLength);
        if (firstLength < partSize) {
            reader.requireDeclaredLength();
            resendOnLostConnection(() -> s3.putObject(put -> put.bucket(bucket).key(key).contentType(contentType)
                    .contentLength((long) firstLength), body(reader.buffer(), firstLength)));
        } else {
            uploadInParts(key, reader, contentType);
        }
        return new StoredObject(key, reader.total(), reader.sha256Hex(), contentType);
    }

    /** Uploads the part already in the reader's buffer and the rest of the stream; completes only at the very end. */
    private void uploadInParts(String key, PartReader reader, String contentType) throws IOException {
        // CRC32 declared up front, as the SDK's own multipart code does: the parts then carry checksums S3 accepts.
        String uploadId = s3.createMultipartUpload(create -> create.bucket(bucket).key(key)
                .contentType(contentType).checksumAlgorithm(ChecksumAlgorithm.CRC32)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            int length = partSize;
            while (length > 0) {
                parts.add(uploadPart(key, uploadId, parts.size() + 1, reader.buffer(), length));
                length = length == partSize ? reader.next() : 0; // a short part was the last one
            }
            reader.requireDeclaredLength();
            s3.completeMultipartUpload(complete -> complete.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(upload -> upload.parts(parts)));
        } catch (Throwable failure) {
            abort(key, uploadId, failure);
            throw failure;
        }
    }

    private CompletedPart uploadPart(String key, String uploadId, int number, byte[] buffer, int length) {
        UploadPartResponse response = resendOnLostConnection(() -> s3.uploadPart(part -> part.bucket(bucket).key(key)
                .uploadId(uploadId).partNumber(number).contentLength((long) length).checksumAlgorithm(ChecksumAlgorithm.CRC32),
                body(buffer, length)));
        return CompletedPart.builder()
                .partNumber(number)
                .eTag(response.eTag())
                .checksumCRC32(response.checksumCRC32())
                .build();
    }

    private void abort(String key, String uploadId, Throwable failure) {
        try {
            s3.abortMultipartUpload(abort -> abort.bucket(bucket).key(key).uploadId(uploadId));
        } catch (RuntimeException abortFailure) {
            // The original failure matters more; the bucket's lifecycle rule removes the orphaned parts later.
            failure.addSuppressed(abortFailure);
        }
    }

    /** A body over the buffer without copying it; the SDK can reopen it to retry a request. */
    private static RequestBody body(byte[] buffer, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length,
                PART_CONTENT_TYPE);
    }

    @Override
    public Optional<byte[]> read(String key, long maxBytes) throws ObjectTooLargeException {
        Optional<ObjectHead> head = head(key);
        if (head.isEmpty()) {
            return Optional.empty();
        }
        if (head.get().size() > maxBytes) {
            throw tooLarge(key, maxBytes);
        }
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(get -> get.bucket(bucket).key(key))) {
            // Read one byte more than allowed: the object may have been replaced by a larger one since the HEAD.
            byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
            if (bytes.length > maxBytes) {
                throw tooLarge(key, maxBytes);
            }
            return Optional.of(bytes);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty(); // deleted since the HEAD
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + key, e);
        }
    }

    private static ObjectTooLargeException tooLarge(String key, long maxBytes) {
        return new ObjectTooLargeException(key + " is larger than " + maxBytes + " bytes");
    }

    @Override
    public Optional<ObjectHead> head(String key) {
        try {
            HeadObjectResponse head = s3.headObject(request -> request.bucket(bucket).key(key));
            return Optional.of(new ObjectHead(head.contentLength(), head.contentType(), head.eTag()));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public URI presignGet(String key, Duration ttl) {
        return toUri(presigner.presignGetObject(presign -> presign.signatureDuration(ttl)
                .getObjectRequest(get -> get.bucket(bucket).key(key))).url());
    }

    /** The content type and length are signed: the uploader must send exactly these headers. */
    @Override
    public URI presignPut(String key, String contentType, long contentLength, Duration ttl) {
        return toUri(presigner.presignPutObject(presign -> presign.signatureDuration(ttl)
                .putObjectRequest(put -> put.bucket(bucket).key(key)
                        .contentType(contentType).contentLength(contentLength))).url());
    }

    @Override
    public void delete(String key) {
        s3.deleteObject(delete -> delete.bucket(bucket).key(key));
    }

    private static URI toUri(URL url) {
        try {
            return url.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the presigner produced an invalid URL: " + url, e);
        }
    }
}
