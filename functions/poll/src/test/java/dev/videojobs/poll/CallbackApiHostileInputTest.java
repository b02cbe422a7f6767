package dev.videojobs.poll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.adapter.aws.DynamoJobStore;
import dev.videojobs.adapter.lambda.ApiGatewayEvents;
import dev.videojobs.adapter.provider.WaveSpeedWebhookVerifier;
import dev.videojobs.core.job.JobStore;
import dev.videojobs.core.metrics.JobMetrics;
import dev.videojobs.core.schedule.Schedules;
import dev.videojobs.core.usecase.AcceptCallback;
import dev.videojobs.core.usecase.ApplyProviderReport;
import dev.videojobs.core.usecase.JobSteps;
import dev.videojobs.json.Json;
import dev.videojobs.testing.HostileStrings;
import dev.videojobs.testing.KeyCheckingDynamoDb;
import dev.videojobs.testing.WorkflowFixture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Provider callback URLs carry values anyone can forge: a Kling token of any shape gets the unknown token's answer,
 * a WaveSpeed {@code ?job=} of any shape is harmless, and neither reaches the Jobs table in a shape it refuses.
 */
class CallbackApiHostileInputTest {

    private static final String SECRET = "whsec_hostile-test";
    private static final String PREDICTION = "{\"data\":{\"id\":\"task-1\",\"status\":\"processing\"}}";

    private final WaveSpeedWebhookVerifier verifier = new WaveSpeedWebhookVerifier(SECRET, Clock.systemUTC());
    private final CallbackApi callbacks;

    CallbackApiHostileInputTest() {
        JobStore jobs = new DynamoJobStore(new KeyCheckingDynamoDb(), "jobs");
        JobSteps steps = JobSteps.over(jobs, new WorkflowFixture.RecordingQueue(), Clock.systemUTC(), new Schedules(1.0), JobMetrics.NONE);
        callbacks = new CallbackApi(new AcceptCallback(jobs, new ApplyProviderReport(steps, new WorkflowFixture.PresignOnlyMedia()), name -> {
            throw new AssertionError("no provider is asked about an unknown job or token");
        }), () -> verifier);
    }

    @Property(tries = 5000)
    void shouldAnswerAsForAnUnknownToken_whenTheKlingTokenHasAnyShape(@ForAll("hostile") String token) throws Exception {
        ObjectNode event = event("/v1/callbacks/kling/{token}").put("body", "{}");
        event.putObject("pathParameters").put("token", token);

        JsonNode response = invoke(event);

        assertThat(response.path("statusCode").asInt()).isEqualTo(404);
        assertThat(Json.parse(response.path("body").asText()).path("error").path("message").asText()).isEqualTo("callback not found");
    }

    @Property(tries = 5000)
    void shouldAcknowledgeWithoutA5xx_whenASignedWaveSpeedCallbackNamesAnyJob(@ForAll("hostile") String job) throws Exception {
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        ObjectNode event = event("/v1/callbacks/wavespeed").put("body", PREDICTION);
        event.putObject("queryStringParameters").put("job", job);
        event.putObject("headers").put("webhook-id", "msg_1").put("webhook-timestamp", timestamp)
                .put("webhook-signature", "v3," + verifier.sign("msg_1." + timestamp + "." + PREDICTION));

        JsonNode response = invoke(event);

        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
    }

    @Property(tries = 3000)
    void shouldAcknowledgeWithoutA5xx_whenASignedWaveSpeedCallbackNamesAnyTask(@ForAll("hostile") String taskId) throws Exception {
        String prediction = Json.write(Json.object().set("data", Json.object().put("id", taskId).put("status", "processing")));
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        ObjectNode event = event("/v1/callbacks/wavespeed").put("body", prediction);
        event.putObject("headers").put("webhook-id", "msg_1").put("webhook-timestamp", timestamp)
                .put("webhook-signature", "v3," + verifier.sign("msg_1." + timestamp + "." + prediction));

        JsonNode response = invoke(event);

        assertThat(response.path("statusCode").asInt()).isLessThan(500);
    }

    @Provide
    Arbitrary<String> hostile() {
        return HostileStrings.values("tenant-hostile");
    }

    private JsonNode invoke(ObjectNode event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ApiGatewayEvents.handle(new ByteArrayInputStream(Json.MAPPER.writeValueAsBytes(event)), out, callbacks::handle);
        return Json.parse(out.toByteArray());
    }

    private static ObjectNode event(String resource) {
        return Json.object().put("httpMethod", "POST").put("resource", resource);
    }
}
