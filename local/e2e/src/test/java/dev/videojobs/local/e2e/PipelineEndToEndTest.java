package dev.videojobs.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import dev.videojobs.json.Json;
import dev.videojobs.local.cli.WebhookReceiver;
import dev.videojobs.local.sim.RecordedTask;
import dev.videojobs.local.stack.ApiClient;
import dev.videojobs.local.stack.LocalStack;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/** Submit -> provider -> poll/callback -> fetch -> notify, through the front door, on the embedded stack. */
@ExtendWith(LocalStackExtension.class)
class PipelineEndToEndTest {

    @Test
    void shouldDeliverASignedWebhookAndAVerifiedMp4_whenAJobIsSubmitted(LocalStack stack, S3Client s3) throws Exception {
        // Arrange
        ApiClient api = new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_A);
        String secret = api.get("/v1/webhook/secret").body().path("secret").asText();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            var request = Json.object().put("model", "kling-v1.6-i2v-pro").put("image", sampleImage())
                    .put("prompt", "waves roll in").put("duration", 5).put("webhook_url", receiver.url("/hook").toString());

            // Act
            ApiClient.Reply submitted = api.post("/v1/jobs", Json.write(request));
            String jobId = submitted.body().path("id").asText();
            await().atMost(Duration.ofSeconds(90)).until(() -> !receiver.deliveries().isEmpty());

            // Assert: the webhook is signed per Standard Webhooks and says the job succeeded
            assertThat(submitted.status()).isEqualTo(202);
            WebhookReceiver.Delivery delivery = receiver.deliveries().get(0);
            new Webhook(secret).verify(delivery.body(), delivery.headers());
            JsonNode event = Json.parse(delivery.body());
            assertThat(event.path("type").asText()).isEqualTo("job.succeeded");
            assertThat(event.path("data").path("id").asText()).isEqualTo(jobId);

            // the MP4 in S3 is the one the job describes
            JsonNode job = api.get("/v1/jobs/" + jobId).body();
            JsonNode output = job.path("outputs").get(0);
            ResponseBytes<GetObjectResponse> stored = s3.getObjectAsBytes(get -> get.bucket(stack.bucket()).key(output.path("key").asText()));
            assertThat(output.path("content_type").asText()).isEqualTo("video/mp4");
            assertThat(new String(stored.asByteArray(), 4, 4)).isEqualTo("ftyp");
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stored.asByteArray())))
                    .isEqualTo(output.path("sha256").asText());
            assertThat(output.path("bytes").asLong()).isEqualTo(stored.asByteArray().length);

            // the provider got exactly one submission, with our input as a presigned URL and our callback
            RecordedTask task = stack.simulator().tasks().stream().filter(t -> t.taskId().equals(job.path("provider_task_id").asText()))
                    .findFirst().orElseThrow();
            assertThat(task.endpoint()).isEqualTo("/api/v3/kwaivgi/kling-v1.6-i2v-pro");
            assertThat(task.request().path("image").asText()).contains("/inputs/").contains("X-Amz-Signature");
            assertThat(task.request().path("duration").isInt()).isTrue();
            assertThat(task.callbackUrl()).contains("/v1/callbacks/wavespeed?token=" + jobId + ".").endsWith("&job=" + jobId);
        }
    }

    @Test
    void shouldHideTheJob_whenAnotherTenantAsksForIt(LocalStack stack) throws Exception {
        ApiClient owner = new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_A);
        ApiClient other = new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_B);
        var request = Json.object().put("model", "kling-v1.6-i2v-standard").put("image", sampleImage());
        String jobId = owner.post("/v1/jobs", Json.write(request)).body().path("id").asText();

        assertThat(other.get("/v1/jobs/" + jobId).status()).isEqualTo(404);
        assertThat(other.post("/v1/jobs/" + jobId + "/cancel", "").status()).isEqualTo(404);
        assertThat(other.get("/v1/jobs").body().path("jobs").findValuesAsText("id")).doesNotContain(jobId);
        assertThat(owner.get("/v1/jobs/" + jobId).status()).isEqualTo(200);
    }

    @Test
    void shouldRefuseTheCall_whenTheApiKeyIsMissingOrWrong(LocalStack stack) throws Exception {
        ApiClient stranger = new ApiClient(stack.apiUrl(), "not-a-key");

        assertThat(stranger.get("/v1/jobs").status()).isIn(401, 403);
    }

    static String sampleImage() throws Exception {
        try (InputStream image = PipelineEndToEndTest.class.getResourceAsStream("/sample/lighthouse.jpg")) {
            return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(image.readAllBytes());
        }
    }
}
