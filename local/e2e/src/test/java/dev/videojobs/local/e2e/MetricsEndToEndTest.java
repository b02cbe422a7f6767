package dev.videojobs.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videojobs.json.Json;
import dev.videojobs.local.cli.WebhookReceiver;
import dev.videojobs.local.sim.FaultPlan;
import dev.videojobs.local.stack.ApiClient;
import dev.videojobs.local.stack.CollectedMetrics;
import dev.videojobs.local.stack.LocalStack;
import dev.videojobs.local.stack.Tenants;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The metrics of the main paths, as the functions emit them (embedded metric format) and CloudWatch would aggregate
 * them. The stack is shared with other classes whose work may still be finishing, so each count is checked to have
 * grown by at least this test's jobs.
 */
@ExtendWith(LocalStackExtension.class)
class MetricsEndToEndTest {

    private static final String MODEL = "kling-v1.6-i2v-pro";
    private static final Duration JOB_DEADLINE = Duration.ofSeconds(90);
    private static final Map<String, String> BY_MODEL = Map.of("Model", MODEL, "Provider", "wavespeed");
    private static final Map<String, String> BY_PROVIDER = Map.of("Provider", "wavespeed");

    @Test
    void shouldCountTheJobItsProviderCallsItsCopyAndItsWebhook_whenAJobSucceeds(LocalStack stack) throws Exception {
        // Arrange
        CollectedMetrics metrics = stack.metrics();
        ApiClient api = new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_A);
        double accepted = metrics.sum("JobsAccepted", BY_MODEL);
        double succeeded = metrics.sum("JobsSucceeded", BY_MODEL);
        double succeededInAll = metrics.sum("JobsSucceeded", Map.of());
        double submits = metrics.sum("ProviderCalls", Map.of("Provider", "wavespeed", "Call", "submit"));
        double copied = metrics.sum("CopyBytes", BY_PROVIDER);
        double deliveries = metrics.sum("WebhookDeliveries", BY_PROVIDER);
        int waits = metrics.values("ProviderDoneToWebhook", BY_PROVIDER).size();
        int submitTimes = metrics.values("SubmitToSucceeded", BY_MODEL).size();

        try (WebhookReceiver receiver = new WebhookReceiver()) {
            // Act
            String jobId = submit(api, "counted on its way", receiver.url("/hook").toString());
            JsonNode ended = E2eJobs.awaitTerminal(api, jobId, JOB_DEADLINE);
            await().atMost(Duration.ofSeconds(60)).until(() -> metrics.sum("WebhookDeliveries", BY_PROVIDER) > deliveries);

            // Assert
            assertThat(ended.path("status").asText()).isEqualTo("succeeded");
            long outputBytes = ended.path("outputs").get(0).path("bytes").asLong();
            assertThat(metrics.sum("JobsAccepted", BY_MODEL)).isGreaterThanOrEqualTo(accepted + 1);
            assertThat(metrics.sum("JobsSucceeded", BY_MODEL)).isGreaterThanOrEqualTo(succeeded + 1);
            assertThat(metrics.sum("JobsSucceeded", Map.of())).isGreaterThanOrEqualTo(succeededInAll + 1);
            assertThat(metrics.sum("ProviderCalls", Map.of("Provider", "wavespeed", "Call", "submit"))).isGreaterThanOrEqualTo(submits + 1);
            assertThat(metrics.sum("CopyBytes", BY_PROVIDER)).isGreaterThanOrEqualTo(copied + outputBytes);
            assertThat(metrics.values("SubmitToSucceeded", BY_MODEL)).hasSizeGreaterThan(submitTimes).allSatisfy(ms -> assertThat(ms).isPositive());
            assertThat(metrics.values("ProviderDoneToWebhook", BY_PROVIDER)).hasSizeGreaterThan(waits)
                    .allSatisfy(ms -> assertThat(ms).isNotNegative());
            assertThat(metrics.values("CopyDuration", BY_PROVIDER)).isNotEmpty();
        }
    }

    @Test
    void shouldCountTheFailureByItsErrorCode_whenTheProviderFailsTheTask(LocalStack stack) throws Exception {
        // Arrange: the simulator fails a task whose prompt carries the marker
        CollectedMetrics metrics = stack.metrics();
        ApiClient api = new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_A);
        String marker = "metrics-doomed-" + UUID.randomUUID();
        FaultPlan faults = stack.simulator().faults();
        String before = faults.getFailPromptsContaining();
        faults.setFailPromptsContaining(marker);
        try {
            // Act
            String jobId = submit(api, "this one fails " + marker, null);
            JsonNode ended = E2eJobs.awaitTerminal(api, jobId, JOB_DEADLINE);

            // Assert: by its code alone, and with the code on the model's own figures too
            assertThat(ended.path("status").asText()).isEqualTo("failed");
            String code = ended.path("error").path("code").asText();
            assertThat(metrics.sum("JobsFailed", Map.of("ErrorCode", code))).isGreaterThanOrEqualTo(1);
            assertThat(metrics.sum("JobsFailed", BY_MODEL)).isGreaterThanOrEqualTo(1);
        } finally {
            faults.setFailPromptsContaining(before);
        }
    }

    @Test
    void shouldNameNoJobAndNoTenant_inAnyDocument(LocalStack stack) throws Exception {
        // Arrange
        ApiClient api = new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_A);
        String jobId = submit(api, "never a dimension", null);
        E2eJobs.awaitTerminal(api, jobId, JOB_DEADLINE);

        // Act
        List<JsonNode> documents = stack.metrics().documents();

        // Assert: the dimensions named by every document are from the few the metrics use
        assertThat(documents).isNotEmpty().allSatisfy(document -> {
            assertThat(document.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText()).isEqualTo("VideoJobs");
            document.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").forEach(set -> set.forEach(key ->
                    assertThat(key.asText()).isIn("Stack", "Model", "Provider", "ErrorCode", "Call", "Kind", "Outcome")));
            assertThat(document.toString()).doesNotContain(jobId).doesNotContain(Tenants.tenantOf(LocalStackExtension.KEY_A));
        });
    }

    private static String submit(ApiClient api, String prompt, String webhookUrl) throws Exception {
        var body = Json.object().put("model", MODEL).put("image", E2eJobs.sampleImage()).put("prompt", prompt).put("duration", 5);
        if (webhookUrl != null) {
            body.put("webhook_url", webhookUrl);
        }
        ApiClient.Reply submitted = api.post("/v1/jobs", Json.write(body));
        assertThat(submitted.status()).as("%s", submitted.body()).isEqualTo(202);
        return submitted.body().path("id").asText();
    }
}
