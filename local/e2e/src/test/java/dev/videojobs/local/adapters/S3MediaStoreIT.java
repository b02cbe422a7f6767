package dev.videojobs.local.adapters;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.videojobs.adapter.aws.S3MediaStore;
import dev.videojobs.adapter.http.SafeHttpFetcher;
import dev.videojobs.core.media.MediaStore.IncompleteStreamException;
import dev.videojobs.core.media.MediaStore.ObjectHead;
import dev.videojobs.core.media.MediaStore.ObjectTooLargeException;
import dev.videojobs.core.media.MediaStore.StoredObject;
import dev.videojobs.core.url.Fetched;
import dev.videojobs.local.stack.aws.AwsClients;
import dev.videojobs.local.stack.testing.AwsEnvironment;
import dev.videojobs.local.stack.testing.AwsEnvironmentExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** {@link S3MediaStore} against the media bucket of template.yaml, on whichever AWS the test environment provides. */
@ExtendWith(AwsEnvironmentExtension.class)
class S3MediaStoreIT {

    private static final int PART_SIZE = 5 * 1024 * 1024;
    private static final int TWELVE_MIB = 12 * 1024 * 1024 + 123; // three parts: 5 + 5 + 2 MiB and a bit

    private static S3Client s3;
    private static S3Presigner presigner;
    private static String bucket;
    private static S3MediaStore store;

    @BeforeAll
    static void connect(AwsEnvironment aws) {
        s3 = AwsClients.s3(aws.endpoints()); // endpoint override, path style, static keys, URLConnection client
        presigner = AwsClients.s3Presigner(aws.endpoints());
        bucket = aws.resources().bucketName("MediaBucket");
        store = new S3MediaStore(s3, presigner, bucket, PART_SIZE);
    }

    @AfterAll
    static void close() {
        if (s3 != null) { // null when the environment failed to start: keep that failure the one reported
            presigner.close();
            s3.close();
        }
    }

    @Test
    void shouldStoreTheWholeStreamWithItsDigestAndSniffedType_whenCopyingInThreeParts() throws Exception {
        // Arrange
        byte[] video = mp4Like(TWELVE_MIB);
        String key = key("video.mp4");

        // Act
        StoredObject stored = store.copyIn(key, new ByteArrayInputStream(video), video.length);

        // Assert
        assertThat(stored).isEqualTo(new StoredObject(key, video.length, sha256(video), "video/mp4"));
        assertThat(store.head(key)).hasValueSatisfying(head -> {
            assertThat(head.size()).isEqualTo(video.length);
            assertThat(head.contentType()).isEqualTo("video/mp4");
        });
        assertThat(sha256(download(store.presignGet(key, Duration.ofMinutes(5))))).isEqualTo(sha256(video));
    }

    @Test
    void shouldStoreTheStream_whenItsLengthIsUnknown() throws Exception {
        // Arrange
        byte[] video = mp4Like(PART_SIZE + 10);
        String key = key("video.mp4");

        // Act
        StoredObject stored = store.copyIn(key, new ByteArrayInputStream(video), -1);

        // Assert
        assertThat(stored.bytes()).isEqualTo(video.length);
        assertThat(stored.sha256()).isEqualTo(sha256(video));
        assertThat(store.head(key)).map(ObjectHead::size).contains((long) video.length);
    }

    @Test
    void shouldNotExposeAPartialObject_whileTheCopyIsUnderWay() throws Exception {
        // Arrange: look at the key when the first part is already uploaded and the second is being read.
        byte[] video = mp4Like(TWELVE_MIB);
        String key = key("video.mp4");
        List<Boolean> visibleMidway = new ArrayList<>();
        InputStream watched = new SequenceInputStream(new ByteArrayInputStream(video, 0, PART_SIZE),
                new SequenceInputStream(new OnFirstRead(() -> visibleMidway.add(store.head(key).isPresent())),
                        new ByteArrayInputStream(video, PART_SIZE, video.length - PART_SIZE)));

        // Act
        store.copyIn(key, watched, video.length);

        // Assert
        assertThat(visibleMidway).containsExactly(false);
        assertThat(store.head(key)).isPresent();
    }

    @Test
    void shouldLeaveNoObjectAndNoUpload_whenTheStreamFailsMidway() {
        // Arrange: one full part arrives, then the connection breaks.
        String key = key("video.mp4");
        InputStream breaking = new SequenceInputStream(
                new ByteArrayInputStream(mp4Like(PART_SIZE + 1024 * 1024)), new FailingStream());

        // Act + Assert
        assertThatThrownBy(() -> store.copyIn(key, breaking, TWELVE_MIB))
                .isInstanceOf(IOException.class)
                .hasMessage("connection reset");
        assertNothingLeftAt(key);
    }

    @Test
    void shouldThrowIncompleteAndLeaveNothing_whenTheStreamIsShorterThanDeclared() {
        // Arrange
        String key = key("video.mp4");
        byte[] video = mp4Like(TWELVE_MIB - 1024 * 1024);

        // Act + Assert
        assertThatThrownBy(() -> store.copyIn(key, new ByteArrayInputStream(video), TWELVE_MIB))
                .isInstanceOf(IncompleteStreamException.class);
        assertNothingLeftAt(key);
    }

    @Test
    void shouldThrowIncompleteAndLeaveNothing_whenASmallStreamIsShorterThanDeclared() {
        // Arrange: below one part, so the single PutObject path.
        String key = key("video.mp4");

        // Act + Assert
        assertThatThrownBy(() -> store.copyIn(key, new ByteArrayInputStream(new byte[1000]), 2000))
                .isInstanceOf(IncompleteStreamException.class);
        assertNothingLeftAt(key);
    }

