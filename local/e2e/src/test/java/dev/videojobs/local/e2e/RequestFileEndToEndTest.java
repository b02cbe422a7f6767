package dev.videojobs.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videojobs.json.Json;
import dev.videojobs.local.stack.ApiClient;
import dev.videojobs.local.stack.LocalStack;
import dev.videojobs.local.stack.Tenants;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** A request file uploaded to requests/{tenant}/ becomes a job; its summary appears under results/{tenant}/. */
@ExtendWith(LocalStackExtension.class)
class RequestFileEndToEndTest {

    @Test
    void shouldWriteTheResultSummary_whenARequestFileNamesAnUploadedImage(LocalStack stack, S3Client s3) throws Exception {
        // Arrange: upload the image with a presigned PUT from POST /v1/uploads, then drop a request file naming it
        String tenant = Tenants.tenantOf(LocalStackExtension.KEY_B);
        ApiClient api = new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_B);
        byte[] image;
        try (InputStream in = getClass().getResourceAsStream("/sample/lighthouse.jpg")) {
            image = in.readAllBytes();
        }
        JsonNode upload = api.post("/v1/uploads", Json.write(Json.object().put("content_type", "image/jpeg").put("content_length", image.length))).body();
        HttpResponse<Void> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(upload.path("upload_url").asText()))
                .header("Content-Type", "image/jpeg").PUT(HttpRequest.BodyPublishers.ofByteArray(image)).build(), HttpResponse.BodyHandlers.discarding());
        var request = Json.object().put("model", "kling-v1.6-i2v-standard").put("image", upload.path("image").asText()).put("duration", "5");

        // Act
        s3.putObject(p -> p.bucket(stack.bucket()).key("requests/" + tenant + "/holiday clip.json"), RequestBody.fromString(Json.write(request)));

        // Assert
        assertThat(put.statusCode()).isEqualTo(200);
        JsonNode result = await().atMost(Duration.ofSeconds(90)).until(() -> read(s3, stack.bucket(), "results/" + tenant + "/holiday clip.json"),
                Optional::isPresent).orElseThrow();
        assertThat(result.path("status").asText()).isEqualTo("succeeded");
        assertThat(result.path("job").path("outputs").get(0).path("content_type").asText()).isEqualTo("video/mp4");
        assertThat(result.path("job").path("source").path("request_file").asText()).isEqualTo("requests/" + tenant + "/holiday clip.json");
    }

    @Test
    void shouldWriteTheErrorAndCreateNoJob_whenARequestFileIsInvalid(LocalStack stack, S3Client s3) throws Exception {
        String tenant = Tenants.tenantOf(LocalStackExtension.KEY_B);

        s3.putObject(p -> p.bucket(stack.bucket()).key("requests/" + tenant + "/broken.json"),
                RequestBody.fromString("{\"model\":\"kling-v1.6-i2v-pro\",\"image\":\"upload:nope12345\",\"prompt\":\"p\",\"guidance_scale\":3}"));

        JsonNode result = await().atMost(Duration.ofSeconds(30)).until(() -> read(s3, stack.bucket(), "results/" + tenant + "/broken.json"),
                Optional::isPresent).orElseThrow();
        assertThat(result.path("status").asText()).isEqualTo("rejected");
        assertThat(result.path("error").path("field").asText()).isEqualTo("guidance_scale");
        JsonNode jobs = new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_B).get("/v1/jobs").body().path("jobs");
        assertThat(jobs.findValuesAsText("request_file")).noneMatch(key -> key.endsWith("/broken.json"));
    }

    private static Optional<JsonNode> read(S3Client s3, String bucket, String key) {
        try {
            return Optional.of(Json.parse(s3.getObjectAsBytes(get -> get.bucket(bucket).key(key)).asByteArray()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
