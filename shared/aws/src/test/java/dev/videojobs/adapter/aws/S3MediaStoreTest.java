package dev.videojobs.adapter.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** What can be checked without an S3 endpoint: presigning is local, and so is the part size check. */
class S3MediaStoreTest {

    private static final URI ENDPOINT = URI.create("http://127.0.0.1:9"); // never contacted
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    private final S3Client s3 = S3Client.builder()
            .endpointOverride(ENDPOINT)
            .region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .forcePathStyle(true)
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    private final S3Presigner presigner = S3Presigner.builder()
            .endpointOverride(ENDPOINT)
            .region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
            .build();
    private final S3MediaStore store = new S3MediaStore(s3, presigner, "media");

    @AfterEach
    void close() {
        s3.close();
        presigner.close();
    }

    @Test
    void shouldSignContentTypeAndLength_whenPresigningAnUpload() {
        // Act
        URI uri = store.presignPut("uploads/t1/abc", "image/png", 1234, Duration.ofMinutes(15));

        // Assert
        assertThat(uri.getPath()).isEqualTo("/media/uploads/t1/abc");
        assertThat(uri.getQuery()).contains("X-Amz-Expires=900")
                .containsPattern("X-Amz-SignedHeaders=[^&]*content-length")
                .containsPattern("X-Amz-SignedHeaders=[^&]*content-type");
    }

    @Test
    void shouldPresignAGetOfTheKey_whenAskedForADownloadUrl() {
        // Act
        URI uri = store.presignGet("inputs/t1/j1/image-0", Duration.ofHours(1));

        // Assert
        assertThat(uri.getPath()).isEqualTo("/media/inputs/t1/j1/image-0");
        assertThat(uri.getQuery()).contains("X-Amz-Expires=3600").contains("X-Amz-Signature=");
    }

    @Test
    void shouldRefuseParts_whenSmallerThanS3Allows() {
        assertThatThrownBy(() -> new S3MediaStore(s3, presigner, "media", 5 * 1024 * 1024 - 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