    @Test
    void shouldThrowIncompleteAndLeaveNothing_whenTheStreamIsLongerThanDeclared() {
        // Arrange
        String key = key("video.mp4");
        byte[] video = mp4Like(TWELVE_MIB);

        // Act + Assert
        assertThatThrownBy(() -> store.copyIn(key, new ByteArrayInputStream(video), PART_SIZE + 1))
                .isInstanceOf(IncompleteStreamException.class);
        assertNothingLeftAt(key);
    }

    @Test
    void shouldDownloadTheBytesWithAPlainGet_whenUrlIsPresigned() throws Exception {
        // Arrange
        String key = key("image.png");
        byte[] image = "not really a png".getBytes(US_ASCII);
        store.put(key, image, "image/png");

        // Act
        byte[] downloaded = download(store.presignGet(key, Duration.ofMinutes(5)));

        // Assert
        assertThat(downloaded).isEqualTo(image);
    }

    @Test
    void shouldDownloadThroughTheSsrfGuard_whenUrlIsPresigned() throws Exception {
        // Arrange: the guard pins plain-HTTP connections by sending the request in absolute form; S3 must accept it.
        String key = key("video.mp4");
        byte[] video = mp4Like(1024 * 1024);
        store.put(key, video, "video/mp4");
        SafeHttpFetcher fetcher = new SafeHttpFetcher(true);

        // Act
        Fetched fetched = fetcher.fetchBytes(store.presignGet(key, Duration.ofMinutes(5)), video.length);

        // Assert
        assertThat(fetched.bytes()).isEqualTo(video);
        assertThat(fetched.contentType()).isEqualTo("video/mp4");
    }

    @Test
    void shouldUploadWithAPlainPut_whenUrlIsPresignedForThatTypeAndLength() throws Exception {
        // Arrange
        String key = key("upload.png");
        byte[] image = new byte[2048];
        URI url = store.presignPut(key, "image/png", image.length, Duration.ofMinutes(5));

        // Act
        int status = upload(url, "image/png", image);

        // Assert
        assertThat(status).isEqualTo(200);
        assertThat(store.head(key)).map(ObjectHead::size).contains((long) image.length);
    }

    @Test
    void shouldRefuseTheUpload_whenTypeOrLengthDifferFromThePresignedOnes(AwsEnvironment aws) throws Exception {
        assumeFalse(aws.isMoto(), "moto does not enforce presigned-URL signed headers (Content-Type, Content-Length)");
        // Arrange
        URI forPng = store.presignPut(key("upload.png"), "image/png", 2048, Duration.ofMinutes(5));
        URI alsoForPng = store.presignPut(key("upload.png"), "image/png", 2048, Duration.ofMinutes(5));

        // Act
        int shorter = upload(forPng, "image/png", new byte[1000]);
        int otherType = upload(alsoForPng, "image/jpeg", new byte[2048]);

        // Assert
        assertThat(shorter).isEqualTo(403);
        assertThat(otherType).isEqualTo(403);
    }

    @Test
    void shouldReadSmallObjectsAndRefuseLargeOnes_whenReadingWhole() throws Exception {
        // Arrange
        String key = key("result.json");
        store.put(key, new byte[100], "application/json");

        // Act + Assert
        assertThat(store.read(key, 100)).hasValueSatisfying(bytes -> assertThat(bytes).hasSize(100));
        assertThatThrownBy(() -> store.read(key, 99)).isInstanceOf(ObjectTooLargeException.class);
        assertThat(store.read(key("result.json"), 100)).isEmpty();
    }

    @Test
    void shouldForgetTheObject_whenDeleted() {
        // Arrange
        String key = key("image.png");
        store.put(key, new byte[10], "image/png");

        // Act
        store.delete(key);

        // Assert
        assertThat(store.head(key)).isEmpty();
    }

    private static void assertNothingLeftAt(String key) {
        assertThat(store.head(key)).isEmpty();
        assertThat(s3.listMultipartUploads(list -> list.bucket(bucket).prefix(key)).uploads()).isEmpty();
    }

    /** A fresh key of this test's own, away from the prefixes the functions react to. */
    private static String key(String name) {
        return "it/s3-media-store/" + UUID.randomUUID() + "/" + name;
    }

    /** Random bytes behind an MP4 file-type box, so the sniffer has something to recognise. */
    private static byte[] mp4Like(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        byte[] header = {0, 0, 0, 0x20, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'};
        System.arraycopy(header, 0, bytes, 0, header.length);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static byte[] download(URI url) throws IOException {
        HttpURLConnection get = (HttpURLConnection) url.toURL().openConnection();
        try (InputStream body = get.getInputStream()) {
            assertThat(get.getResponseCode()).isEqualTo(200);
            return body.readAllBytes();
        } finally {
            get.disconnect();
        }
    }

    private static int upload(URI url, String contentType, byte[] body) throws IOException {
        HttpURLConnection put = (HttpURLConnection) url.toURL().openConnection();
        try {
            put.setRequestMethod("PUT");
            put.setDoOutput(true);
            put.setRequestProperty("Content-Type", contentType);
            put.setFixedLengthStreamingMode(body.length);
            put.getOutputStream().write(body);
            return put.getResponseCode();
        } finally {
            put.disconnect();
        }
    }

    /** An empty stream that runs {@code action} when it is first read. */
    private static final class OnFirstRead extends InputStream {
        private Runnable action;

        OnFirstRead(Runnable action) {
            this.action = action;
        }

        @Override
        public int read() {
            if (action != null) {
                action.run();
                action = null;
            }
            return -1;
        }
    }

    /** A stream whose connection breaks on the first read. */
    private static final class FailingStream extends InputStream {
        @Override
        public int read() throws IOException {
            throw new IOException("connection reset");
        }
    }
}
