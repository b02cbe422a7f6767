package dev.videojobs.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videojobs.json.Json;
import dev.videojobs.local.sim.FaultPlan;
import dev.videojobs.local.sim.RecordedTask;
import dev.videojobs.local.stack.ApiClient;
import dev.videojobs.local.stack.LocalStack;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every Kling error code, answered to the submit of one job through the simulator's fault plan, ends that job the way
 * the README's table says: retried until it succeeds, failed with {@code kling_<code>}, or failed with
 * {@code error.account_problem}. The fault plan is global to the shared stack, so these tests run alone, one at a
 * time, and leave the plan clear.
 */
@Isolated("the simulator's fault plan is global to the shared stack")
@ExtendWith(LocalStackExtension.class)
class KlingErrorsEndToEndTest {

    private static final Duration JOB_DEADLINE = Duration.ofSeconds(20);
    private static final String API_KEY = LocalStackExtension.KEY_B;

    private LocalStack stack;

    @BeforeEach
    void clearFaults(LocalStack started) {
        stack = started;
        stack.simulator().faults().clear();
    }

    @AfterEach
    void resetFaults() {
        stack.simulator().faults().clear();
    }

    @ParameterizedTest(name = "kling:{0} is retried")
    @ValueSource(ints = {1302, 1303, 5000, 5001, 5002})
    void shouldRetryTheSubmitAndSucceed_whenKlingAnswersWithARetryableCode(int code) throws Exception {
        // Arrange
        ApiClient api = new ApiClient(stack.apiUrl(), API_KEY);
        int tasksBefore = stack.simulator().tasks().size();
        armSubmitFault(code);

        // Act
        String jobId = submitKlingJob(api);
        JsonNode job = E2eJobs.awaitTerminal(api, jobId, JOB_DEADLINE);

        // Assert: the fault was spent on this job's first submit, which was retried with backoff
        assertThat(stack.simulator().faults().getFailNextCalls()).as("the injected error was answered").isZero();
        assertThat(job.path("status").asText()).as("job %s", job).isEqualTo("succeeded");
        assertThat(job.has("error")).as("job %s", job).isFalse();
        assertThat(job.path("outputs")).hasSize(1);
        List<RecordedTask> forThisJob = tasksFor(jobId);
        assertThat(forThisJob).as("accepted Kling tasks for job %s", jobId).hasSize(1);
        assertThat(forThisJob.get(0).taskId()).isEqualTo(job.path("provider_task_id").asText());
        assertThat(forThisJob.get(0).status()).isEqualTo("succeed");
        // nothing else submitted to Kling meanwhile, so the one injected error can only have hit this job
        List<RecordedTask> all = stack.simulator().tasks();
        assertThat(all.subList(tasksBefore, all.size()))
                .filteredOn(task -> task.provider().equals("kling"))
                .allMatch(task -> jobId.equals(task.externalTaskId()));
    }

    @ParameterizedTest(name = "kling:{0} fails the job, account problem: {1}")
    @CsvSource({"1200, false", "1201, false", "1202, false", "1203, false", "1300, false", "1301, false",
        "1000, true", "1001, true", "1002, true", "1003, true", "1004, true", "1100, true", "1101, true", "1102, true", "1103, true", "1304, true"})
    void shouldFailTheJobWithTheKlingCode_whenNoRetryCanHelp(int code, boolean accountProblem) throws Exception {
        // Arrange
        ApiClient api = new ApiClient(stack.apiUrl(), API_KEY);
        armSubmitFault(code);

        // Act
        String jobId = submitKlingJob(api);
        JsonNode job = E2eJobs.awaitTerminal(api, jobId, JOB_DEADLINE);

        // Assert
        assertThat(stack.simulator().faults().getFailNextCalls()).as("the injected error was answered").isZero();
        assertThat(job.path("status").asText()).as("job %s", job).isEqualTo("failed");
        JsonNode error = job.path("error");
        assertThat(error.path("code").asText()).isEqualTo("kling_" + code);
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.path("account_problem").asBoolean(false)).as("account_problem in %s", error).isEqualTo(accountProblem);
        assertThat(job.path("outputs")).isEmpty();
        assertThat(tasksFor(jobId)).as("a refused submit creates no Kling task, and is not retried").isEmpty();
    }

    /** The next Kling submit (a POST) answers with {@code code}; queries and WaveSpeed calls are left alone. */
    private void armSubmitFault(int code) {
        FaultPlan faults = stack.simulator().faults();
        faults.setErrorKinds(List.of("kling:" + code)).setErrorScope("submit");
        faults.setFailNextCalls(1);
    }

    private static String submitKlingJob(ApiClient api) throws Exception {
        var request = Json.object().put("model", "kling-v1.6-i2v-standard").put("provider", "kling")
                .put("image", E2eJobs.sampleImage()).put("prompt", "waves roll in").put("duration", 5);
        ApiClient.Reply reply = api.post("/v1/jobs", Json.write(request));
        assertThat(reply.status()).as("submit answer %s", reply.body()).isEqualTo(202);
        return reply.body().path("id").asText();
    }

    private List<RecordedTask> tasksFor(String jobId) {
        return stack.simulator().tasks().stream().filter(task -> Objects.equals(task.externalTaskId(), jobId)).toList();
    }
}
