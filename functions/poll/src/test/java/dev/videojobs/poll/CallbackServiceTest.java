package dev.videojobs.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videojobs.shared.api.ApiException;
import dev.videojobs.shared.api.ApiRequest;
import dev.videojobs.shared.api.ApiResponse;
import dev.videojobs.shared.job.Job;
import dev.videojobs.shared.provider.WaveSpeedWebhookVerifier;
import dev.videojobs.shared.queue.JobMessage.Action;
import dev.videojobs.shared.service.WorkflowFixture;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A WaveSpeed callback moves only the job whose token its URL carries, and only with that job's own task. */
class CallbackServiceTest {

    private static final String SECRET = "whsec_c2ltdWxhdG9y";

    private final WorkflowFixture fixture = new WorkflowFixture();
    private final WaveSpeedWebhookVerifier verifier = new WaveSpeedWebhookVerifier(SECRET, fixture.clock);
    private final CallbackService callbacks = new CallbackService(fixture.workflow, fixture.jobs, () -> verifier, () -> null);

    @Test
    void shouldWriteNothingOnTheOtherJob_whenAGenuineCallbackIsReplayedAtItsUrl() {
        fixture.queuedJob("job_owner");
        fixture.workflow.forward("job_owner");
        String ownerToken = fixture.job("job_owner").callbackToken().orElseThrow();
        Job victim = fixture.queuedJob("job_victim");
        String genuine = completed("task-1");

        ApiResponse withoutToken = callbacks.handle(callback(Map.of("job", victim.id()), genuine));
        ApiResponse withTheOwnersToken = callbacks.handle(callback(Map.of("token", ownerToken, "job", victim.id()), genuine));
        assertThatThrownBy(() -> callbacks.handle(callback(Map.of("token", victim.id() + ".guessed", "job", victim.id()), genuine)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));

        assertThat(withoutToken.status()).isEqualTo(200);
        assertThat(withTheOwnersToken.status()).isEqualTo(200);
        assertThat(fixture.job(victim.id()).version()).isEqualTo(victim.version());
        assertThat(fixture.job(victim.id()).doc().has("early_callback_task")).isFalse();
        assertThat(fixture.job("job_owner").providerOutputs()).as("the owner's own result still reaches it").hasSize(1);
    }

    @Test
    void shouldApplyTheCallback_whenItCarriesTheJobsToken() {
        fixture.queuedJob("job_1");
        fixture.workflow.forward("job_1");
        Job submitted = fixture.job("job_1");

        callbacks.handle(callback(Map.of("token", submitted.callbackToken().orElseThrow(), "job", "job_1"), completed("task-1")));

        assertThat(fixture.job("job_1").providerOutputs()).containsExactly("https://cdn.example/o.mp4");
        assertThat(fixture.sent(Action.FETCH)).hasSize(1);
    }

    @Test
    void shouldNoteAnEarlyCallback_whenItCarriesTheTokenOfAJobNotYetSubmitted() {
        Job queued = fixture.queuedJob("job_1");

        callbacks.handle(callback(Map.of("token", queued.callbackToken().orElseThrow(), "job", "job_1"), completed("task-9")));

        assertThat(fixture.job("job_1").doc().path("early_callback_task").asText()).isEqualTo("task-9");
        assertThat(fixture.job("job_1").hasProviderOutputs()).isFalse();
    }

    @Test
    void shouldWriteNothing_whenTheTokenIsTheJobsButTheSignedTaskIsNot() {
        fixture.queuedJob("job_1");
        fixture.workflow.forward("job_1");
        Job submitted = fixture.job("job_1");

        callbacks.handle(callback(Map.of("token", submitted.callbackToken().orElseThrow(), "job", "job_1"), completed("task-other")));

        assertThat(fixture.job("job_1").version()).isEqualTo(submitted.version());
    }

    @Test
    void shouldFindTheJobByItsSignedTask_whenAnOldCallbackUrlHasNoToken() {
        fixture.queuedJob("job_1");
        fixture.workflow.forward("job_1");

        callbacks.handle(callback(Map.of("job", "job_1"), completed("task-1")));

        assertThat(fixture.job("job_1").hasProviderOutputs()).isTrue();
    }

    private static String completed(String taskId) {
        return "{\"id\":\"" + taskId + "\",\"status\":\"completed\",\"outputs\":[\"https://cdn.example/o.mp4\"]}";
    }

    private ApiRequest callback(Map<String, String> query, String body) {
        String id = "msg_1";
        String timestamp = Long.toString(fixture.clock.instant().getEpochSecond());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", timestamp);
        headers.put("webhook-signature", "v3," + verifier.sign(id + "." + timestamp + "." + body));
        return new ApiRequest("POST", "/v1/callbacks/wavespeed", Map.of(), query, headers, body, null);
    }
}
