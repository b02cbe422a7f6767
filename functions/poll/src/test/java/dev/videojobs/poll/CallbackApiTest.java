package dev.videojobs.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videojobs.adapter.lambda.ApiRequest;
import dev.videojobs.adapter.lambda.ApiResponse;
import dev.videojobs.adapter.provider.WaveSpeedWebhookVerifier;
import dev.videojobs.core.error.ClientError;
import dev.videojobs.core.job.Job;
import dev.videojobs.core.queue.JobMessage.Action;
import dev.videojobs.testing.WorkflowFixture;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A WaveSpeed callback moves only the job whose token its URL carries, and only with that job's own task. */
class CallbackApiTest {

    // well-formed ids: a token whose job part cannot be one of ours is refused before any read
    private static final String OWNER = "job_" + "0".repeat(31) + "1";
    private static final String VICTIM = "job_" + "0".repeat(31) + "2";
    private static final String JOB = "job_" + "0".repeat(31) + "3";

    private static final String SECRET = "whsec_c2ltdWxhdG9y";

    private final WorkflowFixture fixture = new WorkflowFixture();
    private final WaveSpeedWebhookVerifier verifier = new WaveSpeedWebhookVerifier(SECRET, fixture.clock);
    private final CallbackApi callbacks = new CallbackApi(fixture.useCases.callbacks, () -> verifier);

    @Test
    void shouldWriteNothingOnTheOtherJob_whenAGenuineCallbackIsReplayedAtItsUrl() {
        fixture.queuedJob(OWNER);
        fixture.useCases.forward.forward(OWNER);
        String ownerToken = fixture.job(OWNER).spec().callbackToken();
        Job victim = fixture.queuedJob(VICTIM);
        String genuine = completed("task-1");

        ApiResponse withoutToken = callbacks.handle(callback(Map.of("job", victim.id()), genuine));
        ApiResponse withTheOwnersToken = callbacks.handle(callback(Map.of("token", ownerToken, "job", victim.id()), genuine));
        assertThatThrownBy(() -> callbacks.handle(callback(Map.of("token", victim.id() + ".guessed", "job", victim.id()), genuine)))
                .isInstanceOfSatisfying(ClientError.class, e -> assertThat(e.kind()).isEqualTo(ClientError.Kind.NOT_FOUND));

        assertThat(withoutToken.status()).isEqualTo(200);
        assertThat(withTheOwnersToken.status()).isEqualTo(200);
        assertThat(fixture.job(victim.id()).version()).isEqualTo(victim.version());
        assertThat(fixture.job(victim.id()).earlyCallbackTask().isPresent()).isFalse();
        assertThat(fixture.job(OWNER).providerOutputs()).as("the owner's own result still reaches it").hasSize(1);
    }

    @Test
    void shouldApplyTheCallback_whenItCarriesTheJobsToken() {
        fixture.queuedJob(JOB);
        fixture.useCases.forward.forward(JOB);
        Job submitted = fixture.job(JOB);

        callbacks.handle(callback(Map.of("token", submitted.spec().callbackToken(), "job", JOB), completed("task-1")));

        assertThat(fixture.job(JOB).providerOutputs()).containsExactly("https://cdn.example/o.mp4");
        assertThat(fixture.sent(Action.FETCH)).hasSize(1);
    }

    @Test
    void shouldNoteAnEarlyCallback_whenItCarriesTheTokenOfAJobNotYetSubmitted() {
        Job queued = fixture.queuedJob(JOB);

        callbacks.handle(callback(Map.of("token", queued.spec().callbackToken(), "job", JOB), completed("task-9")));

        assertThat(fixture.job(JOB).earlyCallbackTask().orElseThrow()).isEqualTo("task-9");
        assertThat(fixture.job(JOB).hasProviderOutputs()).isFalse();
    }

    @Test
    void shouldWriteNothing_whenTheTokenIsTheJobsButTheSignedTaskIsNot() {
        fixture.queuedJob(JOB);
        fixture.useCases.forward.forward(JOB);
        Job submitted = fixture.job(JOB);

        callbacks.handle(callback(Map.of("token", submitted.spec().callbackToken(), "job", JOB), completed("task-other")));

        assertThat(fixture.job(JOB).version()).isEqualTo(submitted.version());
    }

    @Test
    void shouldFindTheJobByItsSignedTask_whenAnOldCallbackUrlHasNoToken() {
        fixture.queuedJob(JOB);
        fixture.useCases.forward.forward(JOB);

        callbacks.handle(callback(Map.of("job", JOB), completed("task-1")));

        assertThat(fixture.job(JOB).hasProviderOutputs()).isTrue();
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
