package dev.videojobs.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videojobs.json.Json;
import dev.videojobs.local.sim.RecordedTask;
import dev.videojobs.local.stack.ApiClient;
import dev.videojobs.local.stack.LocalStack;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * At most one billed task per job, whatever the provider's answer: a submit the provider carried out but whose answer
 * was lost, or one it refused with a 5xx without creating anything, is reconciled before anything is sent again.
 */
@ExtendWith(LocalStackExtension.class)
class SubmitReconciliationEndToEndTest {

    // a WaveSpeed submit in doubt waits for its own webhook through the model's run time and a minute's grace
    private static final Duration DEADLINE = Duration.ofMinutes(4);

    @AfterEach
    void clearFaults(LocalStack stack) {
        stack.simulator().faults().clear();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            // Kling: found by external_task_id; WaveSpeed: its webhook (which names the job) settles it
            "kling, answer_lost",
            "wavespeed, answer_lost",
            // nothing was created: the history shows only tasks other jobs account for, so it is sent again, once
            "kling, http_500",
            "wavespeed, http_500",
            "wavespeed, timeout"})
    void shouldCreateExactlyOneTaskAndSucceed_whenTheFirstSubmitsOutcomeIsUnknown(String provider, String fault, LocalStack stack)
            throws Exception {
        // Arrange
        ApiClient api = new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_A);
        stack.simulator().faults().setErrorKinds(List.of(fault)).setErrorScope("submit").setTimeoutMs(500).setFailNextCalls(1);
        String prompt = "reconcile " + provider + " " + fault;

        // Act
        String jobId = api.post("/v1/jobs", body(provider, prompt)).body().path("id").asText();
        JsonNode job = E2eJobs.awaitTerminal(api, jobId, DEADLINE);

        // Assert
        assertThat(job.path("status").asText()).as("job %s: %s", jobId, job.path("error")).isEqualTo("succeeded");
        assertThat(tasksOf(stack, jobId)).as("provider tasks of %s", jobId).hasSize(1);
        assertThat(stack.simulator().faults().injectedErrors("submit")).isPositive();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"answer_lost", "truncated_json"})
    void shouldFailWithSubmitUnknownAndNotPayTwice_whenAWaveSpeedTaskCannotBeToldApart(String fault, LocalStack stack) throws Exception {
        // Arrange: the lost task's webhook never comes, so nothing ties it to this job (a model no other test here uses,
        // so that the task it leaves behind cannot leave another test's job in doubt)
        ApiClient api = new ApiClient(stack.apiUrl(), LocalStackExtension.KEY_A);
        stack.simulator().faults().setErrorKinds(List.of(fault)).setErrorScope("submit").setFailNextCalls(1)
                .setCallbackDropRate(1.0);

        // Act
        String jobId = api.post("/v1/jobs", Json.write(Json.object().put("model", "kling-v1-ai-multi-shot").put("provider", "wavespeed")
                .put("image", PipelineEndToEndTest.sampleImage()))).body().path("id").asText();
        JsonNode job = E2eJobs.awaitTerminal(api, jobId, DEADLINE);

        // Assert
        assertThat(job.path("status").asText()).isEqualTo("failed");
        assertThat(job.at("/error/code").asText()).isEqualTo("submit_unknown");
        assertThat(job.at("/error/message").asText()).contains("WaveSpeed predictions");
        assertThat(tasksOf(stack, jobId)).hasSize(1);
    }

    private static String body(String provider, String prompt) throws Exception {
        return Json.write(Json.object().put("model", "kling-v1.6-i2v-standard").put("provider", provider)
                .put("image", PipelineEndToEndTest.sampleImage()).put("prompt", prompt));
    }

    private static List<RecordedTask> tasksOf(LocalStack stack, String jobId) {
        return stack.simulator().tasks().stream().filter(task -> jobId.equals(ChaosWatch.jobIdOf(task))).toList();
    }
}
